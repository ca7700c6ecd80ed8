import Foundation
import Testing

/// `patchbay apply`: the new inventory is written whole, validates, and holds the plan's ports;
/// a plan that cannot be applied exits 1 listing every problem and writes nothing.
@Suite struct ApplyCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  let validPlan = PatchbayRunner.fixture("plans/datacenter-hand-made.json")
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-apply-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  @Test func aValidPlanBecomesANewInventory() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = path("after.json")
    let applied = try PatchbayRunner.run(
      "apply", "--inventory", inventory, "--plan", validPlan, "--output", output)
    #expect(applied.status == 0, "\(applied.stderr)")
    #expect(applied.stdout.isEmpty)
    #expect(
      applied.stderr.hasPrefix(
        "patchbay apply: 16 assignments became Allocated connections; \(output) has 54 "
          + "connections, 430 free ports, in "))

    let validated = try PatchbayRunner.run("validate", "--inventory", output)
    #expect(validated.status == 0, "\(validated.stderr)")
    #expect(validated.stdout.contains("472 ports (430 free), 54 connections."))
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(
      text.contains(
        #"{ "id": "req-0002", "account": "1001", "accessPoint": "ap-cn-hangzhou-yh-B", "#
          + #""device": "hz-yh-b-asw-02", "port": "1/1/10", "portType": "10GBase-LR", "#
          + #""status": "Allocated", "redundantConnection": "req-0001" }"#))

    // The ports are held now: the same plan no longer verifies against the new inventory, and
    // cannot be applied again.
    let verified = try PatchbayRunner.run(
      "verify", "--inventory", output, "--requests",
      PatchbayRunner.fixture("datacenter/requests.json"), "--plan", validPlan)
    #expect(verified.status == 1)
    #expect(verified.stdout.contains("port_occupied"))
    let again = try PatchbayRunner.run(
      "apply", "--inventory", output, "--plan", validPlan, "--output", path("twice.json"))
    #expect(again.status == 1)
    #expect(again.stderr.contains("connection_exists"))
    #expect(!FileManager.default.fileExists(atPath: path("twice.json")))
  }

  @Test func theOutputMayReplaceTheInput() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy = path("inventory.json")
    try FileManager.default.copyItem(atPath: inventory, toPath: copy)
    let applied = try PatchbayRunner.run(
      "apply", "--inventory", copy, "--plan", validPlan, "--output", copy)
    #expect(applied.status == 0, "\(applied.stderr)")
    let validated = try PatchbayRunner.run("validate", "--inventory", copy)
    #expect(validated.stdout.contains("54 connections"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(leftovers == ["inventory.json"])
  }

  @Test func aPlanThatCannotBeAppliedExitsWith1AndWritesNothing() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = path("after.json")
    let broken = try PatchbayRunner.run(
      "apply", "--inventory", inventory, "--plan",
      PatchbayRunner.fixture("plans/datacenter-violations.json"), "--output", output)
    #expect(broken.status == 1)
    #expect(broken.stdout.isEmpty)
    #expect(broken.stderr.contains("cannot be applied"))
    #expect(broken.stderr.contains("2 problems:"))
    #expect(
      broken.stderr.contains(
        "assignments[1] (req-0002): redundant_on_same_device: request req-0002 (port 1/1/11) "
          + "and its redundant connection req-0001 (port 1/1/10) are both on hz-yh-b-asw-01"))
    #expect(broken.stderr.contains("assignments[5] (req-0006): port_occupied: "))
    #expect(!FileManager.default.fileExists(atPath: output))

    // A plan written before accounts were carried.
    let old = path("old-plan.json")
    let text = try String(contentsOfFile: validPlan, encoding: .utf8)
      .replacingOccurrences(
        of: #", "account": "[0-9]+", "redundantConnection": [^,]+, "priority": [0-9]+"#,
        with: "", options: .regularExpression)
    #expect(!text.contains("\"account\""))
    try text.write(toFile: old, atomically: true, encoding: .utf8)
    let lacking = try PatchbayRunner.run(
      "apply", "--inventory", inventory, "--plan", old, "--output", output)
    #expect(lacking.status == 1)
    #expect(lacking.stderr.contains("16 problems:"))
    #expect(lacking.stderr.contains("missing_account"))
    #expect(lacking.stderr.contains("run patchbay allocate again"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func exitCodesForFilesAndUsage() throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let cases: [(arguments: [String], status: Int32, mentions: [String])] = [
      (
        ["--inventory", inventory, "--plan", validPlan, "--output", path("no-folder/x.json")], 73,
        ["no-folder/x.json"]
      ),
      (
        ["--inventory", inventory, "--plan", path("none.json"), "--output", path("x.json")], 66,
        ["none.json", "no such file"]
      ),
      (
        ["--inventory", inventory, "--plan", inventory, "--output", path("x.json")], 65,
        ["inventory.json", "\"assignments\" is missing"]
      ),
      (
        [
          "--inventory", PatchbayRunner.fixture("malformed/inventory-truncated.json"), "--plan",
          validPlan, "--output", path("x.json"),
        ], 65, ["inventory-truncated.json"]
      ),
      (["--inventory", inventory, "--plan", validPlan], 64, ["--output"]),
    ]
    for test in cases {
      let output = try PatchbayRunner.run(["apply"] + test.arguments)
      #expect(output.status == test.status, "\(test.arguments): \(output.stderr)")
      #expect(output.stdout.isEmpty)
      for word in test.mentions { #expect(output.stderr.contains(word), "\(output.stderr)") }
      #expect(!output.stderr.contains("Fatal error"))
    }
    #expect(!FileManager.default.fileExists(atPath: path("x.json")))
  }
}
