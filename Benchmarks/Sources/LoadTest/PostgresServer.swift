import Foundation
import PatchbayStore

#if canImport(Glibc)
  import Glibc
#endif

/// The PostgreSQL server of the test: the one `--postgres-url` names (a role that may create
/// databases), or a throwaway cluster started with `scripts/postgres-test-cluster` in a folder
/// of this process and stopped at the end (its watcher stops it too if this process is killed).
/// The test's database, `patchbay_load_<pid>`, is made on it and dropped at the end.
final class PostgresServer: Sendable {
  let adminURL: String
  /// The cluster's folder when this process started it.
  let cluster: String?
  let folder: String
  let databaseName = "patchbay_load_\(getpid())"

  init(url: String?, folder: String) throws(LoadError) {
    self.folder = folder
    if let url {
      guard PostgresURL.isPostgres(url) else {
        throw LoadError(
          "--postgres-url: \"\(url)\" is not a PostgreSQL URL "
            + "(postgres://USER@HOST:PORT/DATABASE)")
      }
      adminURL = url
      cluster = nil
    } else {
      let cluster = folder + "/postgres"
      progress("PostgreSQL: starting a throwaway cluster in \(cluster)")
      let output = try Processes.run(
        Self.clusterScript, ["start", cluster, "--stop-when-gone", "\(getpid())"],
        what: "scripts/postgres-test-cluster start (give --postgres-url to use a server of "
          + "your own)", in: folder)
      guard let url = output.split(separator: "\n").last.map(String.init),
        PostgresURL.isPostgres(url)
      else {
        throw LoadError("scripts/postgres-test-cluster printed no URL: \(output)")
      }
      adminURL = url
      self.cluster = cluster
    }
    _ = try psql("SELECT 1")
  }

  /// The test's new, empty database.
  func createDatabase() throws -> PostgresURL {
    _ = try psql("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
    _ = try psql("CREATE DATABASE \(databaseName)")
    guard var components = URLComponents(string: adminURL) else {
      throw LoadError("--postgres-url does not parse as a URL")
    }
    components.path = "/\(databaseName)"
    guard let text = components.string else {
      throw LoadError("cannot name database \(databaseName) in \(adminURL)")
    }
    return try PostgresURL(text)
  }

  /// The postmaster's process id when this process started the cluster (for its CPU time).
  var postmaster: pid_t? {
    guard let cluster,
      let text = try? String(contentsOfFile: cluster + "/data/postmaster.pid", encoding: .utf8),
      let first = text.split(separator: "\n").first
    else { return nil }
    return pid_t(first.trimmingCharacters(in: .whitespaces))
  }

  /// Drops the test's database and stops the cluster this process started.
  func shutDown() {
    _ = try? psql("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
    if let cluster {
      _ = try? Processes.run(
        Self.clusterScript, ["stop", cluster], what: "stopping the cluster", in: folder)
    }
  }

  /// Runs one statement with psql on the admin URL; its output.
  func psql(_ sql: String) throws(LoadError) -> String {
    try Processes.run(
      Self.psqlPath, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", adminURL, "-c", sql],
      what: "psql \(sql.prefix(60))", in: folder)
  }

  /// scripts/postgres-test-cluster, found from this source file (the tool may run from any
  /// folder).
  static var clusterScript: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("scripts/postgres-test-cluster").path
  }

  /// psql on PATH, or in Debian's newest PostgreSQL.
  static var psqlPath: String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":")
    where FileManager.default.isExecutableFile(atPath: "\(folder)/psql") {
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
}
