import Foundation
import GRDB
import PatchbayTestSupport
import Testing

/// What `--db` may name, through the binary: every command refuses a file that is not a Patchbay
/// database by name (exit 66, `database_foreign`) and leaves its bytes as they were; only
/// `state init` makes a database, and only in a new or empty file. The read commands open the
/// database read-only: they work on a file and a folder the user may only read, and never wait
/// for a writer.
@Suite struct DatabaseFileTests {
  /// One command of each kind: making, writing, batch writing, and the four reads.
  static func commands(_ workspace: ProvisioningWorkspace) throws -> [[String]] {
    [
      ["state", "init", "--inventory", PatchbayRunner.fixture("datacenter/inventory.json")],
      ["interface", "apply", "--request", try workspace.request("if-1", account: "9100")],
      ["interface", "approve", "--all"],
      ["interface", "cancel", "if-1"],
      ["interface", "show", "if-1"],
      ["interface", "list"],
      ["interface", "history", "if-1"],
      ["state", "export"],
    ]
  }

  @Test(arguments: ForeignFile.allCases)
  func everyCommandRefusesAFileThatIsNotAPatchbayDatabaseByName(_ foreign: ForeignFile) throws {
    let workspace = try ProvisioningWorkspace(inventory: nil)
    defer { workspace.remove() }
    for command in try Self.commands(workspace) {
      let path = workspace.path("\(foreign)-\(command[1]).db")
      try foreign.make(path)
      let before = try Data(contentsOf: URL(fileURLWithPath: path))
      let output = try PatchbayRunner.run(command + ["--db", path])
      if command[1] == "init" && foreign.mayBecomeADatabase {
        #expect(output.status == 0, "\(foreign) \(command): \(output.stderr)")
        continue
      }
      #expect(output.status == 66, "\(foreign) \(command): \(output.stdout) \(output.stderr)")
      #expect(PrintedJSON.errorCode(output) == "database_foreign", "\(foreign) \(command)")
      #expect(
        output.stderr.contains("\(path) is not a Patchbay database"), "\(output.stderr)")
      #expect(output.stderr.contains("state init"), "\(output.stderr)")
      let after = try Data(contentsOf: URL(fileURLWithPath: path))
      #expect(after == before, "\(foreign) \(command) changed the file")
    }
  }

  @Test func aMissingDatabaseOrAFolderIsRefusedAndNothingIsMade() throws {
    let workspace = try ProvisioningWorkspace(inventory: nil)
    defer { workspace.remove() }
    for command in try Self.commands(workspace) where command[1] != "init" {
      let missing = workspace.path("missing.db")
      let output = try PatchbayRunner.run(command + ["--db", missing])
      #expect(output.status == 66, "\(command): \(output.stderr)")
      #expect(PrintedJSON.errorCode(output) == "database_unavailable")
      #expect(output.stderr.contains("no such file"), "\(output.stderr)")
      #expect(!FileManager.default.fileExists(atPath: missing))
      let folder = try PatchbayRunner.run(command + ["--db", workspace.folder.path])
      #expect(folder.status == 66, "\(command): \(folder.stderr)")
      #expect(folder.stderr.contains("is a folder"), "\(folder.stderr)")
    }
  }

  /// The reads while another connection holds the write lock in an open transaction, as a long
  /// `approve --all` does: they answer at once, from the last commit.
  @Test func readsNeverWaitForAWriter() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    #expect(
      try workspace.interface("apply", "--request", workspace.request("if-1", account: "9100"))
        .status == 0)
    let holder = try DatabaseQueue(path: workspace.db)
    defer { try? holder.close() }
    let results = try holder.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      defer { try? db.execute(sql: "ROLLBACK") }
      try db.execute(sql: "UPDATE interface SET priority = 99")
      var results: [(command: [String], output: PatchbayRunner.Output, seconds: Double)] = []
      for command in [
        ["interface", "show", "if-1"], ["interface", "list"], ["interface", "history", "if-1"],
        ["state", "export"],
      ] {
        let started = Date()
        let output = try PatchbayRunner.run(command + ["--db", workspace.db, "--wait", "5"])
        results.append((command, output, Date().timeIntervalSince(started)))
      }
      // A command that writes does wait, and gives up (the writer still holds the lock).
      let started = Date()
      let write = try PatchbayRunner.run(
        ["interface", "cancel", "if-1", "--db", workspace.db, "--wait", "1"])
      results.append((["interface", "cancel"], write, Date().timeIntervalSince(started)))
      return results
    }
    for (command, output, seconds) in results.dropLast() {
      #expect(output.status == 0, "\(command): \(output.stderr)")
      #expect(seconds < 4, "\(command) waited \(seconds) s for the writer")
      #expect(!output.stdout.contains("\"priority\": 99"), "\(command) saw an uncommitted change")
    }
    let write = try #require(results.last)
    #expect(write.output.status == 75, "\(write.output.stderr)")
    #expect(write.seconds >= 0.8)
  }

  /// A database the user may only read (the file 0444, and the folder read-only or not): the
  /// reads work, a write is refused with 66 and a message that says why, and nothing changes.
  @Test(
    .enabled(if: ReadOnlyUser.available, "needs a user without root's permissions"),
    arguments: [false, true])
  func readsWorkOnADatabaseTheUserMayOnlyRead(folderIsReadOnly: Bool) throws {
    let workspace = try ProvisioningWorkspace()
    defer {
      chmod(workspace.folder.path, 0o755)
      workspace.remove()
    }
    #expect(
      try workspace.interface("apply", "--request", workspace.request("if-1", account: "9100"))
        .status == 0)
    // Only the database file, with no -wal or -shm left beside it, as after a clean close.
    let folder = workspace.folder.appendingPathComponent("shelf")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("provisioning.db").path
    try FileManager.default.copyItem(atPath: workspace.db, toPath: db)
    chmod(db, 0o444)
    chmod(folder.path, folderIsReadOnly ? 0o555 : 0o777)
    defer { chmod(folder.path, 0o755) }
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    for command in [
      ["interface", "show", "if-1"], ["interface", "list"], ["interface", "history", "if-1"],
      ["state", "export"],
    ] {
      let output = try ReadOnlyUser.run(command + ["--db", db])
      #expect(output.status == 0, "\(command): \(output.stderr)")
      let expected = command[1] == "export" ? "\"regions\"" : "if-1"
      #expect(output.stdout.contains(expected), "\(command): \(output.stdout)")
    }
    let write = try ReadOnlyUser.run(["interface", "cancel", "if-1", "--db", db])
    #expect(write.status == 66, "\(write.stdout) \(write.stderr)")
    #expect(PrintedJSON.errorCode(write) == "database_unavailable")
    #expect(write.stderr.contains("permission denied"), "\(write.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    let state = PrintedJSON.object(try ReadOnlyUser.run(["interface", "show", "if-1", "--db", db]))
    #expect(state["state"] as? String == "toApplyForLOA")
  }
}

/// Runs the binary as a user that file permissions apply to: `nobody` through `setpriv` when the
/// tests run as root (root reads and writes whatever the mode says), the current user otherwise.
enum ReadOnlyUser {
  static let setpriv = "/usr/bin/setpriv"

  static var available: Bool {
    geteuid() != 0 || FileManager.default.isExecutableFile(atPath: setpriv)
  }

  static func run(_ arguments: [String]) throws -> PatchbayRunner.Output {
    guard geteuid() == 0 else { return try PatchbayRunner.run(arguments) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: setpriv)
    process.arguments =
      ["--reuid", "65534", "--regid", "65534", "--clear-groups", PatchbayRunner.executable.path]
      + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return PatchbayRunner.Output(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
