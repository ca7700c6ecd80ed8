extension CapacityHTML {
  /// The first table: the most pressed access points (``CapacityPressure``), so that a reader
  /// finds the worst of a thousand at once, each linked to its details.
  mutating func worstSection() {
    let shown = order.prefix(Self.worstCount)
    out.raw("<section id=\"worst\" aria-labelledby=\"worst-h\">\n<h2 id=\"worst-h\">")
    out.text(
      shown.count == order.count
        ? "Access points, most pressed first"
        : "The \(shown.count) most pressed access points of \(order.count)")
    out.raw(
      "</h2>\n<p>Pressure: suggested full first, then hot, recommended and disabled; within a "
        + "status the larger N+1 shortfall, then the higher utilization. Each access point "
        + "links to its details.</p>\n"
        + "<div class=\"scroll\" role=\"region\" aria-labelledby=\"worst-h\" tabindex=\"0\">"
        + "<table class=\"worst\" id=\"worst-table\"><thead><tr>"
        + "<th data-k=\"rank\" scope=\"col\">#</th>"
        + "<th class=\"t\" data-k=\"id\" scope=\"col\">Access point</th>"
        + "<th class=\"t\" data-k=\"suggestedStatus\" scope=\"col\">Suggested</th>"
        + "<th class=\"t\" data-k=\"action\" scope=\"col\">Action</th>"
        + "<th data-k=\"nPlusOne.shortfall\" scope=\"col\">N+1 shortfall</th>"
        + "<th class=\"t\" data-k=\"nPlusOne.worstDevice\" scope=\"col\">Worst device</th>"
        + "<th data-k=\"ports.utilization\" scope=\"col\">Utilization</th>"
        + "<th data-k=\"ports.held\" scope=\"col\">Held</th>"
        + "<th data-k=\"ports.free\" scope=\"col\">Free</th>"
        + "<th class=\"t\" data-k=\"fewestPairs\" scope=\"col\">Fewest pairs</th>"
        + "<th class=\"t\" data-k=\"declaredStatus\" scope=\"col\">Declared</th>"
        + "<th class=\"t\" data-k=\"region\" scope=\"col\">Region</th>"
        + "</tr></thead>\n<tbody>\n")
    for (rank, position) in shown.enumerated() {
      let accessPoint = report.accessPoints[position]
      let then = earlier[position]
      out.raw("<tr class=\"r-\(accessPoint.suggestedStatus.rawValue)\"><td>\(rank + 1)</td>")
      out.raw("<th scope=\"row\"><a href=\"#\(Self.anchor(position))\">")
      id(accessPoint.id.rawValue)
      out.raw("</a></th><td class=\"t\">")
      status(accessPoint.suggestedStatus, was: then?.suggestedStatus)
      out.raw("</td>")
      cell(Self.action(accessPoint), attributes: " class=\"t act\"")
      cell(String(accessPoint.nPlusOne.shortfall), was: then.map { String($0.nPlusOne.shortfall) })
      cell(
        Self.worstDevice(accessPoint.nPlusOne), was: then.map { Self.worstDevice($0.nPlusOne) },
        attributes: " class=\"t\"")
      cell(
        Self.percent(accessPoint.ports.utilization),
        was: then.map { Self.percent($0.ports.utilization) })
      cell(String(accessPoint.ports.held), was: then.map { String($0.ports.held) })
      cell(String(accessPoint.ports.free), was: then.map { String($0.ports.free) })
      cell(
        Self.fewestPairs(accessPoint), was: then.map(Self.fewestPairs),
        attributes: " class=\"t\"")
      cell(accessPoint.declaredStatus.rawValue, attributes: " class=\"t\"")
      cell(accessPoint.region.rawValue, attributes: " class=\"t\"")
      out.raw("</tr>\n")
    }
    out.raw("</tbody></table></div>\n</section>\n")
  }

  /// A status badge, with the status before the batch when it differs.
  mutating func status(_ now: AccessPointStatus, was then: AccessPointStatus?) {
    if let then, then != now {
      out.raw("<span class=\"was\">")
      badge(then)
      out.raw(" \u{2192} </span>")
    }
    badge(now)
  }

  /// `mark hot` when the suggested status differs from the declared one, else `keep`.
  static func action(_ accessPoint: AccessPointCapacity) -> String {
    accessPoint.suggestedStatus == accessPoint.declaredStatus
      ? "keep" : "mark \(accessPoint.suggestedStatus.rawValue)"
  }

  /// The worst device's id, or `none` when there is no device or no live connection.
  static func worstDevice(_ nPlusOne: NPlusOne) -> String {
    nPlusOne.worstDevice?.rawValue ?? "none"
  }

  /// The offered type with the fewest pairs of headroom (the first in type order on a tie),
  /// as `0 (100GBase-LR)`: the figure that makes an access point hot by pairs.
  static func fewestPairs(_ accessPoint: AccessPointCapacity) -> String {
    guard let fewest = accessPoint.headroom.min(by: { $0.pairs < $1.pairs }) else {
      return "no offered type"
    }
    return "\(fewest.pairs) (\(fewest.portType.rawValue))"
  }
}
