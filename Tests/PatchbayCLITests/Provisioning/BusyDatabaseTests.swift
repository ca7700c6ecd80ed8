import Foundation
import GRDB
import Testing

/// A database whose write lock another connection keeps past the command's bound (`--wait`): the
/// command waits, then gives up with exit 75 and `database_busy`, never SQLite's "database is
/// locked", and changes nothing; once the lock is released the same command succeeds.
@Suite struct BusyDatabaseTests {
  @Test func aCommandThatCannotGetTheDatabaseExitsWith75() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let id = "if-waiting"
    #expect(
      try workspace.interface("apply", "--request", workspace.request(id, account: "9500"))
        .status == 0)

    // Another connection takes the write lock and keeps it while the command runs.
    let holder = try DatabaseQueue(path: workspace.db)
    let started = Date()
    let refused = try holder.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      defer { try? db.execute(sql: "ROLLBACK") }
      return try PatchbayRunner.run(
        ["interface", "cancel", id, "--db", workspace.db, "--wait", "3"])
    }
    let waited = Date().timeIntervalSince(started)
    try holder.close()

    #expect(refused.status == 75, "\(refused.stdout) \(refused.stderr)")
    #expect(PrintedJSON.errorCode(refused) == "database_busy")
    #expect(!refused.stderr.contains("locked"), "\(refused.stderr)")
    #expect(waited >= 2.5, "gave up after \(waited) s instead of waiting for the writer")
    #expect(waited < 20, "waited \(waited) s, past the 3 s asked for")
    #expect(
      PrintedJSON.object(try workspace.interface("show", id))["state"] as? String
        == "toApplyForLOA")
    #expect(try workspace.run("cancel", id).status == 0)
  }
}
