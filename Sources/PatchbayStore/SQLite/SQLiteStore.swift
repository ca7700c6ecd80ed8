import Foundation
internal import GRDB
import Patchbay

/// The provisioning state in one SQLite file: the embedded ``/Patchbay/ProvisioningStore``.
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
///   throws ``/Patchbay/StoreError/Kind/busy``. No SQLite "busy" or "locked" error reaches the caller as
///   such.
///
/// What waits, and for how long: ``write(_:)`` and ``importInventory(_:)`` wait up to
/// ``busyTimeout`` for other writers, then hold the write lock while their body runs (so a long
/// body, `approve --all`, makes other writers wait). ``read(_:)`` never waits for writers. Opening
/// waits up to ``busyTimeout`` when it must bring an older schema up to date. All of it waits on
/// GRDB's own threads (a write body's calls are handed to GRDB's thread and back, see
/// `TransactionBridge`), never on a Swift concurrency thread.
///
/// It uses GRDB's `DatabasePool` rather than a `DatabaseQueue`: a pool requires WAL, which the
/// store wants anyway, and serves reads on their own connections, so a long `state export` in a
/// service does not hold up the writes of other requests. Within one process the pool's writer
/// connection serialises this store's writes; between processes (and between two stores on one
/// file) SQLite's lock does.
///
/// Only ``create(path:busyTimeout:)`` (`state init`) makes Patchbay's tables, and only in a new
/// file, an empty one, or an SQLite database without tables. Opening anything else that is not a
/// Patchbay database (another program's SQLite file, a text file) throws
/// ``/Patchbay/StoreError/Kind/foreign`` without writing to it.
public final class SQLiteStore: ProvisioningStore {
  /// Whether a store may write: ``StoreAccess``, by its earlier name.
  public typealias Access = StoreAccess

  /// The database file.
  public let path: String
  /// Seconds a write waits for other writers before ``/Patchbay/StoreError/Kind/busy``.
  public let busyTimeout: Double
  /// Whether this store may write (``StoreAccess/readWrite``) or only read.
  public let access: Access

  let pool: DatabasePool
  let errors: ErrorMapping

  /// The store whose transaction body the current task is running, to refuse a transaction
  /// started inside another on the same store (it would wait for itself forever).
  @TaskLocal static var runningBody: ObjectIdentifier?

  /// Opens the Patchbay database at `path`, which `state init` made.
  ///
  /// - Throws: ``/Patchbay/StoreError/Kind/unavailable`` for a missing file, a folder, a file that cannot
  ///   be read; ``/Patchbay/StoreError/Kind/foreign`` for a file that is not a Patchbay database (nothing
  ///   is written to it); ``/Patchbay/StoreError/Kind/newerSchema`` for a database of a newer Patchbay;
  ///   ``/Patchbay/StoreError/Kind/busy`` when bringing an older schema up to date waits too long.
  public convenience init(path: String, access: Access = .readWrite, busyTimeout: Double = 10)
    async throws
  {
    try await self.init(
      path: path, access: access, busyTimeout: busyTimeout, checkpoints: .afterCommits)
  }

  /// When the store copies what it wrote from the write-ahead log into the file.
  package enum Checkpoints: Sendable {
    /// SQLite's way: at the end of a commit that leaves more than a thousand pages in the log.
    case afterCommits
    /// Only in ``close()``, for a command that commits one big transaction and ends: its answer
    /// is printed while the log is copied (for `approve --all` on `large`, 60 MB), instead of
    /// after. A store that is never closed leaves the log to the next one that opens the file.
    case atClose
  }

  /// ``init(path:access:busyTimeout:)`` with the checkpoints chosen.
  package convenience init(
    path: String, access: Access, busyTimeout: Double, checkpoints: Checkpoints
  ) async throws {
    let errors = ErrorMapping(path: path, busyTimeout: busyTimeout)
    let pool = try await Self.offConcurrencyPool {
      try Self.connect(
        path: path, access: access, creating: false, errors: errors, checkpoints: checkpoints)
    }
    self.init(path: path, access: access, pool: pool, errors: errors)
  }

  /// Copies the write-ahead log into the file as far as no reader still needs it, and closes
  /// the store's connections; the store must not be used afterwards. A failure is left to
  /// SQLite: the log stays, whole, and the next connection to open the file copies it.
  package func close() async {
    let pool = pool
    let writes = access.writes
    _ = try? await Self.offConcurrencyPool {
      if writes { _ = try? pool.writeWithoutTransaction { try $0.checkpoint(.passive) } }
      // The readers first: the connection that closes last deletes the log, and a reader,
      // opened read-only, cannot.
      pool.releaseMemory()
      try? pool.close()
    }
  }

