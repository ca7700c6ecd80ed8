extension CapacityHTML {
  /// The summary's chart: access points by suggested status as one stacked bar (two with a
  /// what-if, before and after), each status a colour and a pattern, its count written in the
  /// segment when it fits and always in the chart's title (the cards beside it give them too).
  enum StatusChart {
    static let statuses: [AccessPointStatus] = [.full, .hot, .recommended, .disabled]

    static func count(_ summary: CapacitySummary, _ status: AccessPointStatus) -> Int {
      switch status {
      case .full: summary.full
      case .hot: summary.hot
      case .recommended: summary.recommended
      case .disabled: summary.disabled
      }
    }

    static func describe(_ summary: CapacitySummary) -> String {
      statuses.map { "\(count(summary, $0)) \($0.rawValue)" }.joined(separator: ", ")
    }

    static func write(_ out: inout HTMLWriter, now: CapacitySummary, before: CapacitySummary?) {
      let rows: [(label: String, summary: CapacitySummary)] =
        before.map { [("before", $0), ("after", now)] } ?? [("now", now)]
      let (left, width, bar, pitch) = (52, 300, 26, 34)
      let height = rows.count * pitch + 34
      out.raw(
        "<figure class=\"chart\"><svg class=\"status\" role=\"img\" "
          + "aria-labelledby=\"sc-t\" viewBox=\"0 0 \(left + width + 8) \(height)\" "
          + "width=\"\(left + width + 8)\" height=\"\(height)\"><title id=\"sc-t\">")
      out.text(
        "Access points by suggested status: "
          + rows.map { "\($0.label) \(describe($0.summary))" }.joined(separator: "; "))
      out.raw("</title>\(patterns)")
      for (row, entry) in rows.enumerated() {
        let y = row * pitch + 4
        out.raw(
          "<text class=\"rl\" x=\"0\" y=\"\(y + bar / 2 + 5)\">\(entry.label)</text>")
        let total = max(1, entry.summary.accessPoints)
        var x = 0
        var reached = 0
        for status in statuses {
          let count = count(entry.summary, status)
          guard count > 0 else { continue }
          reached += count
          // Segment edges at the rounded cumulative share, so the segments fill the bar exactly.
          let end = reached * width / total
          let segment = end - x
          out.raw(
            "<rect class=\"s-\(status.rawValue)\" x=\"\(left + x)\" y=\"\(y)\" "
              + "width=\"\(segment)\" height=\"\(bar)\"/>"
              + "<rect fill=\"url(#sc-\(status.rawValue))\" x=\"\(left + x)\" y=\"\(y)\" "
              + "width=\"\(segment)\" height=\"\(bar)\"/>")
          if segment >= 26 {
            out.raw(
              "<text class=\"sn\" x=\"\(left + x + segment / 2)\" y=\"\(y + bar / 2 + 5)\">"
                + "\(count)</text>")
          }
          x = end
        }
      }
      // The legend: a swatch and the status's name under the bars.
      var x = 0
      let y = rows.count * pitch + 8
      for status in statuses {
        out.raw(
          "<rect class=\"s-\(status.rawValue)\" x=\"\(x)\" y=\"\(y)\" width=\"18\" "
            + "height=\"18\"/><rect fill=\"url(#sc-\(status.rawValue))\" x=\"\(x)\" y=\"\(y)\" "
            + "width=\"18\" height=\"18\"/><text class=\"lg\" x=\"\(x + 24)\" y=\"\(y + 14)\">"
            + "\(status.rawValue)</text>")
        x += 38 + status.rawValue.count * 8
      }
      out.raw("</svg></figure>\n")
    }

    /// Black-and-white patterns that tell the statuses apart in print: hatching for full,
    /// dots for hot, nothing for recommended, horizontal lines for disabled.
    static let patterns =
      "<defs><pattern id=\"sc-full\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      + "patternTransform=\"rotate(45)\"><rect width=\"2.5\" height=\"6\" fill=\"#fff\" "
      + "fill-opacity=\".55\"/></pattern>"
      + "<pattern id=\"sc-hot\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      + "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#000\" fill-opacity=\".6\"/></pattern>"
      + "<pattern id=\"sc-recommended\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      + "</pattern>"
      + "<pattern id=\"sc-disabled\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      + "<rect width=\"6\" height=\"1.5\" fill=\"#000\" fill-opacity=\".45\"/></pattern></defs>"
  }
}
