extension CapacityHTML {
  /// Every access point, most pressed first: statuses, ports, N+1, headroom per offered type
  /// and one row per device with a bar of its utilization.
  mutating func accessPointsSection() {
    out.raw(
      "<section id=\"aps\" aria-labelledby=\"aps-h\">\n"
        + "<h2 id=\"aps-h\">Every access point, most pressed first</h2>\n"
        + "<p>Headroom counts each offered port type as if all new demand were of it: "
        + "<em>singles</em> is how many more single requests fit, <em>pairs</em> how many more "
        + "redundant pairs (two ports on two different devices). N+1: if the worst device "
        + "failed, how many of its live connections could not be re-homed on the other "
        + "devices.</p>\n")
    for position in order {
      accessPoint(position)
    }
    out.raw("</section>\n")
  }

  private mutating func accessPoint(_ position: Int) {
    let accessPoint = report.accessPoints[position]
    let then = earlier[position]
    let anchor = Self.anchor(position)
    out.raw(
      "<section class=\"ap r-\(accessPoint.suggestedStatus.rawValue)\" id=\"\(anchor)\" "
        + "aria-labelledby=\"\(anchor)-h\"")
    out.attribute("data-ap", accessPoint.id.rawValue)
    out.raw(">\n<h3 id=\"\(anchor)-h\">")
    id(accessPoint.id.rawValue)
    out.raw(" <span class=\"rg\">in ")
    id(accessPoint.region.rawValue)
    out.raw("</span></h3>\n<p class=\"st\">Suggested <span data-k=\"suggestedStatus\">")
    status(accessPoint.suggestedStatus, was: then?.suggestedStatus)
    out.raw("</span>, declared <span data-k=\"declaredStatus\">")
    out.text(accessPoint.declaredStatus.rawValue)
    out.raw("</span>")
    if accessPoint.suggestedStatus != accessPoint.declaredStatus {
      out.raw(": <strong>")
      out.text(Self.action(accessPoint))
      out.raw("</strong>")
    }
    out.raw("</p>\n<dl class=\"figs\">")
    let ports = accessPoint.ports
    figure("ports.held", "held", String(ports.held), was: then.map { String($0.ports.held) })
    figure("ports.total", "ports", String(ports.total), was: then.map { String($0.ports.total) })
    figure("ports.free", "free", String(ports.free), was: then.map { String($0.ports.free) })
    figure(
      "ports.utilization", "utilization", Self.percent(ports.utilization),
      was: then.map { Self.percent($0.ports.utilization) })
    figure(
      "nPlusOne.shortfall", "N+1 shortfall", String(accessPoint.nPlusOne.shortfall),
      was: then.map { String($0.nPlusOne.shortfall) })
    figure(
      "nPlusOne.worstDevice", "worst device", Self.worstDevice(accessPoint.nPlusOne),
      was: then.map { Self.worstDevice($0.nPlusOne) })
    out.raw("</dl>\n<p class=\"n1\">")
    out.text(Self.nPlusOneSentence(accessPoint))
    out.raw("</p>\n<div class=\"tables\">")
    headroom(accessPoint, then: then, anchor: anchor)
    devices(accessPoint, then: then, anchor: anchor)
    out.raw("</div>\n</section>\n")
  }

  /// One `<dt>`/`<dd>` pair of the figures line.
  private mutating func figure(_ key: String, _ label: String, _ now: String, was then: String?) {
    out.raw("<div><dt>\(label)</dt>")
    cell(now, was: then, tag: "dd", attributes: " data-k=\"\(key)\"")
    out.raw("</div>")
  }

  /// What the N+1 figures mean for this access point, in words.
  static func nPlusOneSentence(_ accessPoint: AccessPointCapacity) -> String {
    let nPlusOne = accessPoint.nPlusOne
    guard let worst = nPlusOne.worstDevice,
      let device = accessPoint.devices.first(where: { $0.id == worst })
    else {
      return accessPoint.devices.isEmpty
        ? "N+1: it has no device." : "N+1: no live connection to re-home."
    }
    if nPlusOne.shortfall == 0 {
      return "N+1 holds: the live connections of any one device fit on the others."
    }
    return "N+1 shortfall \(nPlusOne.shortfall): if \(worst.rawValue) failed, "
      + "\(nPlusOne.shortfall) of its \(device.liveConnections) live connections could not be "
      + "re-homed."
  }

