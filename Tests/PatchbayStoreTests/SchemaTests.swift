import Foundation
import GRDB
import Patchbay
import PatchbayStore
import Testing

/// Opening creates or upgrades the schema, and refuses what this build cannot understand.
@Suite struct SchemaTests {
  @Test func emptyFileIsMigratedAndReopened() throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    // An empty file (as `touch` leaves it) is a valid, empty SQLite database.
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    let inventory = try StoreFixtures.datacentre()
    try SQLiteStore(path: path).importInventory(inventory)
    let reopened = try SQLiteStore(path: path)
    #expect(try reopened.read { try $0.slice(.all) }.connections == inventory.connections)
    let queue = try DatabaseQueue(path: path)
    let migrations = try queue.read {
      try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
    }
    #expect(migrations == ["v1"])
    let journal = try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(journal == "wal")
  }

  @Test func unknownMigrationIsNewerSchema() throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    _ = try SQLiteStore(path: path)
    try DatabaseQueue(path: path).write {
      try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
    }
    #expect(throws: StoreError.newerSchema(path, found: "v99")) {
      _ = try SQLiteStore(path: path)
    }
  }

  @Test func unusableFilesAreUnavailable() throws {
    let folder = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(folder) }
    let missing = folder + "/no/such/folder/state.sqlite"
    #expect {
      _ = try SQLiteStore(path: missing)
    } throws: { error in
      guard case StoreError.unavailable(let path, _) = error else { return false }
      return path == missing
    }
    let garbage = folder + ".txt"
    _ = FileManager.default.createFile(
      atPath: garbage, contents: Data(repeating: 0x41, count: 4096))
    #expect {
      _ = try SQLiteStore(path: garbage)
    } throws: { error in
      guard case StoreError.unavailable = error else { return false }
      return true
    }
  }
}
