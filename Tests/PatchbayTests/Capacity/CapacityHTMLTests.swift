import Foundation
import PropertyBased
import Testing

@testable import Patchbay

/// `patchbay capacity --format html`: the page's figures are the JSON's (read back out of the
/// page for every access point, device and port type), it is well-formed and self-contained,
/// inventory text is escaped, the most pressed come first, and a what-if shows before and after.
@Suite struct CapacityHTMLTests {
  static func json(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  /// `83.33%` as the ratio 0.8333.
  static func ratio(_ percent: String) -> Double? {
    guard percent.hasSuffix("%"), let value = Double(percent.dropLast()) else { return nil }
    return value / 100
  }

  /// Checks every figure of `page` against the JSON `report` (with `before`, a what-if's JSON
  /// before the batch): the summary cards, the most pressed table and every access point.
  static func expectSameFigures(
    _ page: HTMLTree, _ report: [String: Any], before: [String: Any]? = nil,
    _ note: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    func same(_ html: String?, _ json: Any?, _ what: String) {
      let matches: Bool
      switch json {
      case let number as NSNumber where html?.hasSuffix("%") == true:
        matches = ratio(html!).map { abs($0 - number.doubleValue) < 1e-9 } ?? false
      case let number as NSNumber: matches = html == number.stringValue
      case let string as String: matches = html == string
      case is NSNull: matches = html == "none"
      default: matches = false
      }
      #expect(
        matches,
        "\(note) \(what): the page shows \(html ?? "nothing"), the JSON \(json ?? "nothing")",
        sourceLocation: sourceLocation)
    }
    /// A figure now and, with a what-if, before: shown only when it differs.
    func pair(_ node: HTMLTree?, _ now: Any?, _ then: Any?, _ what: String) {
      same(node?.now, now, what)
      guard before != nil else {
        #expect(node?.was == nil, "\(note) \(what): a before value without a batch")
        return
      }
      if "\(now ?? "")" == "\(then ?? "")" {
        #expect(node?.was == nil, "\(note) \(what): unchanged but shown as changed")
      } else {
        same(node?.was, then, "\(what) before")
      }
    }
    func member(_ object: [String: Any]?, _ path: String) -> Any? {
      var value: Any? = object
      for part in path.split(separator: ".") {
        value = (value as? [String: Any])?[String(part)]
      }
      return value
    }

    // Summary cards.
    let summary = report["summary"] as? [String: Any]
    let summaryBefore = before?["summary"] as? [String: Any]
    for card in page.all.filter({ $0.classes.contains("card") }) {
      let key = try #require(card["data-k"])
      let figure = try #require(card.first { $0.classes.contains("n") }).text
      same(figure, member(summary, key), "summary \(key)")
      if let was = card.first(where: { $0.classes.contains("was") }) {
        let earlier = was.text.dropFirst("before: ".count).split(separator: " ").first
        same(earlier.map(String.init), member(summaryBefore, key), "summary \(key) before")
      } else if before != nil {
        #expect(
          "\(member(summary, key) ?? "")" == "\(member(summaryBefore, key) ?? "")",
          "\(note) summary \(key): changed but shown without its value before")
      }
    }
    #expect(
      page.all.filter { $0.classes.contains("card") }.count == 11, "\(note) the summary cards")

    let accessPoints = try #require(report["accessPoints"] as? [[String: Any]])
    var earlier: [String: [String: Any]] = [:]
    for accessPoint in before?["accessPoints"] as? [[String: Any]] ?? [] {
      earlier[accessPoint["id"] as! String] = accessPoint
    }
    let sections = page.all("section").filter { $0.classes.contains("ap") }
    #expect(sections.count == accessPoints.count, "\(note) a section per access point")
    var byID: [String: HTMLTree] = [:]
    for section in sections { byID[section["data-ap"] ?? ""] = section }
    for accessPoint in accessPoints {
      let id = accessPoint["id"] as! String
      let then = earlier[id]
      guard let section = byID[id] else {
        Issue.record("\(note) no section for \(id)", sourceLocation: sourceLocation)
        continue
      }
      #expect(section.all("h3").first?.text.hasPrefix(id) == true, "\(note) \(id)'s heading")
      func keyed(_ key: String) -> HTMLTree? { section.first { $0["data-k"] == key } }
      pair(keyed("suggestedStatus"), accessPoint["suggestedStatus"], then?["suggestedStatus"], id)
      same(keyed("declaredStatus")?.text, accessPoint["declaredStatus"], "\(id) declared")
      for key in [
        "ports.held", "ports.total", "ports.free", "ports.utilization", "nPlusOne.shortfall",
        "nPlusOne.worstDevice",
      ] {
        pair(keyed(key), member(accessPoint, key), member(then, key), "\(id) \(key)")
      }
      let headroom = accessPoint["headroom"] as! [[String: Any]]
      let headroomRows = section.all("table").first { $0.classes.contains("headroom") }?.rows ?? []
      #expect(headroomRows.count == headroom.count, "\(note) \(id): a row per offered type")
      for (row, entry) in zip(headroomRows, headroom) {
        let type = entry["portType"] as! String
        same(row["portType"]?.text, type, "\(id) headroom type")
        let old = (then?["headroom"] as? [[String: Any]])?.first {
          $0["portType"] as? String == type
        }
        for key in ["singles", "pairs"] {
          pair(row[key], entry[key], old?[key], "\(id) \(type) \(key)")
        }
      }
      let devices = accessPoint["devices"] as! [[String: Any]]
      let deviceRows = section.all("table").first { $0.classes.contains("devices") }?.rows ?? []
      #expect(deviceRows.count == devices.count, "\(note) \(id): a row per device")
      let oldDevices = then?["devices"] as? [[String: Any]]
      for (index, (row, device)) in zip(deviceRows, devices).enumerated() {
        same(row["id"]?.text, device["id"], "\(id) device")
        for key in ["held", "total", "free", "utilization", "liveConnections", "nPlusOneShortfall"]
        {
          pair(row[key], device[key], oldDevices?[index][key], "\(id) device \(index) \(key)")
        }
      }
    }

    // The most pressed table: the first rows of the pressure order, with the same figures.
    let worstRows = try #require(page.first { $0["id"] == "worst-table" }).rows
    #expect(worstRows.count == min(CapacityHTML.worstCount, accessPoints.count), "\(note)")
    let sectionOrder = sections.map { $0["data-ap"] ?? "" }
    #expect(worstRows.map { $0["id"]?.text ?? "" } == Array(sectionOrder.prefix(worstRows.count)))
    for row in worstRows {
      let id = row["id"]?.text ?? ""
      guard let accessPoint = accessPoints.first(where: { $0["id"] as? String == id }) else {
        Issue.record("\(note) \(id) in the most pressed table is not in the JSON")
        continue
      }
      let then = earlier[id]
      for key in [
        "suggestedStatus", "nPlusOne.shortfall", "nPlusOne.worstDevice", "ports.utilization",
        "ports.held", "ports.free",
      ] {
        pair(row[key], member(accessPoint, key), member(then, key), "most pressed \(id) \(key)")
      }
      same(row["declaredStatus"]?.text, accessPoint["declaredStatus"], "most pressed \(id)")
      same(row["region"]?.text, accessPoint["region"], "most pressed \(id) region")
    }
  }

  @Test func fixtureFiguresAreTheJSONs() throws {
    let report = CapacityReport(inventory: try Fixtures.datacenterInventory)
    let page = try HTMLTree.parse(report.htmlBytes)
    try Self.expectSameFigures(page, try Self.json(report.jsonBytes))
  }

  @Test func whatIfShowsBeforeAndAfter() throws {
    let inventory = try Fixtures.datacenterInventory
    let requests = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let whatIf = try CapacityReport.whatIf(
      inventory: inventory, requests: requests, options: AllocationOptions(threads: 1))
    let html = whatIf.htmlBytes
    let page = try HTMLTree.parse(html)
    let json = try Self.json(whatIf.jsonBytes)
    try Self.expectSameFigures(page, json, before: json["before"] as? [String: Any])
    // The batch changes figures, so some are shown before and after, the summary's among them.
    #expect(page.all.filter { $0.classes.contains("was") }.count > 10)
    let held = try #require(
      page.first { $0["data-k"] == "ports.held" && $0.classes.contains("card") })
    #expect(
      held.text.contains(
        "before: \(whatIf.before.summary.ports.held) (+\(whatIf.plan.summary.placed))"))
    let batch = try #require(page.first { $0["id"] == "batch" }).text
    #expect(batch.contains("\(whatIf.plan.summary.placed) of \(requests.count) requests placed"))
  }

  /// Random small data centres, each with its batch as a what-if: every figure of the page is
  /// the JSON's, before and after.
  @Test func randomFiguresAreTheJSONs() async {
    await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
      guard let files = try? RandomDataCentre(seed: UInt64(seed)).files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      do {
        let report = CapacityReport(
          inventory: inventory, thresholds: CapacityThresholds(hotUtilization: 0.3, hotPairs: 1))
        try Self.expectSameFigures(
          try HTMLTree.parse(report.htmlBytes), try Self.json(report.jsonBytes), "seed \(seed)")
        let whatIf = try CapacityReport.whatIf(
          inventory: inventory, requests: batch, options: AllocationOptions(threads: 1))
        let json = try Self.json(whatIf.jsonBytes)
        try Self.expectSameFigures(
          try HTMLTree.parse(whatIf.htmlBytes), json, before: json["before"] as? [String: Any],
          "seed \(seed) what-if")
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  /// Nothing is fetched: no URL but the page's own anchors, each of which exists; no script;
  /// every chart is an image with a title; the page has a viewport and a print style.
  @Test func selfContainedAndAccessible() throws {
    let inventory = try Fixtures.datacenterInventory
    let requests = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let whatIf = try CapacityReport.whatIf(
      inventory: inventory, requests: requests, options: AllocationOptions(threads: 1))
    for html in [CapacityReport(inventory: inventory).htmlBytes, whatIf.htmlBytes] {
      let text = String(decoding: html, as: UTF8.self)
      #expect(!text.lowercased().contains("http"))
      #expect(!text.contains("url(") || !text.contains("url(h"))
      #expect(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
      #expect(text.contains("<meta name=\"viewport\" content=\"width=device-width"))
      #expect(text.contains("@media print"))
      let page = try HTMLTree.parse(html)
      for name in ["script", "link", "img", "iframe", "object", "embed", "image", "use"] {
        #expect(page.all(name).isEmpty, "no <\(name)>")
      }
      let ids = Set(page.all.compactMap { $0["id"] })
      #expect(ids.count == page.all.compactMap { $0["id"] }.count, "ids are unique")
      for node in page.all where node["href"] != nil || node["src"] != nil {
        let target = node["href"] ?? node["src"] ?? ""
        #expect(target.hasPrefix("#") && ids.contains(String(target.dropFirst())), "\(target)")
      }
      for fill in page.all.compactMap({ $0["fill"] }) where fill.hasPrefix("url(") {
        #expect(ids.contains(String(fill.dropFirst(5).dropLast())), "\(fill)")
      }
      let charts = page.all("svg").filter { $0["aria-hidden"] != "true" }
      #expect(charts.count == 2)
      for chart in charts {
        #expect(chart["role"] == "img")
        let title = try #require(chart.children.first)
        #expect(title.name == "title" && title["id"] == chart["aria-labelledby"])
        #expect(!title.text.isEmpty)
      }
      // The heat map: one cell per access point, each with its status in a letter, not only
      // a colour, and its figures in a title.
      let heatMap = try #require(charts.first { $0["aria-labelledby"] == "hm-t" })
      let cells = heatMap.all("a")
      #expect(cells.count == inventory.accessPoints.count)
      for cell in cells {
        #expect(["F", "H", "R", "D"].contains(cell.all("text").first?.text ?? ""))
        #expect(cell.children.first?.name == "title")
      }
    }
  }

  /// Ids may hold any character but a control character (FORMATS.md): markup in them shows as
  /// text and never becomes an element or breaks an attribute.
  @Test func inventoryTextIsEscaped() throws {
    let hostile = "<script>alert(\"x&y\")</script>'&amp;"
    let region = RegionID("r<&\">'")
    let accessPoint = AccessPoint(
      id: AccessPointID(hostile), region: region, lineOperators: [.chinaTelecom],
      portTypes: PortTypeSet(types: [.base10GLR]))
    let devices = ["<b>d1</b>", "d2\" onmouseover=\"x"].map { id in
      Device(
        id: DeviceID(id), accessPoint: accessPoint.id,
        ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))])
    }
    let connection = Connection(
      id: "c<1>", account: "1", accessPoint: accessPoint.id, device: devices[0].id,
      port: "1/1/1", portType: .base10GLR, status: .enabled)
    let inventory = try Inventory(
      regions: [Region(id: region)], accessPoints: [accessPoint], devices: devices,
      connections: [connection])
    let report = CapacityReport(inventory: inventory)
    let html = report.htmlBytes
    let text = String(decoding: html, as: UTF8.self)
    #expect(!text.contains("<script"))
    #expect(!text.contains("<b>d1"))
    #expect(text.contains("&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;&amp;amp;"))
    let page = try HTMLTree.parse(html)
    #expect(page.all("script").isEmpty)
    #expect(page.all.allSatisfy { $0["onmouseover"] == nil })
    let section = try #require(page.first { $0.classes.contains("ap") })
    #expect(section["data-ap"] == hostile)
    #expect(section.all("h3").first?.text == "\(hostile) in \(region.rawValue)")
    try Self.expectSameFigures(page, try Self.json(report.jsonBytes))
  }

  /// The most pressed table and the sections follow ``CapacityPressure``: on the hand-made
  /// access points, full first, then hot by N+1 shortfall and utilization, disabled last.
  @Test func mostPressedFirst() throws {
    let report = CapacityReport(inventory: try CapacityReportTests.inventory)
    let page = try HTMLTree.parse(report.htmlBytes)
    let expected = CapacityPressure.sorted(report.accessPoints).map(\.id.rawValue)
    #expect(expected.first == "full")
    #expect(expected.last == "off")
    let rows = try #require(page.first { $0["id"] == "worst-table" }).rows
    #expect(rows.map { $0["id"]?.text ?? "" } == Array(expected.prefix(CapacityHTML.worstCount)))
    #expect(rows.map { $0["rank"]?.text ?? "" } == rows.indices.map { String($0 + 1) })
    let sections = page.all("section").filter { $0.classes.contains("ap") }
    #expect(sections.map { $0["data-ap"] ?? "" } == expected)
    let heatMap = try #require(page.all("svg").first { $0["aria-labelledby"] == "hm-t" })
    let cellOrder = heatMap.all("a").map { cell in
      sections.first { "#\($0["id"] ?? "")" == cell["href"] }?["data-ap"] ?? ""
    }
    #expect(cellOrder == expected, "one region: the heat map in pressure order")
  }

  /// The pressure order's rules one by one: status, then N+1 shortfall, then utilization, then
  /// inventory order.
  @Test(arguments: [
    (AccessPointStatus.full, 0, 0, AccessPointStatus.hot, 9, 90, true),
    (.hot, 0, 90, .recommended, 9, 99, true),
    (.recommended, 0, 0, .disabled, 9, 99, true),
    (.hot, 2, 10, .hot, 1, 90, true),
    (.hot, 1, 50, .hot, 1, 40, true),
    (.hot, 1, 40, .hot, 1, 50, false),
    (.hot, 1, 40, .hot, 1, 40, true),
  ])
  func pressureRules(
    _ status: AccessPointStatus, _ shortfall: Int, _ held: Int, _ otherStatus: AccessPointStatus,
    _ otherShortfall: Int, _ otherHeld: Int, _ first: Bool
  ) {
    func accessPoint(_ status: AccessPointStatus, _ shortfall: Int, _ held: Int)
      -> AccessPointCapacity
    {
      AccessPointCapacity(
        id: "a", region: "r", declaredStatus: status, suggestedStatus: status,
        ports: PortCounts(total: 100, held: held), portTypes: [], devices: [], headroom: [],
        nPlusOne: NPlusOne(worstDevice: nil, shortfall: shortfall))
    }
    let a = accessPoint(status, shortfall, held)
    let b = accessPoint(otherStatus, otherShortfall, otherHeld)
    #expect(CapacityPressure.morePressed(a, 0, than: b, 1) == first)
    #expect(CapacityPressure.order([a, b]) == (first ? [0, 1] : [1, 0]))
  }

  @Test(arguments: [
    (0.0, "0%"), (1.0, "100%"), (0.8, "80%"), (5.0 / 6.0, "83.33%"), (0.0609, "6.09%"),
    (0.05, "5%"), (0.00004, "0%"), (0.99996, "100%"), (0.1234, "12.34%"), (0.1005, "10.05%"),
  ])
  func percentIsTheJSONsRatio(_ ratio: Double, _ text: String) {
    #expect(CapacityHTML.percent(ratio) == text)
    #expect(Self.ratio(text).map { abs($0 - Double(JSONDecimal.text(ratio))!) < 1e-12 } == true)
  }
}
