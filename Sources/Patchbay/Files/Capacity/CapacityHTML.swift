/// `patchbay capacity --format html` (docs/CAPACITY.md, "HTML"): one self-contained page that a
/// planner opens in a browser, prints or mails. Inline CSS and SVG only: no script, font, image
/// or style is fetched, and the page holds no URL but its own `#` anchors.
///
/// It renders a ``CapacityReport`` as it is (one computation, two renderings: every figure is
/// the JSON's, formatted) in this order: the summary, the most pressed access points, a heat map
/// of every access point grouped by region, then every access point with its headroom, N+1 and
/// devices. With a what-if, each figure the batch changed shows its value before, then after.
///
/// The markup is well-formed XML as well as HTML, and every figure sits in an element a program
/// can find (`data-k` names the JSON member), which is how the tests read the figures back.
package struct CapacityHTML {
  /// How many access points the "most pressed" table lists.
  package static let worstCount = 10

  /// The report shown (after the batch, with a what-if).
  let report: CapacityReport
  /// The report before the batch, with a what-if.
  let before: CapacityReport?
  /// The batch's counts, with a what-if.
  let batch: PlanSummary?
  /// For each access point of ``report``, the same access point before the batch.
  let earlier: [AccessPointCapacity?]
  /// Positions of ``report``'s access points, the most pressed first.
  let order: [Int]
  var out = HTMLWriter()

  init(report: CapacityReport, before: CapacityReport?, batch: PlanSummary?) {
    self.report = report
    self.before = before
    self.batch = batch
    earlier = report.accessPoints.indices.map { index in
      guard let before, index < before.accessPoints.count,
        before.accessPoints[index].id == report.accessPoints[index].id
      else { return nil }
      return before.accessPoints[index]
    }
    order = CapacityPressure.order(report.accessPoints)
    out = HTMLWriter(capacity: 4096 + report.accessPoints.count * 2048)
  }

  /// The page of `report`; with `before` and `batch`, of a what-if whose result is `report`.
  package static func render(
    _ report: CapacityReport, before: CapacityReport? = nil, batch: PlanSummary? = nil
  ) -> [UInt8] {
    var page = CapacityHTML(report: report, before: before, batch: batch)
    page.document()
    return page.out.bytes
  }

  private mutating func document() {
    out.raw(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        + "<meta name=\"color-scheme\" content=\"light\"/>\n"
        + "<meta name=\"generator\" content=\"patchbay capacity\"/>\n<title>")
    out.text(
      "Capacity report: \(report.summary.accessPoints) access points"
        + (batch == nil ? "" : ", after a batch"))
    out.raw("</title>\n<style>\(CapacityHTMLStyle.css)</style>\n</head>\n<body>\n")
    header()
    out.raw("<main>\n")
    summarySection()
    worstSection()
    heatMapSection()
    accessPointsSection()
    out.raw("</main>\n<footer><p>Made by <code>patchbay capacity --format html</code>. ")
    out.raw(
      "Every figure is the one <code>--format json</code> gives; docs/CAPACITY.md says what "
        + "each means.</p></footer>\n</body>\n</html>\n")
  }

  private mutating func header() {
    out.raw("<header>\n<h1>Capacity report</h1>\n")
    if let batch {
      out.raw("<p class=\"batch\" id=\"batch\">")
      out.text(
        "After the batch: \(batch.placed) of \(batch.requests) requests placed, "
          + "\(batch.rejected) rejected, \(batch.unplaced) unplaced (nothing committed). ")
      out.raw(
        "A figure the batch changed shows its value before, then after: "
          + "<span class=\"was\">7 \u{2192} </span>12.</p>\n")
    }
    let thresholds = report.thresholds
    out.raw("<p class=\"rules\">")
    out.text(
      "Suggested status: full when no offered port type has a free port; hot when utilization "
        + "is at least \(Self.percent(thresholds.hotUtilization)) or an offered type has fewer "
        + "than \(thresholds.hotPairs) redundant pairs of headroom; otherwise recommended.")
    out.raw(
      "</p>\n<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a> "
        + "<a href=\"#worst\">Most pressed</a> <a href=\"#heat\">Heat map</a> "
        + "<a href=\"#aps\">Every access point</a></nav>\n</header>\n")
  }

  // MARK: Summary

  private mutating func summarySection() {
    out.raw(
      "<section id=\"summary\" aria-labelledby=\"summary-h\">\n"
        + "<h2 id=\"summary-h\">Summary</h2>\n")
    StatusChart.write(&out, now: report.summary, before: before?.summary)
    let now = report.summary
    let then = before?.summary
    out.raw("<div class=\"cards\">\n")
    let cards: [(key: String, label: String, now: Int, then: Int?, alert: Bool)] = [
      ("full", "suggested full", now.full, then?.full, now.full > 0),
      ("hot", "suggested hot", now.hot, then?.hot, now.hot > 0),
      (
        "nPlusOneShortfall", "N+1 shortfall (each access point's worst device failure)",
        now.nPlusOneShortfall, then?.nPlusOneShortfall, now.nPlusOneShortfall > 0
      ),
      (
        "statusChanges", "suggested status differs from the declared one", now.statusChanges,
        then?.statusChanges, now.statusChanges > 0
      ),
      ("accessPoints", "access points", now.accessPoints, then?.accessPoints, false),
      ("recommended", "suggested recommended", now.recommended, then?.recommended, false),
      ("disabled", "disabled", now.disabled, then?.disabled, false),
      ("ports.held", "ports held", now.ports.held, then?.ports.held, false),
      ("ports.free", "ports free", now.ports.free, then?.ports.free, false),
      ("ports.total", "ports in all", now.ports.total, then?.ports.total, false),
    ]
    for card in cards {
      let delta = card.then.map { card.now - $0 }
      self.card(
        key: card.key, label: card.label, value: String(card.now),
        was: delta == nil || delta == 0
          ? nil : "\(card.then!) (\(delta! > 0 ? "+" : "")\(delta!))",
        alert: card.alert)
    }
    let utilization = Self.percent(now.ports.utilization)
    let earlier = then.map { Self.percent($0.ports.utilization) }
    card(
      key: "ports.utilization", label: "utilization (ports held of all)", value: utilization,
      was: earlier == utilization ? nil : earlier, alert: false)
    out.raw("</div>\n</section>\n")
  }

  private mutating func card(key: String, label: String, value: String, was: String?, alert: Bool) {
    out.raw("<div class=\"card\(alert ? " alert" : "")\(was == nil ? "" : " chg")\"")
    out.attribute("data-k", key)
    out.raw("><div class=\"n\">")
    out.text(value)
    out.raw("</div><div class=\"l\">")
    out.text(label)
    out.raw("</div>")
    if let was {
      out.raw("<div class=\"was\">before: ")
      out.text(was)
      out.raw("</div>")
    }
    out.raw("</div>\n")
  }

  // MARK: Shared pieces

  /// `<td>` with `now`, and `then` before it when it differs.
  mutating func cell(
    _ now: String, was then: String? = nil, tag: String = "td", attributes: String = ""
  ) {
    out.raw("<\(tag)\(attributes)>")
    if let then, then != now {
      out.raw("<span class=\"was\">")
      out.text(then)
      out.raw(" \u{2192} </span>")
    }
    out.text(now)
    out.raw("</\(tag)>")
  }

  /// A status as a badge: its word, on a colour, with a border (so it reads without colour).
  mutating func badge(_ status: AccessPointStatus, key: String? = nil) {
    out.raw("<span class=\"badge s-\(status.rawValue)\"")
    if let key { out.attribute("data-k", key) }
    out.raw(">\(status.rawValue)</span>")
  }

  /// `id` as text isolated from the text around it (an id may hold right-to-left characters).
  mutating func id(_ id: String) {
    out.raw("<bdi>")
    out.text(id)
    out.raw("</bdi>")
  }

  /// The anchor of the access point at `position` in the report (ids may hold any character,
  /// so the anchor is its position).
  static func anchor(_ position: Int) -> String { "ap-\(position)" }

  /// A ratio from 0 to 1 as the percentage of the JSON's four decimals: 0.8333 is `83.33%`, so
  /// the page and the JSON show the same number.
  package static func percent(_ ratio: Double) -> String {
    let text = JSONDecimal.text(max(0, ratio))
    let parts = text.split(separator: ".", maxSplits: 1)
    let whole = Int(parts[0]) ?? 0
    var fraction = parts.count > 1 ? String(parts[1]) : ""
    fraction += String(repeating: "0", count: max(0, 4 - fraction.count))
    let hundreds = whole * 100 + (Int(fraction.prefix(2)) ?? 0)
    var rest = String(fraction.dropFirst(2))
    while rest.hasSuffix("0") { rest.removeLast() }
    return String(hundreds) + (rest.isEmpty ? "" : "." + rest) + "%"
  }
}

extension CapacityReport {
  /// The report as one self-contained HTML page (``CapacityHTML``).
  package var htmlBytes: [UInt8] { CapacityHTML.render(self) }
}

extension CapacityWhatIf {
  /// The what-if as one HTML page: the report after the batch, each changed figure with its
  /// value before.
  package var htmlBytes: [UInt8] {
    CapacityHTML.render(after, before: before, batch: plan.summary)
  }
}
