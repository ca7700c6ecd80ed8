import ArgumentParser
import Foundation
import Patchbay
import PatchbayStore

/// `--db`: the provisioning database that every `state` and `interface` command works on: an
/// SQLite file (the embedded default) or a PostgreSQL URL; `PATCHBAY_DB` when `--db` is not
/// given.
struct DatabaseOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The provisioning database: an SQLite file, or a PostgreSQL URL "
        + "(postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]). "
        + "Default: $PATCHBAY_DB.",
      valueName: "db"))
  var db: String?

  /// Long enough by default for another command's `approve --all` of a hundred thousand
  /// interfaces (about 9 s) to finish first.
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds to wait for other commands holding the database before giving up (exit 75); "
        + "0 to \(NumberArgument.format(NumberArgument.wait.upperBound)); default 30.",
      valueName: "seconds"),
    transform: NumberArgument.decimal("--wait", NumberArgument.wait, unit: " of seconds"))
  var wait: Double = 30

  /// Where the database is, once `--db` and `PATCHBAY_DB` are read.
  enum Location {
    case sqlite(String)
    case postgres(PostgresURL)
  }

  func validate() throws {
    _ = try location()
  }

  /// `--db`, else `PATCHBAY_DB`; a PostgreSQL URL that cannot be used is a usage error (64)
  /// naming what is wrong with it.
  func location() throws -> Location {
    let environment = ProcessInfo.processInfo.environment
    guard let text = db ?? environment["PATCHBAY_DB"].flatMap({ $0.isEmpty ? nil : $0 }) else {
      throw ValidationError(
        "no database: give --db FILE or --db postgres://USER@HOST/DATABASE, or set PATCHBAY_DB")
    }
    guard PostgresURL.isPostgres(text) else { return .sqlite(text) }
    do {
      return .postgres(try PostgresURL(text, environment: environment))
    } catch {
      throw ValidationError("--db: \(error.description)")
    }
  }

  /// The database as messages name it (a PostgreSQL URL without its password).
  var name: String {
    switch try? location() {
    case .sqlite(let path): path
    case .postgres(let url): url.description
    case nil: db ?? ""
    }
  }

  /// Opens the database for `state init`: an SQLite file is made when missing (a file that is
  /// not a Patchbay database, or a new, empty one, is refused by name); a PostgreSQL database
  /// gets Patchbay's schema when it has none.
  func openOrCreate() async throws -> any ProvisioningStore {
    switch try location() {
    case .sqlite(let path): return try await SQLiteStore.create(path: path, busyTimeout: wait)
    case .postgres(let url):
      return await OpenStores.shared.keep(
        try await PostgresStore.create(url: url, busyTimeout: wait))
    }
  }

  /// Opens a database that `state init` made, for a command that writes. A missing SQLite file
  /// is refused (exit 66) instead of being made empty, so a mistyped path leaves no stray file
  /// behind; so is a file that is not a Patchbay database.
  func provisioner(allocation: AllocationOptions = AllocationOptions(threads: 1)) async throws
    -> Provisioner
  {
    Provisioner(store: try await open(access: .readWrite), allocation: allocation)
  }

  /// ``provisioner(allocation:)`` for `approve --all`, whose one transaction writes tens of
  /// megabytes: an SQLite file copies them from its write-ahead log when the command closes it
  /// (``OpenStores/closeAll()``), while the answer is printed, instead of inside the commit.
  func batchProvisioner(allocation: AllocationOptions) async throws -> Provisioner {
    guard case .sqlite(let path) = try location() else {
      return try await provisioner(allocation: allocation)
    }
    let store = try await SQLiteStore(
      path: path, access: .readWrite, busyTimeout: wait, checkpoints: .atClose)
    return Provisioner(store: await OpenStores.shared.keep(store), allocation: allocation)
  }

  /// Opens a database that `state init` made, read-only, for `show`, `list`, `history` and
  /// `state export`: nothing is created or migrated, and a writer at work never makes it wait.
  func reader() async throws -> Provisioner {
    Provisioner(store: try await open(access: .readOnly))
  }

  /// Opens a database that `state init` made for `patchbay serve`, which also keeps its
  /// idempotency keys there; a PostgreSQL store keeps `connections` connections.
  func serviceStore(connections: Int) async throws -> any ProvisioningStore & IdempotencyRecords {
    switch try location() {
    case .sqlite(let path):
      return try await SQLiteStore(path: path, access: .readWrite, busyTimeout: wait)
    case .postgres(let url):
      return await OpenStores.shared.keep(
        try await PostgresStore(
          url: url, access: .readWrite, busyTimeout: wait, connectionLimit: connections))
    }
  }

  private func open(access: StoreAccess) async throws -> any ProvisioningStore {
    switch try location() {
    case .sqlite(let path):
      return try await SQLiteStore(path: path, access: access, busyTimeout: wait)
    case .postgres(let url):
      return await OpenStores.shared.keep(
        try await PostgresStore(url: url, access: access, busyTimeout: wait, connectionLimit: 2))
    }
  }
}

/// The stores a command opened that must be closed when it ends: PostgreSQL's, so that the
/// server sees each connection end cleanly rather than cut off by the process's exit, and an
/// SQLite store that copies its write-ahead log into the file only when closed.
actor OpenStores {
  static let shared = OpenStores()
  private var stores: [any ClosedWhenDone] = []

  func keep<Store: ClosedWhenDone>(_ store: Store) -> Store {
    stores.append(store)
    return store
  }

  func closeAll() async {
    for store in stores { await store.close() }
    stores = []
  }
}

/// A store that ``OpenStores`` closes when the command ends.
protocol ClosedWhenDone: Sendable {
  func close() async
}

extension PostgresStore: ClosedWhenDone {}
extension SQLiteStore: ClosedWhenDone {}
