import Foundation
internal import GRDB
import Patchbay

/// A ``HistoryEntry`` as a row of `history`, which triggers keep append-only: an entry is
/// written once, in the transaction of its step, and SQLite refuses to change or delete it.
enum HistoryRecord {
  static let insert = """
    INSERT INTO history (interface, sequence, at, action, from_state, to_state, detail)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    """

  static let select = """
    SELECT interface, sequence, at, action, from_state, to_state, detail
    FROM history WHERE interface = ? ORDER BY sequence
    """

  static func arguments(_ entry: HistoryEntry) -> StatementArguments {
    StatementArguments(values(entry, at: StoredValues.text(entry.at)))
  }

  /// The values of a row, with the entry's time already spelled (`StoredValues.text(_:)`).
  static func values(_ entry: HistoryEntry, at time: String) -> [(any DatabaseValueConvertible)?] {
    [
      entry.interface.rawValue, entry.sequence, time, entry.action.rawValue,
      entry.from?.rawValue, entry.to.rawValue, entry.detail,
    ]
  }

  /// The columns of a row.
  static let columnCount = 7

  /// ``values(_:at:)``, bound in the same order.
  static func bind(_ entry: HistoryEntry, at time: String, to statement: inout BoundStatement) {
    statement.bind(entry.interface.rawValue)
    statement.bind(entry.sequence)
    statement.bind(time)
    statement.bind(entry.action.rawValue)
    statement.bind(entry.from?.rawValue)
    statement.bind(entry.to.rawValue)
    statement.bind(entry.detail)
  }

  /// Rows a multi-row `INSERT` writes at most: 700 parameters, far below SQLite's limit.
  static let rowsPerInsert = 100

  /// ``insert`` of `rows` rows in one statement, `OR FAIL`: a refused row stops the statement
  /// and the rows before it stay, as separate statements would leave them.
  static func insert(rows: Int) -> String {
    "INSERT OR FAIL INTO history (interface, sequence, at, action, from_state, to_state, detail) "
      + "VALUES "
      + Array(repeating: "(\(placeholders(7)))", count: rows).joined(separator: ", ")
  }

  static func entry(_ row: Row) throws -> HistoryEntry {
    let interface: String = try row.value(0)
    let sequence: Int = try row.value(1)
    let what = "history \(sequence) of \(interface)"
    return HistoryEntry(
      interface: InterfaceID(interface), sequence: sequence,
      at: try StoredValues.date(try row.string(2), what),
      action: try StoredValues.value(InterfaceAction.self, try row.string(3), what),
      from: try StoredValues.optionalValue(InterfaceState.self, try row.optionalString(4), what),
      to: try StoredValues.value(InterfaceState.self, try row.string(5), what),
      detail: try row.optionalString(6))
  }
}
