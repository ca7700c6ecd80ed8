import Foundation
import Synchronization

/// The PostgreSQL server the tests share: the one `make test` started (its URL in
/// `PATCHBAY_TEST_POSTGRES_URL`, its folder in `PATCHBAY_TEST_POSTGRES_DIR`), a developer's own
/// (the URL only), or else a throwaway cluster this process starts once, on first use, with
/// `scripts/postgres-test-cluster`, so that a plain `swift test` works too.
///
/// A server that cannot be had is an error that says why, never a skipped test: on CI and on a
/// laptop alike, the PostgreSQL tests either run or fail.
package enum PostgresTestServer {
  /// The URL of a role that may create databases, on the shared server.
  package static func url() async throws -> String {
    try await SharedServer.instance.server().url
  }

  /// Makes a new database on the shared server, named from `prefix` and a random suffix, and
  /// returns its URL: each test gets a database nobody else writes to.
  package static func freshDatabase(prefix: String) async throws -> String {
    try await freshDatabase(prefix: prefix, on: url())
  }

  /// Restarts the shared server (`pg_ctl restart -m fast`) and returns once it accepts
  /// connections again. Every connection of every test is cut, so a test that restarts the server
  /// while others run should use a ``PostgresTestCluster`` of its own instead.
  package static func restart() async throws {
    let server = try await SharedServer.instance.server()
    guard let directory = server.directory else {
      throw PostgresTestServerError(
        description:
          "cannot restart the PostgreSQL server at \(server.url): PATCHBAY_TEST_POSTGRES_URL is set "
          + "without PATCHBAY_TEST_POSTGRES_DIR, the folder of a cluster made by "
          + "scripts/postgres-test-cluster (make postgres-start prints both)")
    }
    try await PostgresTestCluster(url: server.url, directory: directory).restart()
  }

  /// Runs `sql` with psql on the database at `url` and returns what it printed, unaligned and
  /// without headers (one row a line, columns separated by `|`), trimmed.
  @discardableResult
  package static func psql(_ url: String, _ sql: String) async throws -> String {
    let output = try await BoundedCommand.run(
      psqlExecutable(), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
      environment: ["PGCONNECT_TIMEOUT": "10"], timeout: .seconds(120))
    guard output.status == 0 else {
      throw PostgresTestServerError(
        description:
          "psql on \(url) exited \(output.status) for \(sql): "
          + output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Makes a new database on the server at `serverURL` (a role that may create databases) and
  /// returns its URL: the same URL with the new database's name.
  package static func freshDatabase(prefix: String, on serverURL: String) async throws -> String {
    let name = databaseName(prefix: prefix)
    guard var components = URLComponents(string: serverURL),
      components.scheme == "postgres" || components.scheme == "postgresql"
    else {
      throw PostgresTestServerError(
        description:
          "the PostgreSQL test server's URL is not a postgres:// URL: \(serverURL) "
          + "(PATCHBAY_TEST_POSTGRES_URL takes postgres://USER@HOST:PORT/DATABASE)")
    }
    try await psql(serverURL, "CREATE DATABASE \"\(name)\"")
    components.path = "/" + name
    guard let url = components.string else {
      throw PostgresTestServerError(description: "cannot make a URL for \(name) from \(serverURL)")
    }
    return url
  }

  /// Lower-case letters, digits and `_` from `prefix` (at most 40), then a random suffix: a name
  /// that needs no quoting and fits PostgreSQL's 63 bytes.
  package static func databaseName(prefix: String) -> String {
    let kept = prefix.lowercased().unicodeScalars.map { scalar -> Character in
      ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
    }
    let stem = kept.isEmpty ? "test" : String(kept.prefix(40))
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    return "\(stem)_\(suffix)"
  }

  /// psql on PATH, else Debian's newest under /usr/lib/postgresql.
  static func psqlExecutable() throws -> String {
    var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "")
      .split(separator: ":").map { "\($0)/psql" }
    let debian = "/usr/lib/postgresql"
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []
    candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
      .map { "\(debian)/\($0)/bin/psql" }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
      throw PostgresTestServerError(
        description:
          "no psql on PATH nor under /usr/lib/postgresql/*/bin; install the PostgreSQL client "
          + "(Debian: apt-get install postgresql-client; make test installs the server and client)")
    }
    return found
  }
}

/// A throwaway PostgreSQL cluster of this process alone, made by `scripts/postgres-test-cluster`
/// in a temporary folder: for a test that restarts or stops the server, which would cut the
/// connections of every other test on the shared one.
package struct PostgresTestCluster: Sendable {
  /// The URL of the role `patchbay` (LOGIN, CREATEDB) on database `postgres`.
  package let url: String
  /// The cluster's folder.
  package let directory: String

  /// Starts a new cluster. It is stopped and its folder removed by ``stop()``, and at the latest
  /// when this process exits, or (through a watcher the script leaves) when it is killed.
  package static func start() async throws -> PostgresTestCluster {
    let directory = ClusterScript.newDirectory()
    ClusterScript.own(directory)
    let output = try await ClusterScript.run(
      ["start", directory, "--stop-when-gone", "\(getpid())"],
      // Installing Debian's postgresql first, when it is missing, takes minutes.
      timeout: .seconds(900))
    guard output.status == 0 else {
      throw PostgresTestServerError(
        description:
          "PostgreSQL for the tests could not be started (scripts/postgres-test-cluster start "
          + "\(directory) exited \(output.status)): "
          + output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
          + "; the PostgreSQL tests never skip: fix the cause, or set PATCHBAY_TEST_POSTGRES_URL "
          + "to a server of your own with a role that may CREATE DATABASE")
    }
    return PostgresTestCluster(
      url: output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), directory: directory)
  }

  init(url: String, directory: String) {
    self.url = url
    self.directory = directory
  }

  /// Makes a new database on this cluster and returns its URL.
  package func freshDatabase(prefix: String) async throws -> String {
    try await PostgresTestServer.freshDatabase(prefix: prefix, on: url)
  }

  /// `pg_ctl restart -m fast`; returns once the server accepts connections again.
  package func restart() async throws {
    let output = try await ClusterScript.run(["restart", directory], timeout: .seconds(180))
    guard output.status == 0 else {
      throw PostgresTestServerError(
        description:
          "the PostgreSQL test cluster in \(directory) did not restart: "
          + output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// Stops the server and removes its folder.
  package func stop() async throws {
    let output = try await ClusterScript.run(["stop", directory], timeout: .seconds(180))
    guard output.status == 0 else {
      throw PostgresTestServerError(
        description:
          "the PostgreSQL test cluster in \(directory) did not stop: "
          + output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    ClusterScript.disown(directory)
  }
}

/// Why PostgreSQL for the tests cannot be had, or a command on it failed.
package struct PostgresTestServerError: Error, CustomStringConvertible {
  package var description: String
}

/// The shared server, found or started once per process; a failure is kept too, so that every
/// test reports the same reason at once instead of each trying again.
private actor SharedServer {
  struct Server: Sendable {
    var url: String
    var directory: String?
  }

  static let instance = SharedServer()
  private var startup: Task<Server, any Error>?

  func server() async throws -> Server {
    if let startup { return try await startup.value }
    let task = Task {
      let environment = ProcessInfo.processInfo.environment
      if let url = environment["PATCHBAY_TEST_POSTGRES_URL"], !url.isEmpty {
        let directory = environment["PATCHBAY_TEST_POSTGRES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return Server(url: url, directory: directory)
      }
      let cluster = try await PostgresTestCluster.start()
      return Server(url: cluster.url, directory: cluster.directory)
    }
    startup = task
    return try await task.value
  }
}

/// `scripts/postgres-test-cluster`, and the clusters this process started and has not stopped.
private enum ClusterScript {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/postgres-test-cluster").path

  static func run(_ arguments: [String], timeout: Duration) async throws -> BoundedCommand.Output {
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw PostgresTestServerError(
        description: "the test cluster script \(path) is missing or not executable")
    }
    return try await BoundedCommand.run(path, arguments, timeout: timeout)
  }

  /// A new folder name under the temporary folder, short enough for the server's socket path
  /// (the script allows 80 characters) and, as root, where the postgres user can reach it.
  static func newDirectory() -> String {
    var base = FileManager.default.temporaryDirectory.path
    if base.count > 40 || getuid() == 0 { base = "/tmp" }
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    return "\(base)/patchbay-postgres-\(getpid())-\(suffix)"
  }

  private static let owned = Mutex<Set<String>>([])
  private static let exitHook: Void = {
    atexit { ClusterScript.stopOwned() }
  }()

  static func own(_ directory: String) {
    _ = exitHook
    owned.withLock { _ = $0.insert(directory) }
  }

  static func disown(_ directory: String) {
    owned.withLock { _ = $0.remove(directory) }
  }

  /// At exit: stops every cluster still owned, with posix_spawn and waitpid rather than
  /// Foundation's Process, whose machinery may be gone by then.
  static func stopOwned() {
    let directories = owned.withLock { owned in
      defer { owned.removeAll() }
      return owned
    }
    for directory in directories {
      let words: [String] = ["/bin/bash", path, "stop", directory]
      let settings = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
      let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
      let environment: [UnsafeMutablePointer<CChar>?] = settings.map { strdup($0) } + [nil]
      defer {
        arguments.forEach { free($0) }
        environment.forEach { free($0) }
      }
      var pid = pid_t()
      guard posix_spawn(&pid, "/bin/bash", nil, nil, arguments, environment) == 0 else { continue }
      var status: Int32 = 0
      while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
  }
}
