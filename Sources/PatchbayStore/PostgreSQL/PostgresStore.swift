import Foundation
import Logging
import Metrics
import Patchbay
internal import PostgresNIO

/// The provisioning state in a PostgreSQL database: the ``/Patchbay/ProvisioningStore`` for a
/// service that runs as several instances, on several hosts, on one database.
///
/// The contract is the SQLite store's, kept the way PostgreSQL wants it:
///
/// - Every ``write(_:)`` is one `READ COMMITTED` transaction. Commands at different access points
///   run in parallel; commands at one access point (or for one account) take turns on
///   transaction-scoped advisory locks; a batch runs alone (`PostgresTransaction` explains the
///   locks). `port_holding`'s primary key refuses a port given twice, whatever the callers do.
/// - A serialization failure or a deadlock (SQLSTATE 40001, 40P01) runs the whole transaction
///   again, up to ``maximumAttempts`` times with a growing, random pause, within ``busyTimeout``;
///   then ``/Patchbay/StoreError/Kind/busy``. So does a lock held past ``busyTimeout``
///   (`lock_timeout`). A body may therefore run more than once: it changes nothing but through
///   its writer.
/// - ``read(_:)`` is one `REPEATABLE READ READ ONLY` transaction: one snapshot, never waiting for
///   writers.
/// - A server that cannot be reached, refuses the login or goes away mid-command is
///   ``/Patchbay/StoreError/Kind/unavailable`` with the cause in words; never a raw driver error.
///   A transaction cut off before its commit leaves nothing behind.
///
/// The tables live in the schema `patchbay` of the URL's database (`PostgresSchema`). Opening a
/// store brings an older schema up to date (``StoreAccess/readWrite``); a database of a newer
/// Patchbay is refused by name. Only ``create(url:busyTimeout:logger:)`` (`state init`) makes the schema.
///
/// What waits, and for how long: connecting waits up to 10 s (less when ``busyTimeout`` is
/// shorter); a write waits up to ``busyTimeout`` for locks and for this store's own
/// connections; all of it on SwiftNIO's event loops, never blocking a Swift concurrency thread.
/// Call ``close()`` when done with the store.
public final class PostgresStore: ProvisioningStore {
  /// The database, without its password.
  public let url: PostgresURL
  /// Seconds a write waits for locks (and for a free connection of this store) before
  /// ``/Patchbay/StoreError/Kind/busy``.
  public let busyTimeout: Double
  /// Whether this store may write.
  public let access: StoreAccess
  /// How many times a write runs when PostgreSQL keeps aborting it as a serialization failure or
  /// a deadlock.
  public static let maximumAttempts = 8

  private let connections: PostgresConnections
  private let errors: PostgresErrors
  private let logger: Logger

  /// The store whose transaction body the current task is running, to refuse a transaction
  /// started inside another on the same store (it could wait for its own locks).
  @TaskLocal private static var runningBody: ObjectIdentifier?

  /// Opens the Patchbay database at `url`, which `state init` made, and brings an older schema
  /// up to date when `access` is ``StoreAccess/readWrite``.
  ///
  /// - Parameters:
  ///   - url: the database.
  ///   - access: ``StoreAccess/readOnly`` for a store that only reads (every transaction
  ///     `READ ONLY`, no migration).
  ///   - busyTimeout: seconds a write waits for locks, and for one of this store's connections,
  ///     before ``/Patchbay/StoreError/Kind/busy``; also bounds connecting (at most 10 s).
  ///   - connectionLimit: the most connections this store opens at once (a service's concurrent
  ///     commands); each command uses one.
  ///   - logger: where postgres-nio logs the connections' background events.
  /// - Throws: ``/Patchbay/StoreError/Kind/unavailable`` when the server cannot be reached or
  ///   refuses the login; ``/Patchbay/StoreError/Kind/notInitialized`` for a database without
  ///   Patchbay's schema; ``/Patchbay/StoreError/Kind/foreign`` for a schema `patchbay` that
  ///   Patchbay did not make; ``/Patchbay/StoreError/Kind/newerSchema`` for a newer Patchbay's.
  public convenience init(
    url: PostgresURL, access: StoreAccess = .readWrite, busyTimeout: Double = 10,
    connectionLimit: Int = 8, logger: Logger = Logger(label: "patchbay.store.postgres")
  ) async throws {
    try self.init(
      url: url, access: access, busyTimeout: busyTimeout, connectionLimit: connectionLimit,
      logger: logger, opening: ())
    try await prepare(creating: false)
  }

