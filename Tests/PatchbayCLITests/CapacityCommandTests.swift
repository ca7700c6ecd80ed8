import Foundation
import Testing

/// `patchbay capacity` on the shipped data centre: JSON and text, a what-if batch, a database,
/// and the exit codes of bad options and unreadable files.
@Suite struct CapacityCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  let requests = PatchbayRunner.fixture("datacenter/requests.json")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func jsonHasEveryAccessPointAndTheSummary() throws {
    let output = try PatchbayRunner.run("capacity", "--inventory", inventory, "--format", "json")
    #expect(output.status == 0, "\(output.stderr)")
    let report = try json(output.stdout)
    let accessPoints = try #require(report["accessPoints"] as? [[String: Any]])
    #expect(!accessPoints.isEmpty)
    for accessPoint in accessPoints {
      for member in [
        "id", "declaredStatus", "suggestedStatus", "ports", "devices", "headroom",
        "nPlusOne",
      ] {
        #expect(accessPoint[member] != nil, "\(member)")
      }
    }
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["accessPoints"] as? Int == accessPoints.count)
    #expect(output.stderr.contains("patchbay capacity: \(accessPoints.count) access points"))
    let again = try PatchbayRunner.run("capacity", "--inventory", inventory, "--format", "json")
    #expect(again.stdout == output.stdout)
  }

  @Test func textHasABlockPerAccessPoint() throws {
    let output = try PatchbayRunner.run("capacity", "--inventory", inventory)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("access points:"))
    #expect(output.stdout.contains("headroom"))
    #expect(output.stdout.contains("N+1"))
    #expect(output.stdout.contains("ap-cn-hangzhou"))
  }

  @Test func whatIfReportsAfterAndBefore() throws {
    let output = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--requests", requests, "--format", "json",
      "--hot-utilization", "0.5", "--hot-pairs", "3")
    #expect(output.status == 0, "\(output.stderr)")
    let report = try json(output.stdout)
    let after = try #require(report["summary"] as? [String: Any])
    let before = try #require((report["before"] as? [String: Any])?["summary"] as? [String: Any])
    let afterHeld = try #require((after["ports"] as? [String: Any])?["held"] as? Int)
    let beforeHeld = try #require((before["ports"] as? [String: Any])?["held"] as? Int)
    let placed = try #require((report["batch"] as? [String: Int])?["placed"])
    #expect(placed > 0)
    #expect(afterHeld == beforeHeld + placed)
    let thresholds = try #require(report["thresholds"] as? [String: Any])
    #expect(thresholds["hotUtilization"] as? Double == 0.5)
    #expect(thresholds["hotPairs"] as? Int == 3)
    let text = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--requests", requests)
    #expect(text.status == 0)
    #expect(text.stdout.contains("after the batch: \(placed) of"))
  }

  /// The HTML page, to standard output and with --output, with and without a batch: the same
  /// bytes both ways, and the batch's counts on it.
  @Test func htmlIsOnePage() throws {
    let output = try PatchbayRunner.run("capacity", "--inventory", inventory, "--format", "html")
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(output.stdout.hasSuffix("</html>\n"))
    #expect(output.stdout.contains("ap-cn-hangzhou-yh-B"))
    #expect(!output.stdout.contains("http"))
    #expect(output.stderr.contains("patchbay capacity: 7 access points"))
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-capacity-html-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("capacity.html").path
    let written = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--requests", requests, "--format", "html",
      "--output", file)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.isEmpty)
    let page = try String(contentsOfFile: file, encoding: .utf8)
    let json = try json(
      try PatchbayRunner.run(
        "capacity", "--inventory", inventory, "--requests", requests, "--format", "json"
      ).stdout)
    let placed = try #require((json["batch"] as? [String: Int])?["placed"])
    #expect(page.contains("After the batch: \(placed) of"))
    let unwritable = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--format", "html", "--output",
      "/nonexistent/capacity.html")
    #expect(unwritable.status == 73, "\(unwritable.stderr)")
  }

  @Test func databaseAfterStateInitGivesTheFileReport() throws {
    let workspace = try ProvisioningWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.folder) }
    let fromDatabase = try PatchbayRunner.run(
      "capacity", "--db", workspace.db, "--format", "json")
    #expect(fromDatabase.status == 0, "\(fromDatabase.stderr)")
    let fromFile = try PatchbayRunner.run("capacity", "--inventory", inventory, "--format", "json")
    // A new database holds what the file holds: the same figures.
    let databaseReport = try json(fromDatabase.stdout)
    let fileReport = try json(fromFile.stdout)
    #expect(
      (databaseReport["summary"] as? NSDictionary) == (fileReport["summary"] as? NSDictionary))
    let output = workspace.folder.appendingPathComponent("capacity.json").path
    let written = try PatchbayRunner.run(
      "capacity", "--db", workspace.db, "--format", "json", "--output", output)
    #expect(written.status == 0)
    #expect(written.stdout.isEmpty)
    #expect(try String(contentsOfFile: output, encoding: .utf8) == fromDatabase.stdout)
  }

  @Test(arguments: [
    ["capacity"],
    ["capacity", "--inventory", "x.json", "--db", "y.db"],
    ["capacity", "--inventory", "INV", "--format", "xml"],
    ["capacity", "--inventory", "INV", "--hot-utilization", "1.5"],
    ["capacity", "--inventory", "INV", "--hot-utilization", "nan"],
    ["capacity", "--inventory", "INV", "--hot-pairs", "-1"],
  ])
  func badOptionsExit64(_ arguments: [String]) throws {
    let output = try PatchbayRunner.run(arguments.map { $0 == "INV" ? inventory : $0 })
    #expect(output.status == 64, "\(output.stderr)")
    #expect(output.stdout.isEmpty)
    if arguments.contains("--hot-utilization") {
      #expect(output.stderr.contains("--hot-utilization must be a number from 0 to 1"))
    }
    if arguments.contains("--hot-pairs") {
      #expect(output.stderr.contains("--hot-pairs must be a whole number from 0 to 1000000"))
    }
  }

  @Test func unreadableFilesExit66() throws {
    let missing = try PatchbayRunner.run("capacity", "--inventory", "/nonexistent/inventory.json")
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("/nonexistent/inventory.json"))
    let missingBatch = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--requests", "/nonexistent/requests.json")
    #expect(missingBatch.status == 66)
    #expect(missingBatch.stderr.contains("/nonexistent/requests.json"))
    let missingDatabase = try PatchbayRunner.run("capacity", "--db", "/nonexistent/provisioning.db")
    #expect(missingDatabase.status == 66, "\(missingDatabase.stderr)")
  }

  @Test func invalidInventoryExits65AndUnwritableOutput73() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-capacity-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = folder.appendingPathComponent("inventory.json").path
    try Data("{\"regions\": [".utf8).write(to: URL(fileURLWithPath: bad))
    let invalid = try PatchbayRunner.run("capacity", "--inventory", bad)
    #expect(invalid.status == 65)
    #expect(invalid.stderr.contains(bad))
    let unwritable = try PatchbayRunner.run(
      "capacity", "--inventory", inventory, "--output", "/nonexistent/folder/capacity.json")
    #expect(unwritable.status == 73)
    #expect(unwritable.stderr.contains("/nonexistent/folder/capacity.json"))
  }
}
