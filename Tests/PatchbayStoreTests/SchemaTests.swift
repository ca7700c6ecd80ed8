import Foundation
import GRDB
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

/// Opening creates or upgrades the schema, and refuses what this build cannot understand or what
/// is not a Patchbay database, without writing to it.
@Suite struct SchemaTests {
  @Test func emptyFileIsMigratedAndReopened() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    // An empty file (as `touch` leaves it) is a valid, empty SQLite database: `state init` may
    // make one there.
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    let inventory = try StoreFixtures.datacentre()
    try await SQLiteStore.create(path: path).importInventory(inventory)
    let reopened = try await SQLiteStore(path: path)
    #expect(
      try await reopened.read { try await $0.slice(.all) }.connections == inventory.connections)
    let queue = try DatabaseQueue(path: path)
    let migrations = try await queue.read {
      try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
    }
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
    let journal = try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    #expect(journal == "wal")
    let application = try await queue.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
    #expect(application == 0x5042_4159, "state init marks the file as Patchbay's")
  }

  @Test func unknownMigrationIsNewerSchema() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    _ = try await SQLiteStore.create(path: path)
    try await DatabaseQueue(path: path).write {
      try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
    }
    for access in [SQLiteStore.Access.readWrite, .readOnly] {
      await #expect(throws: StoreError.newerSchema(path, found: "v99", expected: "v5")) {
        _ = try await SQLiteStore(path: path, access: access)
      }
    }
  }

  /// A database made before `state init` stamped its application id is still Patchbay's: it
  /// has Patchbay's tables and migrations.
  @Test func aDatabaseWithoutTheApplicationIDButWithPatchbaysSchemaOpens() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try await DatabaseQueue(path: store.path).write {
      try $0.execute(sql: "PRAGMA application_id = 0")
    }
    for access in [SQLiteStore.Access.readWrite, .readOnly] {
      let reopened = try await SQLiteStore(path: store.path, access: access)
      #expect(
        try await reopened.read { try await $0.slice(.all) }.connections
          == inventory.connections)
    }
  }

  @Test func unusableFilesAreUnavailable() async throws {
    let folder = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(folder) }
    let missing = folder + "/no/such/folder/state.sqlite"
    for open in Opening.allCases {
      await #expect {
        _ = try await open.store(missing)
      } throws: { error in
        let error = error as? StoreError
        return error?.kind == .unavailable && error?.database == missing
          && error?.description.contains("no such file") == true
      }
    }
    // A missing file is made only by `create`.
    let absent = URL(fileURLWithPath: folder).deletingLastPathComponent().path + "/absent.db"
    for open in Opening.allCases where open != .create {
      await #expect {
        _ = try await open.store(absent)
      } throws: { error in
        (error as? StoreError)?.kind == .unavailable && "\(error)".contains("no such file")
      }
      #expect(!FileManager.default.fileExists(atPath: absent))
    }
  }

  /// What is not a Patchbay database is refused by name, however it is opened, and its bytes are
  /// left as they were; an empty file or a database without tables only by the commands that
  /// do not make a database.
  @Test(arguments: ForeignFile.allCases, Opening.allCases)
  func foreignFilesAreRefusedAndLeftAlone(_ file: ForeignFile, _ open: Opening) async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    try file.make(path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    if open == .create && file.mayBecomeADatabase {
      _ = try await open.store(path)
      return
    }
    await #expect {
      _ = try await open.store(path)
    } throws: { error in
      let error = error as? StoreError
      return error?.kind == .foreign && error?.code == "database_foreign"
        && error?.database == path && error?.description.contains(path) == true
        && error?.description.contains("not a Patchbay database") == true
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }
}

/// The three ways to open a store.
enum Opening: String, CaseIterable, Sendable, CustomStringConvertible {
  case create
  case readWrite
  case readOnly

  var description: String { rawValue }

  func store(_ path: String) async throws -> SQLiteStore {
    switch self {
    case .create: try await SQLiteStore.create(path: path)
    case .readWrite: try await SQLiteStore(path: path, access: .readWrite)
    case .readOnly: try await SQLiteStore(path: path, access: .readOnly)
    }
  }
}
