import Foundation
import GRDB
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

/// Version 5 of the SQLite schema keeps the LOA in `interface_loa` and the history in a rowid
/// table with a unique index on `(interface, sequence)`: a version 4 database is brought up to it
/// without changing what it holds, the history stays append-only and numbered once, and the
/// reads of one interface's history and LOA seek in an index.
@Suite struct SchemaVersion5Tests {
  static let start = Date(timeIntervalSince1970: 1_800_000_000)

  /// A database of today's schema with interfaces in several states (one with no LOA yet), and
  /// what the store answers about them.
  static func populated(_ path: String) async throws -> (
    store: SQLiteStore, interfaces: [Interface], histories: [[HistoryEntry]]
  ) {
    let store = try await SQLiteStore.create(path: path)
    try await store.importInventory(StoreFixtures.datacentre())
    let provisioner = Provisioner(store: store, now: { Self.start })
    for index in 1...4 {
      _ = try await provisioner.apply(LifecycleTests.request("v5-\(index)"))
      guard index < 4 else { continue }
      _ = try await provisioner.applyForLOA(InterfaceID("v5-\(index)"), loa: LifecycleTests.loa)
    }
    _ = try await provisioner.approve("v5-1")
    _ = try await provisioner.cancel("v5-2")
    let interfaces = try await provisioner.interfaces()
    var histories: [[HistoryEntry]] = []
    for interface in interfaces {
      histories.append(try await provisioner.history(of: interface.id))
    }
    return (store, interfaces, histories)
  }

  @Test func aVersion4DatabaseKeepsItsInterfacesLOAsAndHistories() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let (_, interfaces, histories) = try await Self.populated(path)
    #expect(interfaces.filter { $0.loa != nil }.count == 3)
    let older = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(older) }
    try OlderSchema.copy(of: path, at: "v4", to: older)
    let error = await #expect(throws: StoreError.self) {
      _ = try await SQLiteStore(path: older, access: .readOnly)
    }
    #expect(error?.description.contains("lacks v5") == true)

    let reopened = try await SQLiteStore(path: older)
    let again = Provisioner(store: reopened, now: { Self.start })
    #expect(try await again.interfaces() == interfaces)
    for (interface, history) in zip(interfaces, histories) {
      #expect(try await again.history(of: interface.id) == history)
      #expect(try await again.interface(interface.id) == interface)
    }
    let (migrations, columns, loas) = try await DatabaseQueue(path: older).read { db in
      (
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
        try Row.fetchAll(db, sql: "PRAGMA table_info(interface)").map { $0["name"] as String },
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interface_loa")
      )
    }
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
    #expect(!columns.contains("loa"))
    #expect(loas == 3, "one row for each interface with an LOA, none for the one without")

    // The migrated file goes on through the lifecycle: an LOA given now, a batch approval.
    _ = try await again.applyForLOA("v5-4", loa: LifecycleTests.loa)
    let batch = try await again.approveAll()
    #expect(batch.approved.map(\.id) == ["v5-3", "v5-4"])
    #expect(try await again.interface("v5-4").loa == LifecycleTests.loa)
    #expect(try await again.history(of: "v5-4").map(\.sequence) == [1, 2, 3])
  }

  /// Taking the LOAs out leaves each interface's row where it was, a third of its size: the
  /// upgrade compacts the file, so that it takes no more pages than a copy made afresh.
  @Test func theUpgradeCompactsTheFile() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    _ = try await Self.populated(path)
    let older = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(older) }
    try OlderSchema.copy(of: path, at: "v4", to: older)
    // Five hundred more interfaces with LOAs, so that `interface` spans pages.
    try await DatabaseQueue(path: older).write { db in
      try db.execute(
        sql: """
          WITH RECURSIVE copy(number) AS (SELECT 1 UNION ALL SELECT number + 1 FROM copy
            WHERE number < 500)
          INSERT INTO interface (id, account, region, access_point, line_operator, port_type,
            priority, state, loa, created_at, updated_at)
          SELECT 'v5-copy-' || number, account, region, access_point, line_operator, port_type,
            priority, state, loa, created_at, updated_at
          FROM interface, copy WHERE id = 'v5-3'
          """)
    }
    _ = try await SQLiteStore(path: older)
    let fresh = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(fresh) }
    let queue = try DatabaseQueue(path: older)
    let pages = try await queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") }
    try await queue.writeWithoutTransaction {
      try $0.execute(sql: "VACUUM INTO ?", arguments: [fresh])
    }
    let freshPages = try await DatabaseQueue(path: fresh).read {
      try Int.fetchOne($0, sql: "PRAGMA page_count")
    }
    #expect(
      try #require(pages) <= (freshPages ?? 0), "\(pages ?? 0) pages against \(freshPages ?? 0)")
  }

  @Test func theHistoryStaysAppendOnlyAndNumberedOnce() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    _ = try await Self.populated(path)
    let queue = try DatabaseQueue(path: path)
    let refusals: [(String, String)] = [
      ("UPDATE history SET detail = 'changed'", "append-only"),
      ("DELETE FROM history WHERE interface = 'v5-1'", "append-only"),
      (
        "INSERT INTO history (interface, sequence, at, action, to_state) "
          + "VALUES ('v5-1', 1, '2027-01-15T08:00:00Z', 'apply', 'toApplyForLOA')",
        "UNIQUE constraint failed: history.interface, history.sequence"
      ),
    ]
    for (sql, reason) in refusals {
      let error = await #expect(throws: DatabaseError.self, "\(sql)") {
        try await queue.write { try $0.execute(sql: sql) }
      }
      #expect(error?.message?.contains(reason) == true, "\(sql): \(String(describing: error))")
    }
    let store = try await SQLiteStore(path: path)
    let refused = await #expect(throws: StoreError.self) {
      try await store.write { store in
        try await store.append(
          HistoryEntry(
            interface: "v5-1", sequence: 2, at: Self.start, action: .applyForLOA,
            from: .toApplyForLOA, to: .inApplication, detail: nil))
      }
    }
    #expect(refused?.description.contains("UNIQUE") == true, "\(String(describing: refused))")
  }

  /// The reads of one interface's history and of an interface with its LOA seek by key: the
  /// history's index, and the LOA's rowid.
  @Test(arguments: [
    (
      "SELECT interface, sequence, at, action, from_state, to_state, detail FROM history "
        + "WHERE interface = 'v5-1' ORDER BY sequence", ["SEARCH history USING INDEX"]
    ),
    ("SELECT COUNT(*) FROM history WHERE interface = 'v5-1'", ["SEARCH history USING"]),
    (
      "SELECT interface, COUNT(*) FROM history WHERE interface IN ('v5-1', 'v5-2') "
        + "GROUP BY interface", ["SEARCH history USING"]
    ),
    (
      "SELECT id, loa FROM interface LEFT JOIN interface_loa "
        + "ON interface_loa.interface = interface.position WHERE state = 'inApplication' "
        + "ORDER BY position",
      ["SEARCH interface USING INDEX interface_by_state", "SEARCH interface_loa USING INTEGER"]
    ),
  ])
  func readsSeekByKey(query: String, steps: [String]) async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    _ = try await Self.populated(path)
    let plan = try await DatabaseQueue(path: path).read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query).map { $0["detail"] as String }
    }
    for step in steps {
      #expect(plan.contains { $0.hasPrefix(step) }, "\(step) in \(plan)")
    }
    #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
  }
}
