import Foundation
internal import GRDB
import Patchbay

/// What stands at a database path, found without changing it, so that a file that is not a
/// Patchbay database is refused by name before anything is written to it.
///
/// Two looks: the file itself (``inspect(_:)``: is it there, is it a regular file, does it start
/// with SQLite's header), then, for an SQLite file, its contents through a read-only connection
/// (``identify(_:)``: Patchbay's application id, or Patchbay's tables in a database made before
/// the id was stamped).
enum DatabaseFile {
  /// Patchbay's SQLite `application_id` ("PBAY"), stamped by `state init`. A database with
  /// another non-zero id is another program's.
  static let applicationID: Int32 = 0x5042_4159

  /// What ``inspect(_:)`` found.
  enum Found: Equatable {
    case missing
    /// A file of no bytes, as `touch` leaves it.
    case emptyFile
    case sqlite
  }

  /// What ``identify(_:)`` found in an SQLite file.
  enum Identity: Equatable {
    case patchbay
    /// No tables (or only an empty migration table: a `state init` that stopped before its
    /// first migration): `state init` may make Patchbay's tables here.
    case empty
    case foreign(String)
  }

  /// The file at `path`, looked at with `stat` and by reading its first bytes; never opened for
  /// writing. Throws for what cannot be a database at all.
  static func inspect(_ path: String) throws(StoreError) -> Found {
    var status = stat()
    guard stat(path, &status) == 0 else {
      let code = errno
      if code == ENOENT { return .missing }
      throw StoreError.unavailable(path, reason: SystemErrorText.sentence(errno: code))
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw StoreError.unavailable(path, reason: "it is a folder, not a database file")
    default:
      throw StoreError.unavailable(
        path, reason: "it is not a regular file (a device, a pipe or a socket)")
    }
    if status.st_size == 0 { return .emptyFile }
    let handle = open(path, O_RDONLY | O_CLOEXEC)
    guard handle >= 0 else {
      throw StoreError.unavailable(path, reason: SystemErrorText.sentence(errno: errno))
    }
    defer { close(handle) }
    var header = [UInt8](repeating: 0, count: 16)
    let count = header.withUnsafeMutableBytes { read(handle, $0.baseAddress, 16) }
    guard count >= 0 else {
      throw StoreError.unavailable(path, reason: SystemErrorText.sentence(errno: errno))
    }
    guard count == 16, header == Array("SQLite format 3\0".utf8) else {
      throw StoreError.foreign(path, reason: "not an SQLite file")
    }
    return .sqlite
  }

  /// For a database to be made at `path`: its folder must be there and be a folder, or SQLite
  /// would say only "unable to open database file".
  static func checkFolder(of path: String) throws(StoreError) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var status = stat()
    guard stat(folder, &status) == 0 else {
      throw StoreError.unavailable(
        path, reason: "cannot make it in \(folder): \(SystemErrorText.sentence(errno: errno))")
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw StoreError.unavailable(path, reason: "cannot make it: \(folder) is not a folder")
    }
  }

  /// Whose database this is, read on a connection that may only read.
  static func identify(_ db: Database) throws -> Identity {
    let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    if application == applicationID { return .patchbay }
    if application != 0 {
      return .foreign(
        "its SQLite application id is \(String(application, radix: 16)), another program's")
    }
    let tables = Set(
      try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    )
    if tables.isEmpty { return .empty }
    if tables == ["grdb_migrations"],
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") == 0
    {
      return .empty
    }
    if tables.isSuperset(of: ["grdb_migrations", "inventory_info"]) { return .patchbay }
    return .foreign("no Patchbay schema: its tables are another program's")
  }

  /// An SQLite URI that opens `path` read-only and immutable: no lock, no `-wal` or `-shm`
  /// file. Only for a database in WAL mode in a folder this process cannot write, with no
  /// `-wal` file beside it: SQLite cannot open that otherwise, and without a `-wal` file no
  /// writer is at work (one would have made it).
  static func immutableURI(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    let escaped = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    return "file:\(escaped)?mode=ro&immutable=1"
  }
}
