internal import GRDB

/// A prepared statement run many times with values bound one by one, straight from Swift strings
/// and integers.
///
/// GRDB's `execute(arguments:)` takes `StatementArguments`: an array of existential values, each
/// converted to a `DatabaseValue`, counted against the statement's parameters and then bound.
/// For `approve --all` on `large` (1.3 million values in 180,000 statement runs) that was about a
/// third of the writing. Here each value is bound with GRDB's own `StatementBinding` conformance
/// of `String` and `Int` (`sqlite3_bind_text`, `sqlite3_bind_int64`), and a run checks only that
/// every parameter got a value.
///
/// Make one, bind all of a run's values in parameter order, ``execute()``, and so on; use the
/// statement for nothing else meanwhile.
struct BoundStatement {
  private let statement: Statement
  private let parameters: Int
  private var bound = 0

  init(_ statement: Statement, parameters: Int) {
    self.statement = statement
    self.parameters = parameters
    Self.clear(statement)
  }

  /// Resets the statement and clears its values, with no values given and marked as checked:
  /// `execute()` then only resets it again, keeping what is bound here. (SQLite binds only to a
  /// statement that is reset; GRDB resets before a run, not after.) Never called after a run
  /// that failed: GRDB drops such a statement, and resetting it would give the failure again.
  private static func clear(_ statement: Statement) {
    statement.setUncheckedArguments(StatementArguments())
  }

  /// Binds the next parameter: a `String`, an `Int`, or an optional one (`nil` is `NULL`).
  /// SQLite refuses a binding only for a parameter that does not exist or when out of memory,
  /// as GRDB's own binding assumes.
  mutating func bind(_ value: some StatementBinding) {
    bound += 1
    let code = value.bind(to: statement.sqliteStatement, at: Int32(bound))
    precondition(code == 0, "SQLite refused value \(bound) of \(parameters) (code \(code))")
  }

  /// Runs the statement with the values bound since the last run; the next value bound is the
  /// first parameter's again.
  mutating func execute() throws {
    precondition(bound == parameters, "\(bound) values bound for \(parameters) parameters")
    bound = 0
    try statement.execute()
    Self.clear(statement)
  }

  /// The one integer the statement gives, as ``execute()`` runs it.
  mutating func fetchInt() throws -> Int? {
    precondition(bound == parameters, "\(bound) values bound for \(parameters) parameters")
    bound = 0
    let value = try Int.fetchOne(statement)
    Self.clear(statement)
    return value
  }
}
