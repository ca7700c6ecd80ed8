import Foundation
import GRDB
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Synchronization
import Testing

/// `Idempotency-Key`s in the database (docs/SERVER.md "Idempotency"), on SQLite and on
/// PostgreSQL: every outcome of a claim, one winner among concurrent claims, the takeover of an
/// abandoned claim, release, purge, read-only stores, and a version 1 database brought up to
/// date.
@Suite struct IdempotencyTests {
  enum Database: String, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// A new store with the fixture inventory; `opened` opens the same database again.
    func store() async throws -> Stores {
      switch self {
      case .sqlite:
        let store = try await SQLiteStore.create(path: StoreFixtures.databasePath())
        try await store.importInventory(StoreFixtures.datacentre())
        return Stores(
          records: store, sqlitePath: store.path, postgresURL: nil,
          opened: { access in try await SQLiteStore(path: store.path, access: access) })
      case .postgres:
        let text = try await PostgresTestServer.freshDatabase(prefix: "idempotency")
        let store = try await PostgresStore.create(url: PostgresURL(text))
        try await store.importInventory(StoreFixtures.datacentre())
        return Stores(
          records: store, sqlitePath: nil, postgresURL: text,
          opened: { access in try await PostgresStore(url: PostgresURL(text), access: access) })
      }
    }
  }

  /// A store under test, and how to open its database again.
  struct Stores {
    var records: any IdempotencyRecords & ProvisioningStore
    var sqlitePath: String?
    var postgresURL: String?
    var opened: (StoreAccess) async throws -> any IdempotencyRecords & ProvisioningStore

    func remove() async {
      if let sqlitePath { StoreFixtures.removeDatabase(sqlitePath) }
      if let store = records as? PostgresStore { await store.close() }
    }
  }

  static let start = Date(timeIntervalSince1970: 1_800_000_000)
  static let lease = Duration.seconds(60)
  static let answer = StoredResponse(
    status: 201, contentType: "application/json", location: "/v1/interfaces/if-1",
    body: Array("{\"id\": \"if-1\"}\n".utf8) + [0, 255])

  static func key(_ key: String = "k-1", caller: String = "alice") throws -> IdempotencyKey {
    try IdempotencyKey(caller: caller, key: key)
  }

  @Test(arguments: Database.allCases)
  func everyOutcomeOfAClaim(_ database: Database) async throws {
    let stores = try await database.store()
    let store = stores.records
    let key = try Self.key()
    let t = Self.start
    #expect(
      try await store.claim(key, fingerprint: "A", now: t, takeOverAfter: Self.lease) == .claimed)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 1, takeOverAfter: Self.lease)
        == .inFlight)
    #expect(
      try await store.claim(key, fingerprint: "B", now: t + 1, takeOverAfter: Self.lease)
        == .reused)
    // Another caller's key of the same text is another key.
    #expect(
      try await store.claim(
        Self.key(caller: "bob"), fingerprint: "B", now: t + 1, takeOverAfter: Self.lease)
        == .claimed)
    // Only the claim's own fingerprint completes it.
    try await store.complete(key, fingerprint: "B", response: Self.answer, now: t + 2)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 3, takeOverAfter: Self.lease)
        == .inFlight)
    try await store.complete(key, fingerprint: "A", response: Self.answer, now: t + 3)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 4, takeOverAfter: Self.lease)
        == .replay(Self.answer))
    #expect(
      try await store.claim(key, fingerprint: "B", now: t + 4, takeOverAfter: Self.lease)
        == .reused)
    // A finished key is not released, nor completed again.
    try await store.release(key, fingerprint: "A")
    let other = StoredResponse(status: 200, contentType: "text/plain", body: [])
    try await store.complete(key, fingerprint: "A", response: other, now: t + 5)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 6, takeOverAfter: Self.lease)
        == .replay(Self.answer))
    // After its lifetime the key is new again, for any request.
    let later = t + 24 * 3600 + 1
    #expect(
      try await store.claim(key, fingerprint: "C", now: later, takeOverAfter: Self.lease)
        == .claimed)
    #expect(
      try await store.claim(key, fingerprint: "C", now: later + 1, takeOverAfter: Self.lease)
        == .inFlight)
    // A stored answer without a location or a body reads back as one.
    try await store.complete(key, fingerprint: "C", response: other, now: later + 2)
    #expect(
      try await store.claim(key, fingerprint: "C", now: later + 3, takeOverAfter: Self.lease)
        == .replay(other))
    await stores.remove()
  }

  @Test(arguments: Database.allCases)
  func anAbandonedClaimIsTakenOverAfterTheLease(_ database: Database) async throws {
    let stores = try await database.store()
    let store = stores.records
    let key = try Self.key()
    let t = Self.start
    #expect(
      try await store.claim(key, fingerprint: "A", now: t, takeOverAfter: Self.lease) == .claimed)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 59.9, takeOverAfter: Self.lease)
        == .inFlight)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 60, takeOverAfter: Self.lease)
        == .claimed)
    // The takeover starts a new lease.
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 100, takeOverAfter: Self.lease)
        == .inFlight)
    #expect(
      try await store.claim(key, fingerprint: "B", now: t + 200, takeOverAfter: Self.lease)
        == .reused, "another request never takes a key over")
    try await store.complete(key, fingerprint: "A", response: Self.answer, now: t + 101)
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 500, takeOverAfter: Self.lease)
        == .replay(Self.answer), "a finished key is never taken over")
    await stores.remove()
  }

  @Test(arguments: Database.allCases)
  func aReleasedClaimIsDoneAgainByTheRetry(_ database: Database) async throws {
    let stores = try await database.store()
    let store = stores.records
    let key = try Self.key()
    let t = Self.start
    #expect(
      try await store.claim(key, fingerprint: "A", now: t, takeOverAfter: Self.lease) == .claimed)
    try await store.release(key, fingerprint: "B")
    #expect(
      try await store.claim(key, fingerprint: "A", now: t + 1, takeOverAfter: Self.lease)
        == .inFlight, "another fingerprint does not release the claim")
    try await store.release(key, fingerprint: "A")
    #expect(
      try await store.claim(key, fingerprint: "B", now: t + 2, takeOverAfter: Self.lease)
        == .claimed, "a released key is free for any request")
    // Completing a released claim keeps nothing.
    try await store.release(key, fingerprint: "B")
    try await store.complete(key, fingerprint: "B", response: Self.answer, now: t + 3)
    #expect(
      try await store.claim(key, fingerprint: "B", now: t + 4, takeOverAfter: Self.lease)
        == .claimed)
    await stores.remove()
  }

  @Test(arguments: Database.allCases)
  func purgeRemovesKeysFirstClaimedBeforeTheDate(_ database: Database) async throws {
    let stores = try await database.store()
    let store = stores.records
    let t = Self.start
    _ = try await store.claim(Self.key("old"), fingerprint: "A", now: t, takeOverAfter: Self.lease)
    try await store.complete(Self.key("old"), fingerprint: "A", response: Self.answer, now: t + 1)
    _ = try await store.claim(
      Self.key("old-in-flight"), fingerprint: "A", now: t + 2, takeOverAfter: Self.lease)
    _ = try await store.claim(
      Self.key("new"), fingerprint: "A", now: t + 3600, takeOverAfter: Self.lease)
    #expect(try await store.purgeIdempotencyKeys(olderThan: t + 1800) == 2)
    #expect(try await store.purgeIdempotencyKeys(olderThan: t + 1800) == 0)
    #expect(
      try await store.claim(
        Self.key("old"), fingerprint: "B", now: t + 3601, takeOverAfter: Self.lease)
        == .claimed)
    #expect(
      try await store.claim(
        Self.key("new"), fingerprint: "A", now: t + 3601, takeOverAfter: Self.lease)
        == .inFlight)
    await stores.remove()
  }

  @Test(arguments: Database.allCases)
  func concurrentClaimsOfOneKeyHaveOneWinner(_ database: Database) async throws {
    let stores = try await database.store()
    // Two stores on one database, as two instances of a service are.
    let second = try await stores.opened(.readWrite)
    for round in 0..<5 {
      let key = try Self.key("race-\(round)")
      let outcomes = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
        for task in 0..<24 {
          let store = task.isMultiple(of: 2) ? stores.records : second
          group.addTask {
            try await store.claim(
              key, fingerprint: "A", now: Self.start, takeOverAfter: Self.lease)
          }
        }
        var outcomes: [IdempotencyClaim] = []
        for try await outcome in group { outcomes.append(outcome) }
        return outcomes
      }
      #expect(outcomes.filter { $0 == .claimed }.count == 1, "round \(round): \(outcomes)")
      #expect(outcomes.filter { $0 == .inFlight }.count == 23)
    }
    if let second = second as? PostgresStore { await second.close() }
    await stores.remove()
  }

  /// On PostgreSQL a claim takes none of the lifecycle's locks: it goes through while a batch
  /// approval holds the "everyone" lock that every lifecycle write waits for.
  @Test func aClaimDoesNotWaitBehindABatchApproval() async throws {
    let stores = try await Database.postgres.store()
    let store = try #require(stores.records as? PostgresStore)
    let holding = AsyncStream.makeStream(of: Void.self)
    let release = AsyncStream.makeStream(of: Void.self)
    let batch = Task {
      try await store.write { writer in
        _ = try await writer.interfaces(in: .inApplication)  // takes "everyone" exclusively
        holding.continuation.yield()
        for await _ in release.stream { break }
      }
    }
    for await _ in holding.stream { break }
    let started = ContinuousClock.now
    let claim = try await store.claim(
      Self.key(), fingerprint: "A", now: Self.start, takeOverAfter: Self.lease)
    #expect(claim == .claimed)
    #expect(ContinuousClock.now - started < .seconds(5))
    release.continuation.yield()
    try await batch.value
    await stores.remove()
  }

  @Test(arguments: Database.allCases)
  func aReadOnlyStoreRefusesEveryCall(_ database: Database) async throws {
    let stores = try await database.store()
    let reader = try await stores.opened(.readOnly)
    let key = try Self.key()
    let calls: [(String, () async throws -> Void)] = [
      (
        "claim",
        {
          _ = try await reader.claim(
            key, fingerprint: "A", now: Self.start, takeOverAfter: Self.lease)
        }
      ),
      (
        "complete",
        { try await reader.complete(key, fingerprint: "A", response: Self.answer, now: Self.start) }
      ),
      ("release", { try await reader.release(key, fingerprint: "A") }),
      ("purge", { _ = try await reader.purgeIdempotencyKeys(olderThan: Self.start) }),
    ]
    for (name, call) in calls {
      let error = await #expect(throws: StoreError.self, "\(name)") { try await call() }
      #expect(error?.kind == .unavailable, "\(name)")
      #expect(error?.description.contains("read-only") == true, "\(name)")
    }
    if let reader = reader as? PostgresStore { await reader.close() }
    await stores.remove()
  }

  @Test(
    arguments: [
      ("k", nil), (String(repeating: "x", count: 255), nil), ("!~09azAZ-_.:/", nil),
      ("", "is empty"), (String(repeating: "x", count: 256), "256 bytes long"),
      ("a b", "at byte 2"), ("tab\t", "at byte 4"), ("é", "at byte 1"), ("\u{0}", "at byte 1"),
      ("\u{7F}", "at byte 1"),
    ] as [(String, String?)])
  func keysAreOneTo255VisibleASCIICharacters(_ text: String, problem: String?) {
    do {
      let key = try IdempotencyKey(caller: "alice", key: text)
      #expect(problem == nil, "\(text) was accepted")
      #expect(key.key == text && key.caller == "alice")
    } catch {
      #expect(problem != nil, "\(text) was refused: \(error)")
      #expect(error.description.contains(problem ?? "?"), "\(error)")
      #expect(error.description.contains("visible ASCII"))
    }
  }

  @Test func aKeyNeedsACaller() {
    #expect(throws: IdempotencyKeyError.emptyCaller) { try IdempotencyKey(caller: "", key: "k") }
    #expect(throws: IdempotencyKeyError.callerHasNUL) {
      try IdempotencyKey(caller: "a\u{0}b", key: "k")
    }
  }

  // MARK: Version 1 databases

  /// `inventory` as a version 1 database holds it: without the places version 3 added (the
  /// shipped data centre records an address and cabinets, for the LOA).
  static func withoutPlaces(_ inventory: Inventory) throws -> Inventory {
    try Inventory(
      regions: inventory.regions,
      accessPoints: inventory.accessPoints.map { accessPoint in
        var accessPoint = accessPoint
        accessPoint.location = nil
        return accessPoint
      },
      devices: inventory.devices.map { device in
        var device = device
        device.cabinet = nil
        return device
      },
      connections: inventory.connections, highSpeedWhitelist: inventory.highSpeedWhitelist,
      policy: inventory.policy)
  }

  /// A version 1 SQLite database (the store's migrations up to v1, with this database's rows
  /// copied in): a read-only store refuses it, a store that writes brings it up to date
  /// without changing what it holds, and then keeps keys and pages.
  @Test func aVersion1SQLiteDatabaseIsMigratedWhenOpenedForWriting() async throws {
    let stores = try await Database.sqlite.store()
    let path = try #require(stores.sqlitePath)
    let provisioner = Provisioner(store: stores.records, now: { Self.start })
    _ = try await provisioner.apply(LifecycleTests.request("if-1"))
    let exported = try await provisioner.exportInventory()
    let listed = try await provisioner.interfaces()
    let older = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(older) }
    try OlderSchema.copy(of: path, at: "v1", to: older)
    let error = await #expect(throws: StoreError.self) {
      _ = try await SQLiteStore(path: older, access: .readOnly)
    }
    #expect(error?.description.contains("lacks v2") == true)
    let reopened = try await SQLiteStore(path: older)
    let migrations = try await DatabaseQueue(path: older).read {
      try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
    }
    #expect(migrations == ["v1", "v2", "v3", "v4", "v5"])
    let again = Provisioner(store: reopened, now: { Self.start })
    #expect(
      InventoryEncoder.jsonBytes(try await again.exportInventory())
        == InventoryEncoder.jsonBytes(try Self.withoutPlaces(exported)))
    #expect(try await again.interfaces() == listed)
    #expect(
      try await reopened.claim(
        Self.key(), fingerprint: "A", now: Self.start, takeOverAfter: Self.lease)
        == .claimed)
    let page = try await again.interfaces(
      matching: InterfaceFilter(accessPoint: "ap-cn-hangzhou-yh-B"), pageToken: nil, pageSize: 5)
    #expect(page.interfaces.map(\.id) == ["if-1"])
    // The listing by access point alone seeks in the new index.
    let details = try await DatabaseQueue(path: older).read {
      try Row.fetchAll(
        $0,
        sql: """
          EXPLAIN QUERY PLAN SELECT id FROM interface
          WHERE access_point = 'x' AND position < 10 ORDER BY position DESC LIMIT 51
          """
      ).map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
    }
    #expect(details.contains("interface_by_access_point_in_order"), "\(details)")
    #expect(!details.contains("TEMP B-TREE"), "no sort: \(details)")
    await stores.remove()
  }

  /// The same on PostgreSQL: version 1's tables and indexes, and `schema_version` without v2 and
  /// v3.
  @Test func aVersion1PostgreSQLDatabaseIsMigratedWhenOpenedForWriting() async throws {
    let stores = try await Database.postgres.store()
    let text = try #require(stores.postgresURL)
    let provisioner = Provisioner(store: stores.records, now: { Self.start })
    _ = try await provisioner.apply(LifecycleTests.request("if-1"))
    let exported = try await provisioner.exportInventory()
    await stores.remove()
    try await PostgresTestServer.psql(
      text,
      """
      DELETE FROM patchbay.schema_version WHERE version = 'v4';
      ALTER TABLE patchbay.access_point DROP COLUMN location;
      ALTER TABLE patchbay.device DROP COLUMN cabinet;
      ALTER TABLE patchbay.policy DROP COLUMN max_connections_per_access_point;
      DELETE FROM patchbay.schema_version WHERE version = 'v3';
      DROP TABLE patchbay.idempotency_key;
      DROP INDEX patchbay.interface_by_state_in_order;
      DROP INDEX patchbay.interface_by_access_point_only_in_order;
      DROP INDEX patchbay.interface_by_account_only_in_order;
      CREATE INDEX interface_by_access_point ON patchbay.interface(access_point, state);
      CREATE INDEX interface_by_account ON patchbay.interface(account, state);
      CREATE INDEX interface_by_state ON patchbay.interface(state);
      DELETE FROM patchbay.schema_version WHERE version = 'v2';
      """)
    let error = await #expect(throws: StoreError.self) {
      _ = try await PostgresStore(url: PostgresURL(text), access: .readOnly)
    }
    #expect(error?.description.contains("lacks v2") == true)
    let reopened = try await PostgresStore(url: PostgresURL(text))
    #expect(
      try await PostgresTestServer.psql(
        text, "SELECT string_agg(version, ',' ORDER BY version) FROM patchbay.schema_version")
        == "v1,v2,v3,v4")
    let again = Provisioner(store: reopened, now: { Self.start })
    #expect(
      InventoryEncoder.jsonBytes(try await again.exportInventory())
        == InventoryEncoder.jsonBytes(try Self.withoutPlaces(exported)))
    #expect(
      try await reopened.claim(
        Self.key(), fingerprint: "A", now: Self.start, takeOverAfter: Self.lease)
        == .claimed)
    let page = try await again.interfaces(
      matching: InterfaceFilter(account: "1003"), pageToken: nil, pageSize: 5)
    #expect(page.interfaces.map(\.id) == ["if-1"])
    await reopened.close()
  }
}