  /// Makes a new Patchbay database at `path` (`patchbay state init`; ``importInventory(_:)``
  /// loads it), or opens one that has no inventory yet.
  ///
  /// The file may be missing (it is made), empty, an SQLite database without tables, or a
  /// Patchbay database; anything else is refused (``/Patchbay/StoreError/Kind/foreign``) and left as it was.
  public static func create(path: String, busyTimeout: Double = 10) async throws -> SQLiteStore {
    let errors = ErrorMapping(path: path, busyTimeout: busyTimeout)
    let pool = try await offConcurrencyPool {
      try connect(path: path, access: .readWrite, creating: true, errors: errors)
    }
    return SQLiteStore(path: path, access: .readWrite, pool: pool, errors: errors)
  }

  private init(path: String, access: Access, pool: DatabasePool, errors: ErrorMapping) {
    self.path = path
    self.busyTimeout = errors.busyTimeout
    self.access = access
    self.pool = pool
    self.errors = errors
  }

  // MARK: Transactions

  public func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T)
    async throws -> T
  {
    let pool = pool
    let path = path
    return try await run({ try await body($0) }) { bridge in
      try await pool.read { db in
        try Self.requireInventory(db, path: path)
        _ = bridge.serve(SQLiteTransaction(db))
      }
    }
  }

  public func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T)
    async throws -> T
  {
    try requireWrites()
    let pool = pool
    let path = path
    let errors = errors
    // `approve --all` reads its inventory on a read connection while the writer reads the
    // interfaces (`StoreTransaction.interfacesToApprove()`).
    let approvalSlice: @Sendable () async throws -> InventorySlice = {
      try await errors.mapping {
        try await pool.read { db in
          let transaction = SQLiteTransaction(db)
          return try transaction.slice(try transaction.approvalScope())
        }
      }
    }
    return try await run({ try await body($0) }, approvalSlice: approvalSlice) { bridge in
      try await pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          try Self.requireInventory(db, path: path)
          return bridge.serve(SQLiteTransaction(db)) ? .commit : .rollback
        }
      }
    }
  }

  public func importInventory(_ inventory: Inventory) async throws {
    try requireWrites()
    let path = path
    try await errors.mapping {
      try await pool.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          try InventoryImport.run(db, inventory, path: path)
          return .commit
        }
      }
    }
  }

  /// Runs `body` against the database access that `access` starts on GRDB's thread, through a
  /// ``TransactionBridge``; the access commits only if `body` returns.
  private func run<T: Sendable>(
    _ body: (StoreTransaction) async throws -> T,
    approvalSlice: (@Sendable () async throws -> InventorySlice)? = nil,
    access: @escaping @Sendable (TransactionBridge) async throws -> Void
  ) async throws -> T {
    let me = ObjectIdentifier(self)
    if Self.runningBody == me {
      throw StoreError.unavailable(
        path, reason: "a transaction was started inside another on the same store")
    }
    let bridge = TransactionBridge(errors: errors)
    async let accessed: Void = Self.serve(bridge, access: access, path: path)
    let outcome: Result<T, any Error>
    do {
      outcome = .success(
        try await Self.$runningBody.withValue(me) {
          try await body(StoreTransaction(bridge: bridge, approvalSlice: approvalSlice))
        })
    } catch {
      outcome = .failure(error)
    }
    bridge.finish(commit: (try? outcome.get()) != nil)
    do {
      try await accessed
    } catch {
      // The access failed (busy, a failed commit): that is the answer, whatever the body saw.
      throw errors.map(error)
    }
    return try outcome.mapError { errors.map($0) }.get()
  }

  /// Runs the database access; whatever ends it, the bridge is closed, so that no call of the
  /// body waits for a connection that is gone.
  private static func serve(
    _ bridge: TransactionBridge, access: @Sendable (TransactionBridge) async throws -> Void,
    path: String
  ) async throws {
    do {
      try await access(bridge)
    } catch {
      bridge.close(error)
      throw error
    }
    bridge.close(StoreError.unavailable(path, reason: "the transaction is over"))
  }

  func requireWrites() throws {
    guard access.writes else {
      throw StoreError.unavailable(path, reason: "the store was opened read-only")
    }
  }

  /// Reading and writing need an inventory: without one every answer would be empty, not wrong
  /// in a way anyone would notice.
  private static func requireInventory(_ db: Database, path: String) throws {
    let imported = try Bool.fetchOne(
      db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM inventory_info)"))
    if imported != true { throw StoreError.notInitialized(path) }
  }

  // MARK: Opening

  /// Looks at the file, then opens it as `access` asks; blocking, so run off the concurrency
  /// pool.
  private static func connect(
    path: String, access: Access, creating: Bool, errors: ErrorMapping,
    checkpoints: Checkpoints = .afterCommits
  ) throws -> DatabasePool {
    let found = try DatabaseFile.inspect(path)
    var location = path
    switch found {
    case .missing where !creating:
      throw StoreError.unavailable(
        path,
        reason: "no such file; make it with `patchbay state init --db \(path) --inventory INV`")
    case .emptyFile where !creating:
      throw StoreError.foreign(path, reason: "an empty file")
    case .missing: try DatabaseFile.checkFolder(of: path)
    case .emptyFile: break
    case .sqlite:
      let identity: DatabaseFile.Identity
      (identity, location) = try errors.mapping {
        try identify(path, access: access, busyTimeout: errors.busyTimeout)
      }
      switch identity {
      case .patchbay: break
      case .empty where creating: break
      case .empty: throw StoreError.foreign(path, reason: "an SQLite database with no tables")
      case .foreign(let reason): throw StoreError.foreign(path, reason: reason)
      }
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(errors.busyTimeout)
    configuration.label = "Patchbay \(path)"
    configuration.readonly = !access.writes
    if access.writes {
      configuration.journalMode = .wal
      configuration.prepareDatabase { db in
        // `approve --all` changes every interface of a big batch in one transaction; with
        // SQLite's default 2 MB page cache it spills dirty pages to the WAL halfway and writes
        // them again. On `large` (a 150 MB file) it dirties about 130 MB of pages, so the writer
        // may keep 256 MB; readers, which dirty nothing, 128 MB. The cache grows only as pages
        // are used, so small commands pay nothing.
        try db.execute(
          sql: db.configuration.readonly
            ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -262144")
        if checkpoints == .atClose, !db.configuration.readonly {
          try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
      }
    }
    return try errors.mapping {
      let pool = try DatabasePool(path: location, configuration: configuration)
      if access.writes {
        try migrate(pool, path: path)
        if creating { try stamp(pool) }
      } else {
        try checkSchema(pool, path: path)
      }
      return pool
    }
  }

  /// Whose the SQLite file at `path` is, read on a read-only connection; and where a read-only
  /// store opens it: the path, or an immutable URI for a WAL database in a folder this process
  /// cannot write (see ``DatabaseFile/immutableURI(_:)``).
  private static func identify(_ path: String, access: Access, busyTimeout: Double) throws -> (
    DatabaseFile.Identity, String
  ) {
    var configuration = Configuration()
    configuration.readonly = true
    // A read waits only in SQLite's rare cases: another connection cleaning up as it closes, or
    // recovering the WAL after a crash (both brief). Many commands starting at once meet them.
    configuration.busyMode = .timeout(busyTimeout)
    func look(_ location: String) throws -> DatabaseFile.Identity {
      let queue = try DatabaseQueue(path: location, configuration: configuration)
      defer { try? queue.close() }
      return try queue.read { try DatabaseFile.identify($0) }
    }
    do {
      return (try look(path), path)
    } catch let error as DatabaseError
      where error.extendedResultCode == .SQLITE_READONLY_DIRECTORY
      || error.resultCode == .SQLITE_CANTOPEN
    {
      guard !FileManager.default.fileExists(atPath: path + "-wal") else { throw error }
      let uri = DatabaseFile.immutableURI(path)
      return (try look(uri), access.writes ? path : uri)
    }
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
      throw StoreError.newerSchema(
        path, found: unknown.sorted().joined(separator: ", "), expected: migrator.migrations.last)
    }
    if applied.isSuperset(of: known) { return }
    do {
      try migrator.migrate(pool)
    } catch let error as DatabaseError where !ErrorMapping.isBusy(error) {
      let applied = try pool.read { try migrator.appliedIdentifiers($0) }
      guard applied.isSuperset(of: known) else { throw error }
      return
    }
    if applied.contains("v4"), !applied.contains("v5") { compact(pool) }
  }

  /// Rewrites the file once after v5 took the LOAs out of `interface`: SQLite leaves each row
  /// where it was, a third of its size, so the table kept its pages, each a third full, and a
  /// batch approval would still dirty all of them (on `large`, 2.8 s against 2.4 s after
  /// `VACUUM`, which takes about 2 s and gives back 70 MB). A file another connection is writing
  /// is left as it is: it works the same, only slower, and `sqlite3 FILE VACUUM` compacts it.
  private static func compact(_ pool: DatabasePool) {
    try? pool.writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
  }

  /// The schema a read-only store finds must be this build's: it cannot bring it up to date.
  private static func checkSchema(_ pool: DatabasePool, path: String) throws {
    let migrator = Schema.migrator
    let known = Set(migrator.migrations)
    let applied = try pool.read { try migrator.appliedIdentifiers($0) }
    let unknown = applied.subtracting(known)
    if !unknown.isEmpty {
      throw StoreError.newerSchema(
        path, found: unknown.sorted().joined(separator: ", "), expected: migrator.migrations.last)
    }
    let missing = known.subtracting(applied)
    if !missing.isEmpty {
      throw StoreError.unavailable(
        path,
        reason: "its schema is older than this Patchbay's (it lacks "
          + "\(missing.sorted().joined(separator: ", "))); run a command that writes, such as "
          + "`patchbay interface approve --all`, to bring it up to date")
    }
  }

  /// Marks the file as Patchbay's, so that later commands know it from another program's.
  private static func stamp(_ pool: DatabasePool) throws {
    try pool.write { db in
      let current = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
      if current != DatabaseFile.applicationID {
        try db.execute(sql: "PRAGMA application_id = \(DatabaseFile.applicationID)")
      }
    }
  }

  /// Runs blocking work (opening a file, a migration) on a Dispatch thread and suspends until it
  /// is done.
  private static func offConcurrencyPool<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T
  ) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
  }
}
