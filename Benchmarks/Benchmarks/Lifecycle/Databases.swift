import Benchmark
import Foundation
import Patchbay
import PatchbayStore

#if canImport(Glibc)
  import Glibc
#endif

// Where each benchmark's databases live: SQLite files in a folder of this process, PostgreSQL
// databases on a server that `PATCHBAY_BENCH_POSTGRES_URL` names or that this process starts.

/// The two stores the lifecycle runs on, measured side by side.
enum Backend: String, CaseIterable, Sendable {
  case sqlite = "SQLite"
  case postgres = "PostgreSQL"
}

/// A database of one benchmark, made with an inventory, that each client opens as a store of
/// its own (its own connection, as separate service instances have).
struct BenchmarkDatabase: Sendable {
  enum Location: Sendable {
    case file(String)
    case postgres(PostgresURL)
  }

  let location: Location

  /// A new database holding `inventory`.
  static func create(_ backend: Backend, name: String, inventory: Inventory) async throws
    -> BenchmarkDatabase
  {
    switch backend {
    case .sqlite:
      let path = try newDatabase("\(name).db")
      let store = try await SQLiteStore.create(path: path)
      try await store.importInventory(inventory)
      return BenchmarkDatabase(location: .file(path))
    case .postgres:
      let url = try PostgresServer.shared().createDatabase(name)
      let store = try await PostgresStore.create(url: url)
      do {
        try await store.importInventory(inventory)
      } catch {
        await store.close()
        throw error
      }
      await store.close()
      return BenchmarkDatabase(location: .postgres(url))
    }
  }

  /// A store on the database, with at most `connections` connections on PostgreSQL.
  func open(connections: Int = 1) async throws -> OpenStore {
    switch location {
    case .file(let path):
      return OpenStore(store: try await SQLiteStore(path: path), postgres: nil)
    case .postgres(let url):
      let store = try await PostgresStore(url: url, connectionLimit: connections)
      OpenStores.shared.add(store)
      return OpenStore(store: store, postgres: store)
    }
  }
}

/// Every PostgreSQL store this process opened, closed at the benchmark's end (ordo-one's
/// teardown sees no state).
final class OpenStores: @unchecked Sendable {
  static let shared = OpenStores()
  private var stores: [PostgresStore] = []
  private let lock = NSLock()

  func add(_ store: PostgresStore) { lock.withLock { stores.append(store) } }

  func closeAll() async {
    let stores = lock.withLock {
      defer { self.stores = [] }
      return self.stores
    }
    for store in stores { await store.close() }
  }
}

/// A store and what closes it (PostgreSQL's connections; SQLite's file closes with the store).
struct OpenStore: Sendable {
  let store: any ProvisioningStore
  let postgres: PostgresStore?

  func close() async {
    await postgres?.close()
  }
}

/// This process's database files, removed when each benchmark ends (the `large` one is about
/// a gigabyte with its copies).
let databaseFolder = FileManager.default.temporaryDirectory
  .appendingPathComponent("patchbay-benchmark-\(ProcessInfo.processInfo.processIdentifier)")

/// A new database file in ``databaseFolder``.
func newDatabase(_ name: String) throws -> String {
  try FileManager.default.createDirectory(at: databaseFolder, withIntermediateDirectories: true)
  return databaseFolder.appendingPathComponent("\(UUID().uuidString)-\(name)").path
}

/// Closes this process's stores and removes its SQLite files and its PostgreSQL databases (and
/// the server, when this process started it).
func removeDatabases() async {
  await OpenStores.shared.closeAll()
  PostgresServer.shutDown()
  try? FileManager.default.removeItem(at: databaseFolder)
}

/// Why a benchmark on PostgreSQL cannot run.
struct PostgresUnavailable: Error, CustomStringConvertible {
  let description: String
}

/// The PostgreSQL server of this benchmark process: `PATCHBAY_BENCH_POSTGRES_URL` (a role that
/// may create databases, on a database it may connect to, such as `postgres`), or else a
/// throwaway cluster that `scripts/postgres-test-cluster` starts in a temporary folder and stops
/// when the benchmark ends (or, if the process is killed, once it is gone). Each benchmark makes
/// databases of its own on it, named `patchbay_bench_<process>_<n>`, and drops them at the end.
final class PostgresServer: @unchecked Sendable {
  /// The URL psql connects to for `CREATE DATABASE` and `DROP DATABASE`.
  let adminURL: String
  /// The cluster's folder when this process started it.
  let cluster: String?
  private var databases: [String] = []
  private let lock = NSLock()

  nonisolated(unsafe) private static var current: PostgresServer?
  private static let currentLock = NSLock()

  /// The environment variable naming a server to use instead of a throwaway cluster.
  static let urlVariable = "PATCHBAY_BENCH_POSTGRES_URL"

  /// The server, found or started at the first call.
  static func shared() throws -> PostgresServer {
    currentLock.lock()
    defer { currentLock.unlock() }
    if let current { return current }
    let server = try PostgresServer()
    current = server
    return server
  }

