import Foundation
import Testing

/// `patchbay allocate` as FORMATS.md describes it.
@Suite struct AllocateCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  let requests = PatchbayRunner.fixture("datacenter/requests.json")

  @Test func plansTheFixtureBatchAsExpectedJSONSays() throws {
    let output = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests)
    #expect(output.status == 0, "\(output.stderr)")
    let plan = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    struct Expected: Decodable {
      var rejected: [String: String]
      var unplaced: [String: String]
      var placed: [String]
    }
    let expected = try JSONDecoder().decode(
      Expected.self,
      from: Data(
        contentsOf: URL(fileURLWithPath: PatchbayRunner.fixture("datacenter/expected.json"))))
    let assignments = try #require(plan["assignments"] as? [[String: Any]])
    #expect(Set(assignments.compactMap { $0["request"] as? String }) == Set(expected.placed))
    let unplaced = try #require(plan["unplaced"] as? [[String: Any]])
    #expect(
      Dictionary(
        uniqueKeysWithValues: unplaced.map { ($0["request"] as! String, $0["code"] as! String) })
        == expected.unplaced)
    let summary = try #require(plan["summary"] as? [String: Any])
    #expect(summary["optimal"] as? Bool == true)
    #expect(
      output.stderr.contains("patchbay allocate: 42 requests: 33 placed, 8 rejected, 1 unplaced"))
  }

  @Test func thePlanIsTheSameBytesForAnyThreadCountAndRun() throws {
    let one = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests, "--threads", "1")
    let two = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests, "--threads", "2")
    let again = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests, "--threads", "2")
    let csv = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests",
      PatchbayRunner.fixture("datacenter/requests.csv"))
    #expect(!one.stdout.isEmpty)
    #expect(one.stdout == two.stdout)
    #expect(two.stdout == again.stdout)
    #expect(one.stdout == csv.stdout)
  }

  @Test func writesTheOutputFileWhole() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "patchbay-allocate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("plan.json").path
    let output = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests, "--output", path)
    #expect(output.status == 0)
    #expect(output.stdout.isEmpty)
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written.hasPrefix("{\n  \"assignments\": ["))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["plan.json"])

    let refused = try PatchbayRunner.run(
      "allocate", "--inventory", inventory, "--requests", requests, "--output",
      folder.appendingPathComponent("missing/plan.json").path)
    #expect(refused.status == 73)
    #expect(refused.stderr.contains("missing/plan.json"))
  }

  @Test(arguments: [
    (["--threads", "0"], Int32(64)), (["--time-limit", "-1"], Int32(64)),
    (["--requests", "nope.json"], Int32(66)),
  ])
  func refusesBadArguments(_ extra: [String], _ status: Int32) throws {
    var arguments = ["allocate", "--inventory", inventory]
    if !extra.contains("--requests") { arguments += ["--requests", requests] }
    let output = try PatchbayRunner.run(arguments + extra)
    #expect(output.status == status, "\(output.stderr)")
    #expect(output.stdout.isEmpty)
  }

  @Test func allocateThenVerifyThenApply() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "patchbay-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let plan = folder.appendingPathComponent("plan.json").path
    let after = folder.appendingPathComponent("after.json").path
    #expect(
      try PatchbayRunner.run(
        "allocate", "--inventory", inventory, "--requests", requests, "--output", plan
      ).status == 0)
    let verify = try PatchbayRunner.run(
      "verify", "--inventory", inventory, "--requests", requests, "--plan", plan)
    #expect(verify.status == 0, "\(verify.stdout)")
    #expect(verify.stdout.hasPrefix("plan is valid: 33 assignments"))
    let apply = try PatchbayRunner.run(
      "apply", "--inventory", inventory, "--plan", plan, "--output", after)
    #expect(apply.status == 0, "\(apply.stderr)")
    // The committed inventory holds the 33 new ports: 446 free before, 413 after.
    let check = try PatchbayRunner.run("validate", "--inventory", after)
    #expect(check.stdout.contains("472 ports (413 free), 71 connections"), "\(check.stdout)")
    // Planning the same batch again on it: every placed request's id is now a connection.
    let again = try PatchbayRunner.run(
      "allocate", "--inventory", after, "--requests", requests)
    #expect(again.status == 0)
    #expect(again.stderr.contains("0 placed"))
  }
}