  /// Makes Patchbay's schema in the database at `url` (`patchbay state init`;
  /// ``importInventory(_:)`` loads it), or opens a Patchbay database that has no inventory yet.
  /// The database itself must exist (`createdb`); the role needs `CREATE` on it.
  ///
  /// - Parameters:
  ///   - url: the database.
  ///   - busyTimeout: seconds to wait for locks before ``/Patchbay/StoreError/Kind/busy``.
  ///   - logger: where postgres-nio logs the connections' background events.
  public static func create(
    url: PostgresURL, busyTimeout: Double = 10,
    logger: Logger = Logger(label: "patchbay.store.postgres")
  ) async throws -> PostgresStore {
    let store = try PostgresStore(
      url: url, access: .readWrite, busyTimeout: busyTimeout, connectionLimit: 2, logger: logger,
      opening: ())
    try await store.prepare(creating: true)
    return store
  }

  private init(
    url: PostgresURL, access: StoreAccess, busyTimeout: Double, connectionLimit: Int,
    logger: Logger, opening: Void
  ) throws {
    self.url = url
    self.access = access
    self.busyTimeout = busyTimeout
    self.logger = logger
    let errors = PostgresErrors(database: url.description, busyTimeout: busyTimeout)
    self.errors = errors
    self.connections = try PostgresConnections(
      url: url, limit: max(1, connectionLimit), errors: errors, logger: logger)
  }

  /// Closes the store's connections. Transactions still running finish first.
  public func close() async {
    await connections.close()
  }

  /// A store dropped without ``close()`` still closes its connections, in the background.
  deinit {
    let connections = connections
    Task { await connections.close() }
  }

  // MARK: Transactions

