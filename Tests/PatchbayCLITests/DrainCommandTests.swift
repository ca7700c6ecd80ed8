import Foundation
import Testing

/// `patchbay drain` on the shipped data centre: PLANNING.md's JSON shape, the output file, a
/// database, and the refusals with their exit codes.
@Suite struct DrainCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func jsonHasPlanningsShape() throws {
    let output = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-yh-b-asw-01")
    #expect(output.status == 0, "\(output.stderr)")
    let plan = try json(output.stdout)
    let moves = try #require(plan["moves"] as? [[String: Any]])
    let stranded = try #require(plan["stranded"] as? [[String: Any]])
    let summary = try #require(plan["summary"] as? [String: Int])
    #expect(!moves.isEmpty)
    for move in moves {
      #expect(move["connection"] is String)
      for end in ["from", "to"] {
        let place = try #require(move[end] as? [String: String])
        #expect(Set(place.keys) == ["device", "port"])
      }
      #expect((move["from"] as? [String: String])?["device"] == "hz-yh-b-asw-01")
      #expect((move["to"] as? [String: String])?["device"] == "hz-yh-b-asw-02")
    }
    for entry in stranded {
      #expect(Set(entry.keys) == ["connection", "code", "message"])
      #expect(
        ["no_other_device", "no_free_port", "no_diverse_device", "capacity_contention"].contains(
          entry["code"] as? String ?? ""))
    }
    #expect(Set(summary.keys) == ["toMove", "moved", "stranded", "portChanges"])
    #expect(summary["toMove"] == (summary["moved"] ?? 0) + (summary["stranded"] ?? 0))
    #expect(summary["stranded"] == stranded.count)
    #expect(summary["portChanges"] == moves.count)
    #expect(plan["devices"] as? [String] == ["hz-yh-b-asw-01"])
    #expect(plan["optimal"] as? Bool == true)
    #expect(
      output.stderr.contains(
        "patchbay drain: \(summary["toMove"]!) live connections on 1 device, "
          + "\(summary["moved"]!) moved"))
    let again = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-yh-b-asw-01")
    #expect(again.stdout == output.stdout)
  }

  @Test func severalDevicesAndTheOutputFile() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-drain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("moves.json").path
    let written = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-xs-a-asw-01", "--device",
      "bj-ft-a-asw-02", "--output", path)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.isEmpty)
    let toStandardOutput = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-xs-a-asw-01", "--device",
      "bj-ft-a-asw-02")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == toStandardOutput.stdout)
    let plan = try json(toStandardOutput.stdout)
    #expect(plan["devices"] as? [String] == ["hz-xs-a-asw-01", "bj-ft-a-asw-02"])
    let unwritable = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-xs-a-asw-01", "--output",
      "/nonexistent/folder/moves.json")
    #expect(unwritable.status == 73)
    #expect(unwritable.stderr.contains("/nonexistent/folder/moves.json"))
  }

  @Test func databaseGivesTheFilePlan() throws {
    let workspace = try ProvisioningWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.folder) }
    let fromDatabase = try PatchbayRunner.run(
      "drain", "--db", workspace.db, "--device", "hz-yh-b-asw-01")
    #expect(fromDatabase.status == 0, "\(fromDatabase.stderr)")
    let fromFile = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "hz-yh-b-asw-01")
    #expect(
      (try json(fromDatabase.stdout)["summary"] as? NSDictionary)
        == (try json(fromFile.stdout)["summary"] as? NSDictionary))
  }

  /// `--apply` commits the moves: an approved interface on the drained device moves, with a
  /// `move` entry in its history; a second drain finds only what could not move.
  @Test func applyCommitsTheMovesWithHistory() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    #expect(
      try workspace.interface("apply", "--request", workspace.request("q1", account: "1")).status
        == 0)
    #expect(try workspace.run("apply-loa", "q1").status == 0)
    let approved = try workspace.run("approve", "q1")
    #expect(approved.status == 0, "\(approved.stderr)")
    let device = try #require(PrintedJSON.object(approved)["device"] as? String)
    let path = workspace.path("moves.json")
    let applied = try PatchbayRunner.run(
      "drain", "--db", workspace.db, "--device", device, "--apply", "--output", path)
    #expect(applied.status == 0, "\(applied.stderr)")
    #expect(applied.stderr.contains("moves committed"))
    let plan = try json(try String(contentsOfFile: path, encoding: .utf8))
    let moves = try #require(plan["moves"] as? [[String: Any]])
    let move = try #require(moves.first { $0["connection"] as? String == "q1" })
    let to = try #require(move["to"] as? [String: String])
    let shown = PrintedJSON.object(try workspace.interface("show", "q1"))
    #expect(shown["device"] as? String == to["device"])
    #expect(shown["port"] as? String == to["port"])
    let history = PrintedJSON.array(try workspace.interface("history", "q1"))
    #expect(history.last?["action"] as? String == "move", "\(history)")
    let again = try PatchbayRunner.run("drain", "--db", workspace.db, "--device", device)
    let summary = try #require(try json(again.stdout)["summary"] as? [String: Int])
    #expect(summary["moved"] == 0)
    #expect(summary["toMove"] == summary["stranded"])
  }

  /// Standard output full after `--apply` committed: exit 73, and standard error says the
  /// moves are in the database; a plan on a full standard output without `--apply` is 73 too.
  @Test func aLostPlanAfterApplySaysTheMovesAreCommitted() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let applied = try BrokenStreamRunner.run(
      ["drain", "--db", workspace.db, "--device", "hz-yh-b-asw-01", "--apply"], stdout: .full)
    #expect(applied.status == 73)
    #expect(applied.said.contains("its 2 moves are committed in the database"), "\(applied.said)")
    let again = try PatchbayRunner.run("drain", "--db", workspace.db, "--device", "hz-yh-b-asw-01")
    #expect(
      try json(again.stdout)["summary"] as? [String: Int] == [
        "toMove": 2, "moved": 0, "stranded": 2, "portChanges": 0,
      ])
    let planOnly = try BrokenStreamRunner.run(
      ["drain", "--inventory", inventory, "--device", "hz-yh-b-asw-01"], stdout: .full)
    #expect(planOnly.status == 73)
    #expect(!planOnly.said.contains("committed"))
  }

  @Test(arguments: [
    (["drain", "--device", "hz-yh-b-asw-01"], "give either --inventory FILE or --db DATABASE"),
    (["drain", "--inventory", "INV", "--db", "x.db", "--device", "d"], "give either"),
    (["drain", "--inventory", "INV"], "no device to drain"),
    (
      ["drain", "--inventory", "INV", "--device", "hz-yh-b-asw-01", "--device", "hz-yh-b-asw-01"],
      "--device hz-yh-b-asw-01 is given twice"
    ),
    (
      ["drain", "--inventory", "INV", "--device", "no-such-device"], "unknown device no-such-device"
    ),
    (["drain", "--inventory", "INV", "--device", "HZ-YH-B-ASW-01"], "did you mean hz-yh-b-asw-01"),
    (
      ["drain", "--inventory", "INV", "--device", "hz-yh-b-asw-01", "--apply"], "give --db DATABASE"
    ),
  ])
  func refusalsExit64(_ arguments: [String], _ words: String) throws {
    let output = try PatchbayRunner.run(arguments.map { $0 == "INV" ? inventory : $0 })
    #expect(output.status == 64, "\(output.stderr)")
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains(words), "\(output.stderr)")
  }

  @Test func unknownDeviceSaysHowToListThem() throws {
    let output = try PatchbayRunner.run(
      "drain", "--inventory", inventory, "--device", "no-such-device")
    #expect(output.stderr.contains("hz-yh-b-asw-01"))
    #expect(output.stderr.contains("patchbay capacity --format json"))
  }

  @Test func unreadableAndInvalidInputs() throws {
    let missing = try PatchbayRunner.run(
      "drain", "--inventory", "/nonexistent/inventory.json", "--device", "d")
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("/nonexistent/inventory.json"))
    let missingDatabase = try PatchbayRunner.run(
      "drain", "--db", "/nonexistent/provisioning.db", "--device", "d")
    #expect(missingDatabase.status == 66, "\(missingDatabase.stderr)")
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-drain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let bad = folder.appendingPathComponent("inventory.json").path
    try Data("{\"regions\": [".utf8).write(to: URL(fileURLWithPath: bad))
    let invalid = try PatchbayRunner.run("drain", "--inventory", bad, "--device", "d")
    #expect(invalid.status == 65)
    #expect(invalid.stderr.contains(bad))
  }

  @Test func helpHasExamples() throws {
    let output = try PatchbayRunner.run("drain", "--help")
    #expect(output.status == 0)
    #expect(output.stdout.contains("Examples:"))
    #expect(output.stdout.contains("patchbay drain --inventory inventory.json --device"))
  }
}
