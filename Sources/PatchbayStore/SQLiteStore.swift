internal import GRDB
import Patchbay

/// The provisioning state in one SQLite file: the embedded ``ProvisioningStore``.
///
/// Several processes (commands run by operators and scripts, a service) may open the same file
/// at once. What keeps them apart:
///
/// - The file is in WAL mode: readers never wait for the writer, and the writer never waits for
///   readers.
/// - Every write transaction starts with `BEGIN IMMEDIATE`, which takes the write lock before
///   reading anything. A deferred transaction that read first and then tried to write would find
///   the lock taken and fail at once with "database is locked" (SQLite cannot wait there without
///   risking a deadlock); an immediate one waits in the busy handler instead.
/// - The busy handler waits a bounded time (``busyTimeout``, 10 s by default), then the store
///   throws ``StoreError/busy(waitedSeconds:)``. No SQLite "busy" or "locked" error reaches the
///   caller as such.
///
/// It uses GRDB's `DatabasePool` rather than a `DatabaseQueue`: a pool requires WAL, which the
/// store wants anyway, and serves reads on their own connections, so a long `state export` in a
/// service does not hold up the writes of other requests. Within one process the pool's writer
/// connection serialises this store's writes; between processes (and between two stores on one
/// file) SQLite's lock does.
public final class SQLiteStore: ProvisioningStore {
  /// The database file.
  public let path: String
  /// Seconds a write waits for other writers before ``StoreError/busy(waitedSeconds:)``.
  public let busyTimeout: Double

  private let pool: DatabasePool
  private let errors: ErrorMapping

  /// Opens the database at `path`, creating it when there is no file, and brings its schema up
  /// to this build's (``Schema``).
  ///
  /// - Throws: ``StoreError/newerSchema(_:found:)`` for a database of a newer Patchbay,
  ///   ``StoreError/unavailable(_:reason:)`` for a file that cannot be opened or is not a
  ///   database, ``StoreError/busy(waitedSeconds:)`` when other writers hold it too long.
  public init(path: String, busyTimeout: Double = 10) throws {
    let errors = ErrorMapping(path: path, busyTimeout: busyTimeout)
    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    configuration.journalMode = .wal
    configuration.label = "Patchbay \(path)"
    configuration.prepareDatabase { db in
      // `approve --all` changes every interface of a big batch in one transaction; with
      // SQLite's default 2 MB page cache it spills dirty pages to the WAL halfway and writes
      // them again. The cache grows only as pages are used, so small commands pay nothing.
      try db.execute(sql: "PRAGMA cache_size = -131072")
    }
    let pool = try errors.mapping {
      try DatabasePool(path: path, configuration: configuration)
    }
    try errors.mapping { try Self.migrate(pool, path: path) }
    self.path = path
    self.busyTimeout = busyTimeout
    self.pool = pool
    self.errors = errors
  }

  public func read<T>(_ body: (any ProvisioningReader) throws -> T) throws -> T {
    try errors.mapping {
      try pool.read { db in
        try requireInventory(db)
        return try body(StoreTransaction(db))
      }
    }
  }

  public func write<T>(_ body: (any ProvisioningWriter) throws -> T) throws -> T {
    try errors.mapping {
      try pool.writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction(.immediate) {
          try requireInventory(db)
          result = try body(StoreTransaction(db))
          return .commit
        }
        return result!
      }
    }
  }

  public func importInventory(_ inventory: Inventory) throws {
    try errors.mapping {
      try pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          try InventoryImport.run(db, inventory, path: path)
          return .commit
        }
      }
    }
  }

  /// Reading and writing need an inventory: without one every answer would be empty, not wrong
  /// in a way anyone would notice.
  private func requireInventory(_ db: Database) throws {
    let imported = try Bool.fetchOne(
      db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM inventory_info)"))
    if imported != true { throw StoreError.notInitialized(path) }
  }

  /// Refuses a database that records a migration this build does not know, then runs the
  /// missing ones.
  ///
  /// Two processes opening a new file at once may both find a migration missing; SQLite
  /// serialises their transactions, and the second fails on the tables the first created. It
  /// then finds the migrations complete and goes on.
  private static func migrate(_ pool: DatabasePool, path: String) throws {
    let migrator = Schema.migrator
    let known = Set(migrator.migrations)
    let applied = try pool.read { try migrator.appliedIdentifiers($0) }
    let unknown = applied.subtracting(known)
    if !unknown.isEmpty {
      throw StoreError.newerSchema(path, found: unknown.sorted().joined(separator: ", "))
    }
    if applied.isSuperset(of: known) { return }
    do {
      try migrator.migrate(pool)
    } catch let error as DatabaseError where !ErrorMapping.isBusy(error) {
      let applied = try pool.read { try migrator.appliedIdentifiers($0) }
      guard applied.isSuperset(of: known) else { throw error }
    }
  }
}