  public func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T)
    async throws -> T
  {
    try await transaction(
      begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", writing: false
    ) { transaction in
      try await Self.requireInventory(transaction, database: url.description)
      return try await body(transaction)
    }
  }

  public func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T)
    async throws -> T
  {
    try requireWrites()
    return try await retrying { transaction in
      try await Self.requireInventory(transaction, database: url.description)
      return try await body(transaction)
    }
  }

  /// Runs `body` in a `READ COMMITTED` transaction, again after a serialization failure or a
  /// deadlock (up to ``maximumAttempts`` times within ``busyTimeout``, then
  /// ``/Patchbay/StoreError/Kind/busy``).
  func retrying<T: Sendable>(_ body: (PostgresTransaction) async throws -> T) async throws -> T {
    let started = ContinuousClock.now
    var attempt = 1
    while true {
      do {
        return try await transaction(
          begin: "BEGIN ISOLATION LEVEL READ COMMITTED", writing: true, body)
      } catch is RetryableConflict {
        let waited = ContinuousClock.now - started
        let seconds =
          Double(waited.components.seconds)
          + Double(waited.components.attoseconds) / 1e18
        guard attempt < Self.maximumAttempts, seconds < busyTimeout else {
          Counter(label: "patchbay_database_busy_total", dimensions: [("backend", "postgresql")])
            .increment()
          throw StoreError.busy(waitedSeconds: (seconds * 10).rounded() / 10)
        }
        // Counted through swift-metrics: `patchbay serve` shows it at /metrics, and a service
        // that links the store sees it in its own metrics backend.
        Counter(label: "patchbay_database_retries_total", dimensions: [("backend", "postgresql")])
          .increment()
        // 10 ms, 20 ms, 40 ms ... up to 640 ms, times a random factor so that the two
        // transactions that met do not meet again.
        let pause = 0.01 * Double(1 << min(attempt - 1, 6)) * Double.random(in: 0.5...1.5)
        try await Task.sleep(for: .seconds(min(pause, max(0, busyTimeout - seconds))))
        attempt += 1
      }
    }
  }

  public func importInventory(_ inventory: Inventory) async throws {
    try requireWrites()
    _ = try await transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", writing: true) {
      transaction in
      try await PostgresImport(transaction: transaction, database: url.description).run(inventory)
      return true
    }
  }

  /// Runs `body` in one transaction on a connection of its own: commits if it returns, rolls
  /// back if it throws; maps every failure to the store's errors.
  private func transaction<T: Sendable>(
    begin: String, writing: Bool, _ body: (PostgresTransaction) async throws -> T
  ) async throws -> T {
    let me = ObjectIdentifier(self)
    if Self.runningBody == me {
      throw StoreError.unavailable(
        url.description, reason: "a transaction was started inside another on the same store")
    }
    var connection = try await errors.mapping { try await connections.take() }
    var transaction = PostgresTransaction(
      connection: connection, writing: writing, logger: logger)
    do {
      do {
        try await transaction.execute(PostgresQuery(unsafeSQL: begin))
      } catch let error where Self.connectionBroke(error) {
        // An idle connection the server dropped (a restart, an idle timeout) fails at once:
        // nothing ran on it, so a new connection may begin the transaction instead.
        if !connection.connection.isClosed { try? await connection.connection.close() }
        await connections.give(back: connection)
        connection = try await errors.mapping { try await connections.take() }
        transaction = PostgresTransaction(connection: connection, writing: writing, logger: logger)
        try await transaction.execute(PostgresQuery(unsafeSQL: begin))
      }
      if writing {
        let milliseconds = Int((busyTimeout * 1000).rounded())
        try await transaction.execute(
          PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(max(1, milliseconds))"))
      }
      let result = try await Self.$runningBody.withValue(me) { try await body(transaction) }
      try await transaction.execute("COMMIT")
      await connections.give(back: connection)
      return result
    } catch {
      if Self.connectionBroke(error) || connection.isClosed {
        // The connection broke: the server rolls back what it had; a ROLLBACK written to a
        // closing connection might never be answered.
        try? await connection.connection.close()
      } else {
        try? await transaction.execute("ROLLBACK")
      }
      await connections.give(back: connection)
      throw errors.map(error)
    }
  }

  /// Whether `error` says the connection itself broke (as opposed to the server refusing a
  /// statement, or the lifecycle refusing the command).
  private static func connectionBroke(_ error: any Error) -> Bool {
    if error is ConnectionLost { return true }
    if let error = error as? PSQLError { return error.code != .server }
    return false
  }

  func requireWrites() throws {
    guard access.writes else {
      throw StoreError.unavailable(url.description, reason: "the store was opened read-only")
    }
  }

  /// Reading and writing need an inventory: without one every answer would be empty.
  private static func requireInventory(_ transaction: PostgresTransaction, database: String)
    async throws
  {
    let rows = try await transaction.query(
      "SELECT EXISTS (SELECT 1 FROM patchbay.inventory_info)")
    for try await imported in rows.decode(Bool.self) where imported { return }
    throw StoreError.notInitialized(database)
  }

  // MARK: Opening

  /// Looks at the database and brings its schema up to date, under a transaction-scoped lock so
  /// that instances starting together migrate once.
  private func prepare(creating: Bool) async throws {
    let database = url.description
    let writes = access.writes
    _ = try await transaction(
      begin: writes ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
      writing: false
    ) { transaction in
      if writes {
        try await transaction.execute(
          "SELECT pg_advisory_xact_lock(\(PostgresTransaction.namespace), -1)")
      }
      let rows = try await transaction.query(
        """
        SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'patchbay'),
          to_regclass('patchbay.schema_version') IS NOT NULL
        """)
      var schema = false
      var versions = false
      for try await (hasSchema, hasVersions) in rows.decode((Bool, Bool).self) {
        (schema, versions) = (hasSchema, hasVersions)
      }
      if !schema {
        guard creating else { throw StoreError.notInitialized(database) }
        try await transaction.execute("CREATE SCHEMA patchbay")
      }
      if schema && !versions {
        throw StoreError.foreign(
          database, reason: "it has a schema named patchbay that Patchbay did not make")
      }
      if !versions {
        try await transaction.execute(
          """
          CREATE TABLE patchbay.schema_version (
            version text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
          )
          """)
      }
      var applied: Set<String> = []
      for try await version in try await transaction.query(
        "SELECT version FROM patchbay.schema_version"
      ).decode(String.self) {
        applied.insert(version)
      }
      let known = PostgresSchema.migrations.map(\.version)
      let unknown = applied.subtracting(known)
      if !unknown.isEmpty {
        throw StoreError.newerSchema(
          database, found: unknown.sorted().joined(separator: ", "),
          expected: PostgresSchema.current)
      }
      for (version, sql) in PostgresSchema.migrations where !applied.contains(version) {
        guard writes else {
          throw StoreError.unavailable(
            database,
            reason: "its schema is older than this Patchbay's (it lacks \(version)); run a "
              + "command that writes to bring it up to date")
        }
        for statement in PostgresSchema.statements(sql) {
          try await transaction.execute(PostgresQuery(unsafeSQL: statement))
        }
        try await transaction.execute(
          "INSERT INTO patchbay.schema_version (version) VALUES (\(version))")
      }
      return true
    }
  }
}
