import Foundation
import Testing

/// `patchbay verify` as FORMATS.md describes it: one line per violation (or JSON), exit 0 for a
/// valid plan, 1 with violations, 65 and 66 for bad files.
@Suite struct VerifyCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  let requests = PatchbayRunner.fixture("datacenter/requests.json")
  let validPlan = PatchbayRunner.fixture("plans/datacenter-hand-made.json")
  let brokenPlan = PatchbayRunner.fixture("plans/datacenter-violations.json")

  func verify(_ plan: String, _ extra: String...) throws -> PatchbayRunner.Output {
    try PatchbayRunner.run(
      ["verify", "--inventory", inventory, "--requests", requests, "--plan", plan] + extra)
  }

  @Test func aValidPlanPasses() throws {
    let output = try verify(validPlan)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(
      output.stdout
        == "plan is valid: 16 assignments, 8 rejected, 18 unplaced; every request listed once, "
        + "guarantees 1 to 3 hold\n")
    #expect(output.stderr.contains("patchbay verify: \(validPlan): valid in "))
    let csv = try PatchbayRunner.run(
      "verify", "--inventory", inventory, "--requests",
      PatchbayRunner.fixture("datacenter/requests.csv"), "--plan", validPlan)
    #expect(csv.status == 0)
    #expect(csv.stdout == output.stdout)
  }

  @Test func violationsAreListedOnePerLine() throws {
    let output = try verify(brokenPlan)
    #expect(output.status == 1)
    let lines = output.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines.map { String($0.prefix { $0 != ":" }) } == [
        "request_missing", "port_occupied", "redundant_on_same_device", "group_split",
        "access_point_counts_wrong", "summary_mismatch",
      ])
    #expect(
      lines[1]
        == "port_occupied: assignments[5] gives request req-0006 port 1/1/3 of hz-yh-b-asw-01, "
        + "but connection pc-hz-0010 (Enabled, account 1001) holds that port")
    #expect(output.stderr.contains("6 violations"))
    #expect(try verify(brokenPlan).stdout == output.stdout)
  }

  @Test func jsonListsKindRequestAndMessage() throws {
    let output = try verify(brokenPlan, "--format", "json")
    #expect(output.status == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let violations = try #require(json["violations"] as? [[String: Any]])
    #expect(violations.count == 6)
    #expect(violations[1]["kind"] as? String == "port_occupied")
    #expect(violations[1]["request"] as? String == "req-0006")
    #expect((violations[1]["message"] as? String)?.contains("pc-hz-0010") == true)
    #expect(violations[5]["request"] is NSNull)
    #expect(json["summary"] as? [String: Int] == ["violations": 6])

    let clean = try verify(validPlan, "--format", "json")
    #expect(clean.status == 0)
    #expect(clean.stdout == "{\n  \"violations\": [],\n  \"summary\": { \"violations\": 0 }\n}\n")
  }

  @Test func badFilesExitWith65Or66() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let badCode = folder.appendingPathComponent("bad-code.json").path
    let text = try String(contentsOfFile: validPlan, encoding: .utf8)
      .replacingOccurrences(of: "\"whitelist_required\"", with: "\"whitelisted\"")
    try text.write(toFile: badCode, atomically: true, encoding: .utf8)
    let truncated = folder.appendingPathComponent("truncated.json").path
    try String(text.prefix(300)).write(toFile: truncated, atomically: true, encoding: .utf8)

    let cases: [(plan: String, status: Int32, mentions: [String])] = [
      (badCode, 65, ["bad-code.json", "rejected[0].code", "whitelisted", "whitelist_required"]),
      (truncated, 65, ["truncated.json", "line", "not valid JSON"]),
      (folder.appendingPathComponent("none.json").path, 66, ["none.json", "no such file"]),
    ]
    for test in cases {
      let output = try verify(test.plan)
      #expect(output.status == test.status, "\(output.stderr)")
      #expect(output.stdout.isEmpty)
      for word in test.mentions { #expect(output.stderr.contains(word), "\(output.stderr)") }
    }
    let badInventory = try PatchbayRunner.run(
      "verify", "--inventory", PatchbayRunner.fixture("malformed/inventory-unknown-device.json"),
      "--requests", requests, "--plan", validPlan)
    #expect(badInventory.status == 65)
  }

  @Test func usageErrorsExitWith64() throws {
    let missing = try PatchbayRunner.run(
      "verify", "--inventory", inventory, "--requests", requests)
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--plan"))
    let format = try verify(validPlan, "--format", "yaml")
    #expect(format.status == 64)
    let help = try PatchbayRunner.run("verify", "--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("--plan"))
  }
}
