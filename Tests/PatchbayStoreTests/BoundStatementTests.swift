import GRDB
import Testing

@testable import PatchbayStore

/// `BoundStatement` binds texts from one buffer with `SQLITE_STATIC`: every value must arrive as
/// given (empty texts are texts, not `NULL`; `nil` is `NULL`), run after run, and the statement
/// must stay usable by GRDB afterwards, also after a run that failed.
@Suite struct BoundStatementTests {
  static let rows: [(String?, Int, String?)] = [
    ("plain", 1, "x"), ("", 0, ""), (nil, -7, nil),
    ("ünïcødé 中文 🚀", Int(Int32.max) + 1, "tab\there"),
    (String(repeating: "long ", count: 2_000), Int.min, "\"quoted\" 'and' \\"),
  ]

  @Test func valuesArriveAsGivenRunAfterRun() throws {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (a TEXT, b INTEGER NOT NULL, c TEXT, run INTEGER)")
      var insert = BoundStatement(
        try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?), (?, ?, ?, ?)"),
        parameters: 8)
      for run in 0..<3 {
        for (a, b, c) in Self.rows.prefix(2) {
          insert.bind(a)
          insert.bind(b)
          insert.bind(c)
          insert.bind(run)
        }
        try insert.execute()
      }
      var single = BoundStatement(
        try db.cachedStatement(sql: "INSERT INTO t VALUES (?, ?, ?, ?)"), parameters: 4)
      for (a, b, c) in Self.rows {
        single.bind(a)
        single.bind(b)
        single.bind(c)
        single.bind(9)
        try single.execute()
      }
      let stored = try Row.fetchAll(db, sql: "SELECT a, b, c FROM t WHERE run = 9 ORDER BY rowid")
      #expect(stored.count == Self.rows.count)
      for (row, expected) in zip(stored, Self.rows) {
        #expect(row[0] as String? == expected.0)
        #expect(row[1] as Int == expected.1)
        #expect(row[2] as String? == expected.2)
      }
      #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t WHERE run < 3") == 6)
      #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t WHERE a = '' AND c = ''") == 4)
      // A first run whose only text is empty: still a text.
      var empty = BoundStatement(
        try db.makeStatement(sql: "INSERT INTO t VALUES (?, 0, NULL, 10)"), parameters: 1)
      empty.bind("")
      try empty.execute()
      #expect(try String.fetchOne(db, sql: "SELECT a FROM t WHERE run = 10") == "")
      var count = BoundStatement(
        try db.cachedStatement(sql: "SELECT COUNT(*) FROM t WHERE a IS ? AND run = ?"),
        parameters: 2)
      count.bind(String?.none)
      count.bind(9)
      #expect(try count.fetchInt() == 1)
      // GRDB's own arguments on the same statement afterwards.
      #expect(
        try Int.fetchOne(
          db.cachedStatement(sql: "SELECT COUNT(*) FROM t WHERE a IS ? AND run = ?"),
          arguments: ["plain", 9]) == 1)
    }
  }

  @Test func aFailedRunLeavesNothingBoundAndTheConnectionUsable() throws {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (a TEXT PRIMARY KEY)")
      var insert = BoundStatement(
        try db.makeStatement(sql: "INSERT INTO t VALUES (?)"), parameters: 1)
      insert.bind("same")
      try insert.execute()
      insert.bind("same")
      #expect(throws: DatabaseError.self) { try insert.execute() }
      var again = BoundStatement(
        try db.cachedStatement(sql: "INSERT INTO t VALUES (?)"), parameters: 1)
      again.bind("other")
      try again.execute()
      #expect(try String.fetchAll(db, sql: "SELECT a FROM t ORDER BY a") == ["other", "same"])
    }
  }
}