  /// Drops this process's databases and stops the cluster it started, if any.
  static func shutDown() {
    currentLock.lock()
    defer { currentLock.unlock() }
    current?.shutDown()
    current = nil
  }

  private init() throws {
    if let given = ProcessInfo.processInfo.environment[Self.urlVariable], !given.isEmpty {
      guard PostgresURL.isPostgres(given) else {
        throw PostgresUnavailable(
          description: "\(Self.urlVariable) is not a PostgreSQL URL (postgres://USER@HOST/DB)")
      }
      adminURL = given
      cluster = nil
    } else {
      let folder = "/tmp/patchbay-bench-pg-\(ProcessInfo.processInfo.processIdentifier)"
      let output = try Self.run(
        Self.clusterScript,
        ["start", folder, "--stop-when-gone", "\(ProcessInfo.processInfo.processIdentifier)"],
        what: "starting a throwaway PostgreSQL cluster (set \(Self.urlVariable) to use a server "
          + "of your own)")
      guard let url = output.split(separator: "\n").last.map(String.init),
        PostgresURL.isPostgres(url)
      else {
        throw PostgresUnavailable(
          description: "scripts/postgres-test-cluster printed no URL: \(output)")
      }
      adminURL = url
      cluster = folder
      FileHandle.standardError.write(Data("PostgreSQL: throwaway cluster at \(url)\n".utf8))
    }
    _ = try psql("SELECT 1")
  }

  /// scripts/postgres-test-cluster, found from this source file (the benchmark runs from the
  /// nested package, whose working directory is not the repository's).
  static var clusterScript: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scripts/postgres-test-cluster").path
  }

  /// A new, empty database's URL; `template` copies a database instead.
  func createDatabase(_ label: String, template: PostgresURL? = nil) throws -> PostgresURL {
    let name = lock.withLock {
      let name =
        "patchbay_bench_\(ProcessInfo.processInfo.processIdentifier)_\(databases.count)_"
        + label.filter { $0.isLetter || $0.isNumber }.lowercased()
      databases.append(name)
      return name
    }
    if let template {
      // FILE_COPY copies the files at once instead of logging every page of a large database.
      _ = try psql(
        "CREATE DATABASE \(name) TEMPLATE \(template.database) STRATEGY = FILE_COPY")
    } else {
      _ = try psql("CREATE DATABASE \(name)")
    }
    return try url(of: name)
  }

  /// Drops a database this process made.
  func dropDatabase(_ url: PostgresURL) throws {
    _ = try psql("DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    lock.withLock { databases.removeAll { $0 == url.database } }
  }

  /// The URL of database `name` on this server: the admin URL with another path.
  func url(of name: String) throws -> PostgresURL {
    guard var components = URLComponents(string: adminURL) else {
      throw PostgresUnavailable(description: "\(Self.urlVariable) does not parse as a URL")
    }
    components.path = "/\(name)"
    guard let text = components.string else {
      throw PostgresUnavailable(description: "cannot name database \(name) in \(adminURL)")
    }
    return try PostgresURL(text)
  }

  /// Runs one statement with psql on the admin URL; its output.
  func psql(_ sql: String) throws -> String {
    try Self.run(
      Self.psqlPath, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", adminURL, "-c", sql],
      what: "psql \(sql.prefix(60))")
  }

  private func shutDown() {
    for name in lock.withLock({ databases }) {
      _ = try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
    lock.withLock { databases = [] }
    if let cluster {
      _ = try? Self.run(Self.clusterScript, ["stop", cluster], what: "stopping the cluster")
    }
  }

  /// psql on PATH, or in Debian's newest PostgreSQL.
  static var psqlPath: String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":")
    where FileManager.default.isExecutableFile(
      atPath: "\(folder)/psql")
    {
      return "\(folder)/psql"
    }
    let versions =
      (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    for version in versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending })
    where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/psql") {
      return "/usr/lib/postgresql/\(version)/bin/psql"
    }
    return "psql"
  }

  /// Runs a program to its end; its standard output, or an error with its standard error.
  ///
  /// `posix_spawn` and `waitpid` rather than Foundation's `Process`, whose `waitUntilExit()`
  /// never returned here when called from a benchmark's setup (the child was left a zombie).
  /// The outputs go to files, so no pipe can fill while nobody reads it.
  static func run(_ program: String, _ arguments: [String], what: String) throws -> String {
    let outputPath = try newDatabase("command.out")
    let errorPath = try newDatabase("command.err")
    defer {
      try? FileManager.default.removeItem(atPath: outputPath)
      try? FileManager.default.removeItem(atPath: errorPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw PostgresUnavailable(
        description: "\(what): cannot run \(program) (\(String(cString: strerror(spawned)))); "
          + "install PostgreSQL (Debian's postgresql) or set \(urlVariable)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED and WEXITSTATUS, which Swift does not import.
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited && code == 0 else {
      let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
      throw PostgresUnavailable(
        description: "\(what) failed (\(exited ? "exit \(code)" : "signal \(status & 0x7f)")): "
          + errors)
    }
    return output
  }
}
