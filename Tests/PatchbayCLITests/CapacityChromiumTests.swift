import Foundation
import PatchbayTestSupport
import Testing

/// The capacity page as a browser prints it: Debian's headless Chromium prints the shipped data
/// centre's what-if page to PDF, poppler's pdftotext reads it back, and the five most pressed
/// access points must be there with their figures, in order.
///
/// Without chromium and pdftotext (scripts/setup installs both) the test is skipped on a
/// developer's machine, and fails on CI (`CI=true`): the page must be seen to render there.
@Suite(.serialized) struct CapacityChromiumTests {
  static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let chromium = tool("chromium")
  static let pdftotext = tool("pdftotext")
  static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

  @Test(
    .enabled(
      if: onCI || (chromium != nil && pdftotext != nil),
      "chromium or pdftotext is not installed (scripts/setup installs both)"),
    .timeLimit(.minutes(3)))
  func printedPageShowsTheFiveMostPressed() async throws {
    guard let chromium = Self.chromium, let pdftotext = Self.pdftotext else {
      let missing = Self.chromium == nil ? "chromium" : "pdftotext"
      Issue.record(
        "CI=true but \(missing) is not on PATH: run scripts/setup (it installs Debian's chromium and poppler-utils)"
      )
      return
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-chromium-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
    let requests = PatchbayRunner.fixture("datacenter/requests.json")
    let page = folder.appendingPathComponent("capacity.html").path
    let rendered = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--requests", requests, "--format", "html",
      "--output", page)
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(
        with: Data(
          try PatchbayRunner.run(
            "capacity", "--inventory", inventory, "--requests", requests, "--format", "json"
          ).stdout.utf8)) as? [String: Any])

    let pdf = folder.appendingPathComponent("capacity.pdf").path
    let printed = try await BoundedCommand.run(
      chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
        "--no-pdf-header-footer", "--print-to-pdf=\(pdf)",
        URL(fileURLWithPath: page).absoluteString,
      ], timeout: .seconds(120))
    #expect(
      printed.status == 0 && FileManager.default.fileExists(atPath: pdf),
      "chromium could not print the page (exit \(printed.status)): \(printed.stderr)")
    let text = try await BoundedCommand.run(
      pdftotext, ["-layout", pdf, "-"], timeout: .seconds(60))
    #expect(text.status == 0, "\(text.stderr)")
    let lines = text.stdout.split(separator: "\n").map(String.init)

    // The five most pressed, by the documented order restated from the JSON.
    let accessPoints = try #require(json["accessPoints"] as? [[String: Any]])
    let rank = ["full": 0, "hot": 1, "recommended": 2, "disabled": 3]
    let worst = accessPoints.enumerated().sorted { left, right in
      func key(_ entry: (offset: Int, element: [String: Any])) -> (Int, Int, Double, Int) {
        let accessPoint = entry.element
        let ports = accessPoint["ports"] as? [String: Any]
        return (
          rank[accessPoint["suggestedStatus"] as? String ?? ""] ?? 9,
          -((accessPoint["nPlusOne"] as? [String: Any])?["shortfall"] as? Int ?? 0),
          -((ports?["utilization"] as? Double) ?? 0), entry.offset
        )
      }
      return key(left) < key(right)
    }.prefix(5).map(\.element)
    #expect(worst.count == 5)
    // The most pressed table comes first in the page: the first line naming each access point
    // is its row there, which holds its figures.
    var previous = -1
    for accessPoint in worst {
      let id = try #require(accessPoint["id"] as? String)
      guard let line = lines.firstIndex(where: { $0.contains(id) }) else {
        Issue.record("\(id) is not on the printed page:\n\(text.stdout.prefix(3000))")
        continue
      }
      #expect(line > previous, "\(id) is not in pressure order on the printed page")
      previous = line
      let row = lines[line]
      let utilization = try #require((accessPoint["ports"] as? [String: Any])?["utilization"])
      let percent =
        String(format: "%.2f", (utilization as! Double) * 100)
        .replacingOccurrences(of: "\\.?0+$", with: "", options: .regularExpression) + "%"
      let shortfall = try #require((accessPoint["nPlusOne"] as? [String: Any])?["shortfall"])
      let status = try #require(accessPoint["suggestedStatus"] as? String)
      for figure in [percent, "\(shortfall)", status] {
        #expect(row.contains(figure), "\(id)'s row lacks \(figure): \(row)")
      }
    }
  }
}
