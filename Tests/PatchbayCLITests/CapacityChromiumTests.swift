import Foundation
import PatchbayTestSupport
import Testing

/// The capacity page as a browser prints it: Debian's headless Chromium prints the shipped data
/// centre's what-if page to PDF, poppler's pdftotext reads it back, and the five most pressed
/// access points must be there with their figures, in order; framed 375 px wide, as on a phone,
/// the page must not scroll sideways.
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

  /// The page on a phone, 375 px wide: the page itself never scrolls sideways, and nothing
  /// but the tables' own scrolling boxes reaches past its right edge. The page is framed at that
  /// width in a probe page whose script measures it (the report itself has no script).
  @Test(
    .enabled(
      if: onCI || (chromium != nil && pdftotext != nil),
      "chromium or pdftotext is not installed (scripts/setup installs both)"),
    .timeLimit(.minutes(3)))
  func phoneWidthDoesNotScrollSideways() async throws {
    guard let chromium = Self.chromium else {
      Issue.record("CI=true but chromium is not on PATH: run scripts/setup")
      return
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-chromium-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rendered = try PatchbayRunner.run(
      "capacity", "--inventory", PatchbayRunner.fixture("datacenter/inventory.json"), "--requests",
      PatchbayRunner.fixture("datacenter/requests.json"), "--format", "html", "--output",
      folder.appendingPathComponent("capacity.html").path)
    #expect(rendered.status == 0, "\(rendered.stderr)")
    let probe = """
      <!DOCTYPE html><html><body><iframe src="capacity.html" width="375" height="800" \
      onload="var d = this.contentDocument, wide = [];
      d.querySelectorAll('body *').forEach(function (e) {
        if (e.getBoundingClientRect().right > d.documentElement.clientWidth + 0.5
          && !e.closest('.scroll')) wide.push(e.tagName + '.' + e.className);
      });
      document.body.setAttribute('data-probe', d.documentElement.clientWidth + ' '
        + d.documentElement.scrollWidth + ' ' + wide.slice(0, 5).join(','));"></iframe>
      </body></html>
      """
    let probePath = folder.appendingPathComponent("probe.html")
    try Data(probe.utf8).write(to: probePath)
    let dump = try await BoundedCommand.run(
      chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--allow-file-access-from-files",
        "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
        "--window-size=800,900", "--dump-dom", probePath.absoluteString,
      ], timeout: .seconds(120))
    #expect(dump.status == 0, "\(dump.stderr)")
    let match = try #require(
      dump.stdout.firstMatch(of: /data-probe="(\d+) (\d+) ([^"]*)"/),
      "the probe did not measure the page: \(dump.stdout.prefix(500))")
    let (width, scrollWidth) = (Int(match.1) ?? 0, Int(match.2) ?? 0)
    #expect(width > 300 && width <= 375, "the frame's width: \(width)")
    #expect(scrollWidth <= width, "the page scrolls sideways: \(scrollWidth) px in \(width)")
    #expect(match.3.isEmpty, "past the right edge: \(match.3)")
  }

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
