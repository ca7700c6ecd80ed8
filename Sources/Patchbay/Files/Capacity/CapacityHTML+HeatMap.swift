extension CapacityHTML {
  /// Cells per row of the heat map, and a cell's side and pitch in SVG units.
  static let heatColumns = 20
  static let heatCell = 20
  static let heatPitch = 22

  /// The heat map: one cell per access point, its colour the utilization (ten steps, light to
  /// dark, so it reads in grey too), its letter the suggested status, hatched when full, a
  /// corner mark when N+1 falls short. Access points are grouped by region, the regions in the
  /// order of their most pressed access point, and within a region in pressure order, so the
  /// top left is the worst. A cell links to the access point's details; its title gives the
  /// figures.
  mutating func heatMapSection() {
    var regions: [(region: RegionID, positions: [Int])] = []
    var regionIndex: [RegionID: Int] = [:]
    for position in order {
      let region = report.accessPoints[position].region
      if let index = regionIndex[region] {
        regions[index].positions.append(position)
      } else {
        regionIndex[region] = regions.count
        regions.append((region, [position]))
      }
    }
    out.raw(
      "<section id=\"heat\" aria-labelledby=\"heat-h\">\n"
        + "<h2 id=\"heat-h\">Utilization heat map</h2>\n<p>One cell per access point: "
        + "grouped by region (the region with the most pressed access point first), most pressed "
        + "first within a region, left to right. Point at a cell for its figures; select it for "
        + "its details.</p>\n")
    legend()
    let labelHeight = 22
    let regionGap = 10
    var height = 0
    for entry in regions {
      let rows = (entry.positions.count + Self.heatColumns - 1) / Self.heatColumns
      height += labelHeight + rows * Self.heatPitch + regionGap
    }
    let width = Self.heatColumns * Self.heatPitch
    out.raw(
      "<figure class=\"chart hm\"><svg role=\"img\" aria-labelledby=\"hm-t\" "
        + "viewBox=\"0 0 \(width) \(max(height, 1))\" width=\"\(width)\" "
        + "height=\"\(max(height, 1))\"><title id=\"hm-t\">")
    out.text(
      "Utilization heat map of \(report.accessPoints.count) access points in "
        + "\(regions.count) regions, most pressed first; the most pressed: "
        + order.prefix(5).map { Self.cellTitle(report.accessPoints[$0], before: nil) }
        .joined(separator: "; "))
    out.raw("</title>\(Self.hatch)")
    var y = 0
    for entry in regions {
      out.raw("<text class=\"rg\" x=\"0\" y=\"\(y + 15)\">")
      out.text(
        "\(entry.region.rawValue): \(entry.positions.count) access point"
          + (entry.positions.count == 1 ? "" : "s"))
      out.raw("</text>")
      y += labelHeight
      for (index, position) in entry.positions.enumerated() {
        cell(
          position, x: (index % Self.heatColumns) * Self.heatPitch,
          y: y + (index / Self.heatColumns) * Self.heatPitch)
      }
      let rows = (entry.positions.count + Self.heatColumns - 1) / Self.heatColumns
      y += rows * Self.heatPitch + regionGap
    }
    out.raw("</svg></figure>\n</section>\n")
  }

  private mutating func cell(_ position: Int, x: Int, y: Int) {
    let accessPoint = report.accessPoints[position]
    let then = earlier[position]
    let changed = then != nil && then != accessPoint
    let shade = Self.tenths(accessPoint.ports.utilization)
    out.raw("<a href=\"#\(Self.anchor(position))\" tabindex=\"-1\"><title>")
    out.text(Self.cellTitle(accessPoint, before: changed ? then : nil))
    out.raw(
      "</title><rect class=\"u\(shade)\(changed ? " chg" : "")\" x=\"\(x)\" y=\"\(y)\" "
        + "width=\"\(Self.heatCell)\" height=\"\(Self.heatCell)\"/>")
    if accessPoint.suggestedStatus == .full {
      out.raw(
        "<rect fill=\"url(#hm-hatch)\" x=\"\(x)\" y=\"\(y)\" width=\"\(Self.heatCell)\" "
          + "height=\"\(Self.heatCell)\"/>")
    }
    let letter = Self.letter(accessPoint.suggestedStatus)
    out.raw(
      "<text class=\"\(shade >= 6 ? "kd" : "kl")\" x=\"\(x + Self.heatCell / 2)\" "
        + "y=\"\(y + 14)\">\(letter)</text>")
    if accessPoint.nPlusOne.shortfall > 0 {
      out.raw("<path class=\"nx\" d=\"M\(x + 11) \(y)h9v9z\"/>")
    }
    out.raw("</a>")
  }

  /// `F`, `H`, `R` or `D`: the status in a cell, so that it never rests on colour alone.
  static func letter(_ status: AccessPointStatus) -> String {
    switch status {
    case .full: "F"
    case .hot: "H"
    case .recommended: "R"
    case .disabled: "D"
    }
  }

  /// The cell's tooltip: the access point's figures, and those before the batch.
  static func cellTitle(_ accessPoint: AccessPointCapacity, before: AccessPointCapacity?) -> String
  {
    func figures(_ accessPoint: AccessPointCapacity) -> String {
      "\(accessPoint.suggestedStatus.rawValue), \(percent(accessPoint.ports.utilization)) held "
        + "(\(accessPoint.ports.held) of \(accessPoint.ports.total)), N+1 shortfall "
        + "\(accessPoint.nPlusOne.shortfall)"
    }
    var title =
      "\(accessPoint.id.rawValue) in \(accessPoint.region.rawValue): \(figures(accessPoint)); "
      + "declared \(accessPoint.declaredStatus.rawValue)"
    if let before { title += "; before the batch: \(figures(before))" }
    return title
  }

  /// A utilization as its colour step, 0 (under 10%) to 9 (90% and more).
  static func tenths(_ ratio: Double) -> Int {
    min(9, max(0, Int((ratio * 10 + 1e-9).rounded(.down))))
  }

  /// Hatching that shows on light and dark cells alike (a black and a white line).
  static let hatch =
    "<defs><pattern id=\"hm-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
    + "patternTransform=\"rotate(45)\"><rect width=\"1.5\" height=\"6\" fill=\"#000\"/>"
    + "<rect x=\"1.5\" width=\"1.5\" height=\"6\" fill=\"#fff\"/></pattern></defs>"

  /// What the colours, letters and marks mean, in HTML so that it wraps on a phone.
  private mutating func legend() {
    out.raw("<ul class=\"legend\" aria-label=\"Heat map legend\"><li><span class=\"ramp\">")
    for step in 0..<10 { out.raw("<span class=\"u\(step)\"></span>") }
    out.raw(
      "</span> utilization 0% to 100%, in steps of 10%</li>"
        + "<li><b>F</b> full, <b>H</b> hot, <b>R</b> recommended, <b>D</b> disabled "
        + "(suggested)</li>"
        + "<li><svg class=\"sw\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
        + "<rect width=\"16\" height=\"16\" fill=\"url(#hm-hatch)\"/></svg> hatched: full</li>"
        + "<li><svg class=\"sw\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
        + "<rect class=\"u0\" width=\"16\" height=\"16\"/><path class=\"nx\" d=\"M7 0h9v9z\"/>"
        + "</svg> corner: N+1 shortfall</li>")
    if batch != nil {
      out.raw(
        "<li><svg class=\"sw\" width=\"16\" height=\"16\" aria-hidden=\"true\">"
          + "<rect class=\"u0 chg\" x=\"1\" y=\"1\" width=\"14\" height=\"14\"/></svg> "
          + "dashed outline: changed by the batch</li>")
    }
    out.raw("</ul>\n")
  }
}
