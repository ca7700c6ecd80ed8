import Foundation
import GRDB

/// Files that are not Patchbay databases.
public enum ForeignFile: String, CaseIterable, Sendable, CustomStringConvertible {
  case emptyFile
  case textFile
  case otherProgramsDatabase
  case otherProgramsWALDatabase
  case otherApplicationID
  case databaseWithoutTables

  public var description: String { rawValue }

  /// `state init` may make a Patchbay database in these.
  public var mayBecomeADatabase: Bool { self == .emptyFile || self == .databaseWithoutTables }

  /// Makes such a file at `path`.
  public func make(_ path: String) throws {
    switch self {
    case .emptyFile:
      _ = FileManager.default.createFile(atPath: path, contents: Data())
    case .textFile:
      try "inventory = big\n".write(toFile: path, atomically: false, encoding: .utf8)
    case .otherProgramsDatabase, .otherProgramsWALDatabase:
      let queue = try DatabaseQueue(path: path)
      if self == .otherProgramsWALDatabase {
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
      }
      try queue.write {
        try $0.execute(sql: "CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('mine')")
      }
      try queue.close()
    case .otherApplicationID:
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 42") }
      try queue.close()
    case .databaseWithoutTables:
      let queue = try DatabaseQueue(path: path)
      try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 7") }
      try queue.close()
    }
  }
}