  private mutating func headroom(
    _ accessPoint: AccessPointCapacity, then: AccessPointCapacity?, anchor: String
  ) {
    guard !accessPoint.headroom.isEmpty else {
      out.raw("<p class=\"headroom\">It offers no port type: no headroom.</p>")
      return
    }
    out.raw(
      "<div class=\"scroll\" role=\"region\" aria-labelledby=\"\(anchor)-hc\" tabindex=\"0\">"
        + "<table class=\"headroom\"><caption id=\"\(anchor)-hc\">Headroom per offered type"
        + "</caption><thead><tr><th data-k=\"portType\" scope=\"col\">Port type</th>"
        + "<th data-k=\"singles\" scope=\"col\">Singles</th>"
        + "<th data-k=\"pairs\" scope=\"col\">Pairs</th></tr></thead><tbody>")
    for entry in accessPoint.headroom {
      let earlier = then?.headroom.first { $0.portType == entry.portType }
      out.raw("<tr\(entry.singles == 0 ? " class=\"none\"" : "")>")
      cell(entry.portType.rawValue, tag: "th", attributes: " scope=\"row\"")
      cell(String(entry.singles), was: earlier.map { String($0.singles) })
      cell(String(entry.pairs), was: earlier.map { String($0.pairs) })
      out.raw("</tr>")
    }
    out.raw("</tbody></table></div>\n")
  }

  private mutating func devices(
    _ accessPoint: AccessPointCapacity, then: AccessPointCapacity?, anchor: String
  ) {
    guard !accessPoint.devices.isEmpty else {
      out.raw("<p class=\"devices\">No device.</p>")
      return
    }
    out.raw(
      "<div class=\"scroll\" role=\"region\" aria-labelledby=\"\(anchor)-dc\" tabindex=\"0\">"
        + "<table class=\"devices\"><caption id=\"\(anchor)-dc\">Devices</caption><thead><tr>"
        + "<th data-k=\"id\" scope=\"col\">Device</th>"
        + "<th data-k=\"held\" scope=\"col\">Held</th>"
        + "<th data-k=\"total\" scope=\"col\">Ports</th>"
        + "<th data-k=\"free\" scope=\"col\">Free</th>"
        + "<th data-k=\"utilization\" scope=\"col\">Utilization</th>"
        + "<th data-k=\"liveConnections\" scope=\"col\">Live</th>"
        + "<th data-k=\"nPlusOneShortfall\" scope=\"col\">N+1 shortfall</th>"
        + "</tr></thead><tbody>")
    let worst = accessPoint.nPlusOne.shortfall > 0 ? accessPoint.nPlusOne.worstDevice : nil
    for (index, device) in accessPoint.devices.enumerated() {
      var earlier: DeviceCapacity?
      if let then, index < then.devices.count, then.devices[index].id == device.id {
        earlier = then.devices[index]
      }
      out.raw(device.id == worst ? "<tr class=\"worst\">" : "<tr>")
      out.raw("<th scope=\"row\">")
      id(device.id.rawValue)
      out.raw("</th>")
      cell(String(device.ports.held), was: earlier.map { String($0.ports.held) })
      cell(String(device.ports.total), was: earlier.map { String($0.ports.total) })
      cell(String(device.ports.free), was: earlier.map { String($0.ports.free) })
      cell(
        Self.percent(device.ports.utilization),
        was: earlier.map { Self.percent($0.ports.utilization) },
        attributes: " class=\"bar w\(Self.twentieths(device.ports.utilization))\"")
      cell(String(device.liveConnections), was: earlier.map { String($0.liveConnections) })
      cell(String(device.nPlusOneShortfall), was: earlier.map { String($0.nPlusOneShortfall) })
      out.raw("</tr>")
    }
    out.raw("</tbody></table></div>\n")
  }

  /// A utilization as the width of its bar, in twentieths (0 to 20), rounded.
  static func twentieths(_ ratio: Double) -> Int {
    min(20, max(0, Int((ratio * 20).rounded())))
  }
}
