import Foundation
import GRDB

@testable import PatchbayStore

/// Databases made by an older Patchbay, for the migration tests: the schema exactly as the store's
/// migrations left it at an older version, holding what a database of today's schema holds in
/// the columns that version has.
enum OlderSchema {
  /// Writes at `path` a database of schema `version` (`v1` to `v4`) with the rows of the
  /// current-schema database at `source`, copied column by column by name; an interface's LOA
  /// comes from `interface_loa`, where today's schema keeps it.
  static func copy(of source: String, at version: String, to path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue, upTo: version)
    try queue.inDatabase { db in
      try db.execute(sql: "ATTACH DATABASE ? AS newer", arguments: [source])
      try db.inTransaction {
        let tables = try String.fetchAll(
          db,
          sql: "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            + "AND name NOT IN ('grdb_migrations', 'sqlite_sequence') ORDER BY rowid")
        for table in tables {
          let columns = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(table))")
            .map { $0["name"] as String }.joined(separator: ", ")
          let from =
            table == "interface"
            ? "newer.interface LEFT JOIN newer.interface_loa "
              + "ON interface_loa.interface = interface.position"
            : "newer.\(table)"
          try db.execute(
            sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM \(from)")
        }
        return .commit
      }
      try db.execute(sql: "DETACH DATABASE newer")
      try db.execute(sql: "PRAGMA application_id = \(DatabaseFile.applicationID)")
    }
  }
}
