internal import GRDB
internal import GRDBSQLite

/// A prepared statement run many times with values bound straight from one buffer of bytes.
///
/// GRDB's `execute(arguments:)` takes `StatementArguments`: an array of existential values, each
/// converted to a `DatabaseValue`, counted against the statement's parameters, and bound with
/// `SQLITE_TRANSIENT`, so that Swift makes a C string of each text and SQLite copies it again.
/// For `approve --all` on `large` (1.3 million values in 180,000 statement runs) that was about a
/// third of the writing, and its two allocations a text made SQLite's own allocations slower
/// while the answer was encoded on the other core. Here the texts of a run are copied once, into
/// a buffer kept from run to run, and bound with `SQLITE_STATIC` while the run lasts.
///
/// Make one, add a run's values in parameter order, ``execute()``, and so on; use the statement
/// for nothing else meanwhile.
struct BoundStatement {
  /// A value of the run: a text's place in ``text``, an integer, or `NULL`.
  private enum Value {
    case text(start: Int, count: Int)
    case integer(Int64)
    case null
  }

  private let statement: Statement
  private let parameters: Int
  private var values: [Value] = []
  private var text: [UInt8] = []

  init(_ statement: Statement, parameters: Int) {
    self.statement = statement
    self.parameters = parameters
    values.reserveCapacity(parameters)
  }

  mutating func bind(_ value: String) {
    let start = text.count
    text.append(contentsOf: value.utf8)
    values.append(.text(start: start, count: text.count - start))
  }

  mutating func bind(_ value: String?) {
    if let value { bind(value) } else { values.append(.null) }
  }

  mutating func bind(_ value: Int) { values.append(.integer(Int64(value))) }

  /// Runs the statement with the values added since the last run; the next value added is the
  /// first parameter's again.
  mutating func execute() throws {
    try run { try $0.execute() }
  }

  /// The one integer the statement gives, as ``execute()`` runs it.
  mutating func fetchInt() throws -> Int? {
    try run { try Int.fetchOne($0) }
  }

  private mutating func run<T>(_ body: (Statement) throws -> T) throws -> T {
    precondition(values.count == parameters, "\(values.count) values for \(parameters) parameters")
    defer {
      values.removeAll(keepingCapacity: true)
      text.removeAll(keepingCapacity: true)
    }
    let statement = self.statement
    let values = self.values
    // A buffer with an address even when every text is empty: a null pointer would bind `NULL`.
    if text.isEmpty { text.append(0) }
    return try text.withUnsafeBufferPointer { text in
      // Reset, with no values, marked as checked: GRDB then only resets the statement before
      // the run, keeping what is bound here. (SQLite binds only to a statement that is reset;
      // GRDB resets before a run, not after. A run that failed is never followed by another:
      // GRDB drops such a statement.)
      statement.setUncheckedArguments(StatementArguments())
      let sqlite = statement.sqliteStatement
      // The statement must not keep pointers into the buffer past this closure, even when the
      // run fails (clearing needs no reset).
      defer { sqlite3_clear_bindings(sqlite) }
      for (offset, value) in values.enumerated() {
        let index = Int32(offset + 1)
        let code: Int32
        switch value {
        case .text(let start, let count):
          // SQLITE_STATIC: SQLite keeps the pointer until the values are cleared below.
          code = sqlite3_bind_text(
            sqlite, index,
            text.baseAddress.map { UnsafeRawPointer($0 + start) }?
              .assumingMemoryBound(to: CChar.self), Int32(count), nil)
        case .integer(let integer): code = sqlite3_bind_int64(sqlite, index, integer)
        case .null: code = sqlite3_bind_null(sqlite, index)
        }
        // Refused only for a parameter that does not exist, or out of memory.
        precondition(code == SQLITE_OK, "SQLite refused value \(index) (code \(code))")
      }
      return try body(statement)
    }
  }
}
