import Foundation
import GRDB
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

/// Version 4 of the SQLite schema drops the interface indexes on `(access_point, state)` and
/// `(account, state)`: a version 3 database is brought up to it without changing what it holds,
/// and every query those indexes served still seeks in an index (none reads the whole table).
@Suite struct SchemaVersion4Tests {
  static let start = Date(timeIntervalSince1970: 1_800_000_000)

  /// The shapes of the store's queries on `interface` that filter by access point, account or
  /// state: the listings newest first (`interfaces(matching:after:limit:)`, with and without a
  /// page token), the read of a state (`interfaces(in:)`), and the slice an approval reads (its
  /// access point's holders, its account's pending interfaces, the account's live ones at a quota
  /// access point, a named redundant connection), with the SQL the store builds for them.
  static let queries: [String] = {
    let listing = "SELECT id, position FROM interface WHERE "
    let page = " ORDER BY position DESC LIMIT 51"
    var queries: [String] = []
    for condition in [
      "state = 'enabled'", "access_point = 'ap'", "account = '1003'",
      "state = 'enabled' AND access_point = 'ap'", "state = 'enabled' AND account = '1003'",
      "access_point = 'ap' AND account = '1003'",
      "state = 'enabled' AND access_point = 'ap' AND account = '1003'",
    ] {
      queries.append(listing + condition + page)
      queries.append(listing + condition + " AND position < 100" + page)
    }
    queries.append("SELECT id FROM interface WHERE state = 'inApplication' ORDER BY position")
    queries.append(
      """
      SELECT id FROM interface WHERE state NOT IN ('canceled', 'terminated') AND (
        (access_point IN ('ap') AND state IN ('approvedLOA', 'waitingForConnection',
          'waitingForPayment', 'enabled') AND device IS NOT NULL AND port IS NOT NULL)
        OR (account IN ('1003') AND state IN ('toApplyForLOA', 'inApplication', 'loaRejected',
          'approvedLOA', 'waitingForConnection', 'waitingForPayment'))
        OR (account IN ('1003') AND access_point IN ('ap') AND state IN ('toApplyForLOA',
          'inApplication', 'loaRejected', 'approvedLOA', 'waitingForConnection',
          'waitingForPayment', 'enabled'))
        OR id IN ('partner')) ORDER BY position
      """)
    return queries
  }()

  @Test func aVersion3DatabaseLosesTheTwoIndexesAndKeepsItsRowsAndIndexLookups() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let store = try await SQLiteStore.create(path: path)
    try await store.importInventory(StoreFixtures.datacentre())
    let provisioner = Provisioner(store: store, now: { Self.start })
    // Four: the fixture's account 1003 has one pending connection, and a limit of five.
    for index in 1...4 {
      _ = try await provisioner.apply(LifecycleTests.request("v4-\(index)"))
      _ = try await provisioner.applyForLOA(InterfaceID("v4-\(index)"), loa: LifecycleTests.loa)
    }
    _ = try await provisioner.approve("v4-1")
    _ = try await provisioner.cancel("v4-2")
    let listed = try await provisioner.interfaces()
    let history = try await provisioner.history(of: "v4-1")
    // The same rows in a database of version 3, with the two indexes.
    let older = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(older) }
    try OlderSchema.copy(of: path, at: "v3", to: older)
    let error = await #expect(throws: StoreError.self) {
      _ = try await SQLiteStore(path: older, access: .readOnly)
    }
    #expect(error?.description.contains("lacks v4") == true)

    let reopened = try await SQLiteStore(path: older)
    let queue = try DatabaseQueue(path: older)
    let (migrations, indexes) = try await queue.read { db in
      (
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
        try String.fetchAll(
          db,
          sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interface' "
            + "AND sql IS NOT NULL ORDER BY name")
      )
    }
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
    #expect(
      indexes == [
        "interface_by_access_point_in_order", "interface_by_account_in_order",
        "interface_by_state",
      ])
    let again = Provisioner(store: reopened, now: { Self.start })
    #expect(try await again.interfaces() == listed)
    #expect(try await again.history(of: "v4-1") == history)
    // The listings the dropped indexes served give the same pages.
    let page = try await again.interfaces(
      matching: InterfaceFilter(
        state: .inApplication, accessPoint: "ap-cn-hangzhou-yh-B", account: "1003"),
      pageToken: nil, pageSize: 1)
    #expect(page.interfaces.map(\.id) == ["v4-4"])
    #expect(page.next != nil)
    // And the store keeps approving on the migrated file.
    _ = try await again.approve("v4-3")
    #expect(try await again.interface("v4-3").state == .approvedLOA)

    for query in Self.queries {
      let plan = try await queue.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query).map {
          $0["detail"] as String? ?? ""
        }
      }
      let searches = plan.filter { $0.contains("interface") }
      #expect(!searches.isEmpty, "\(query): \(plan)")
      for step in searches {
        #expect(step.hasPrefix("SEARCH interface USING"), "a scan in \(query): \(plan)")
      }
      if query.contains("LIMIT") {
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "a sort in \(query): \(plan)")
      }
    }
  }
}
