import Foundation
import Patchbay

/// Where a PostgreSQL database is, as `--db` and `PATCHBAY_DB` name it:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`
/// (`postgresql://` too), or a Unix socket folder with `?host=/var/run/postgresql`, as libpq
/// reads them.
///
/// Only ``init(_:environment:)`` makes one, and it refuses what it cannot use by name (an unknown
/// parameter, an `sslmode` it does not offer, a port out of range), so a URL that parses is one
/// the store can try. ``description`` never shows the password: it is what messages and logs
/// print.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
  /// How the connection is encrypted (`sslmode`).
  public enum TLSMode: String, Sendable, Hashable, CaseIterable {
    /// Never TLS (a local server, a socket).
    case disable
    /// TLS when the server offers it, plain otherwise: libpq's default.
    case prefer
    /// TLS or no connection.
    case require
  }

  /// The server's host name or address, or `nil` for a Unix socket (``socketFolder``).
  public let host: String?
  /// The folder of the server's Unix socket (`?host=/path`), or `nil` for TCP.
  public let socketFolder: String?
  /// The server's port (5432 unless the URL says otherwise); also names the socket file.
  public let port: Int
  /// The role to log in as.
  public let user: String
  /// The password from the URL or `PGPASSWORD`, never printed.
  let password: String?
  /// The database's name.
  public let database: String
  /// `sslmode`.
  public let tls: TLSMode

  /// Whether `text` names a PostgreSQL database rather than an SQLite file.
  public static func isPostgres(_ text: String) -> Bool {
    let lowered = text.lowercased()
    return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
  }

  /// Reads a URL; `environment` supplies `PGPASSWORD` when the URL has no password, and the
  /// login user (`USER`) when it names none, as libpq does.
  ///
  /// - Throws: ``/Patchbay/StoreError/Kind/unavailable`` naming what is wrong with the URL.
  public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(StoreError)
  {
    func refuse(_ reason: String) -> StoreError {
      StoreError.unavailable(Self.redacted(text), reason: reason)
    }
    guard Self.isPostgres(text), let components = URLComponents(string: text) else {
      throw refuse(
        "not a PostgreSQL URL; write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    }
    var folder: String?
    var queryPort: Int?
    var tls = TLSMode.prefer
    for item in components.queryItems ?? [] {
      switch item.name {
      case "sslmode":
        guard let value = item.value, let mode = TLSMode(rawValue: value) else {
          throw refuse(
            "sslmode=\(item.value ?? "") is not offered; use "
              + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        tls = mode
      case "host":
        guard let value = item.value, value.hasPrefix("/") else {
          throw refuse("host= takes the absolute path of the server's socket folder")
        }
        folder = value
      case "port":
        guard let value = item.value.flatMap(Int.init), (1...65_535).contains(value) else {
          throw refuse("port=\(item.value ?? "") is not a port number (1 to 65535)")
        }
        queryPort = value
      default:
        throw refuse("unknown parameter \(item.name); Patchbay reads sslmode, host and port")
      }
    }
    let host = components.host.flatMap { $0.isEmpty ? nil : $0 }
    if host == nil && folder == nil {
      throw refuse("no host; write postgres://USER@HOST/DATABASE or ?host=/socket/folder")
    }
    var port = queryPort ?? 5432
    if let given = components.port {
      guard (1...65_535).contains(given) else { throw refuse("port \(given) is out of range") }
      port = given
    }
    let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"]
    guard let user else { throw refuse("no user; write postgres://USER@HOST/DATABASE") }
    var database = components.path
    if database.hasPrefix("/") { database.removeFirst() }
    guard !database.isEmpty, !database.contains("/") else {
      throw refuse("no database name; write postgres://USER@HOST/DATABASE")
    }
    self.host = folder == nil ? host : nil
    self.socketFolder = folder
    self.port = port
    self.user = user
    self.password = components.password ?? environment["PGPASSWORD"]
    self.database = database
    self.tls = folder == nil ? tls : .disable
  }

  /// The URL without its password, for messages and logs.
  public var description: String {
    guard let socketFolder else {
      return "postgres://\(user)@\(host ?? "")" + (port != 5432 ? ":\(port)" : "") + "/\(database)"
    }
    return "postgres://\(user)@/\(database)?host=\(socketFolder)"
      + (port != 5432 ? "&port=\(port)" : "")
  }

  /// `text` with anything between `:` and `@` after the scheme hidden, for a URL that does not
  /// even parse.
  static func redacted(_ text: String) -> String {
    guard let scheme = text.range(of: "://"), let at = text.range(of: "@") else { return text }
    let credentials = text[scheme.upperBound..<at.lowerBound]
    guard let colon = credentials.firstIndex(of: ":") else { return text }
    return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
  }
}
