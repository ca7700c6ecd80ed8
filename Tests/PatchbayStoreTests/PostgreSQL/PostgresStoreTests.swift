import Foundation
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

/// What the PostgreSQL store adds to the contract the lifecycle suites check on every backend:
/// its URLs, its answers when the server or the database is not what it expects, its schema's
/// guards, and how concurrent writers wait, retry and give up.
@Suite struct PostgresStoreTests {
  // MARK: URLs

  @Test(arguments: [
    ("postgres://alice:s3cret@db.example:6543/prov", "db.example", 6543, "alice", "prov"),
    ("postgresql://alice@127.0.0.1/prov?sslmode=disable", "127.0.0.1", 5432, "alice", "prov"),
    ("postgres://al%40ce:p%3Aw@db/prov?sslmode=require", "db", 5432, "al@ce", "prov"),
  ])
  func urlsAreReadAsLibpqReadsThem(
    _ text: String, host: String, port: Int, user: String, database: String
  ) throws {
    let url = try PostgresURL(text, environment: [:])
    #expect(url.host == host)
    #expect(url.port == port)
    #expect(url.user == user)
    #expect(url.database == database)
    #expect(!url.description.contains("s3cret") && !url.description.contains("p:w"))
  }

  @Test func aSocketFolderIsAHostParameter() throws {
    let url = try PostgresURL(
      "postgres://alice@/prov?host=/var/run/postgresql&port=5433", environment: [:])
    #expect(url.host == nil)
    #expect(url.socketFolder == "/var/run/postgresql")
    #expect(url.port == 5433)
    #expect(url.description == "postgres://alice@/prov?host=/var/run/postgresql&port=5433")
  }

  @Test(arguments: [
    ("postgres://alice@db", "no database name"),
    ("postgres://alice@db/prov?sslmode=verify-full", "sslmode=verify-full is not offered"),
    ("postgres://alice@db/prov?application=x", "unknown parameter application"),
    ("postgres://alice@db:0/prov", "port 0 is out of range"),
    ("postgres://alice@/prov", "no host"),
    ("postgres://alice:topsecret@db/prov?sslmode=x", "sslmode=x"),
  ])
  func aURLThatCannotBeUsedIsRefusedByWhatIsWrong(_ text: String, reason: String) {
    #expect {
      try PostgresURL(text, environment: [:])
    } throws: { error in
      let description = "\(error)"
      return description.contains(reason) && !description.contains("topsecret")
    }
  }

  @Test func theUserAndPasswordComeFromTheEnvironmentWhenTheURLHasNone() throws {
    let url = try PostgresURL(
      "postgres://db/prov", environment: ["USER": "bob", "PGPASSWORD": "pw"])
    #expect(url.user == "bob")
    #expect(!url.description.contains("pw"))
  }

  // MARK: Servers and databases that are not what the store expects

  @Test func aServerThatIsNotThereIsUnavailableNamingTheCause() async throws {
    // A port nothing listens on: connect is refused at once.
    let url = try PostgresURL("postgres://patchbay@127.0.0.1:9/prov", environment: [:])
    let error = await #expect(throws: StoreError.self) {
      try await PostgresStore(url: url, busyTimeout: 30)
    }
    #expect(error?.kind == .unavailable)
    #expect(error?.description.contains("cannot connect") == true, "\(String(describing: error))")
  }

  @Test func aServerThatHangsUpIsUnavailableAfterOneAttempt() async throws {
    // A store that waited on a retrying pool (postgres-nio's, until its circuit breaker trips a
    // minute later) would connect again and again before answering. Counted, not timed: a
    // clock would also count the time other tests keep this test's task off the threads.
    let listener = try HangingUpListener()
    defer { listener.stop() }
    let url = try PostgresURL(
      "postgres://patchbay@127.0.0.1:\(listener.port)/prov?sslmode=disable", environment: [:])
    let error = await #expect(throws: StoreError.self) {
      try await PostgresStore(url: url, busyTimeout: 30)
    }
    #expect(error?.kind == .unavailable)
    #expect(listener.accepted == 1, "\(String(describing: error))")
  }

  @Test func aDatabaseThatDoesNotExistIsNamed() async throws {
    let server = try await PostgresTestServer.url()
    var components = try #require(URLComponents(string: server))
    components.path = "/no_such_database_here"
    let url = try PostgresURL(components.string!, environment: [:])
    let error = await #expect(throws: StoreError.self) { try await PostgresStore(url: url) }
    #expect(error?.kind == .unavailable)
    #expect(error?.description.contains("no_such_database_here") == true)
  }

  @Test func aDatabaseWithoutPatchbaysSchemaIsNotInitializedAndStateInitMakesIt() async throws {
    let url = try PostgresURL(await PostgresTestServer.freshDatabase(prefix: "empty"))
    let error = await #expect(throws: StoreError.self) { try await PostgresStore(url: url) }
    #expect(error?.kind == .notInitialized)
    let store = try await PostgresStore.create(url: url)
    try await store.importInventory(try StoreFixtures.datacentre())
    await #expect(throws: StoreError.self) {
      try await store.importInventory(try StoreFixtures.datacentre())
    }
    await store.close()
    let reopened = try await PostgresStore(url: url, access: .readOnly)
    let exported = try await Provisioner(store: reopened).exportInventory()
    #expect(
      InventoryEncoder.jsonBytes(exported)
        == InventoryEncoder.jsonBytes(try StoreFixtures.datacentre()))
    await reopened.close()
  }

  @Test func aSchemaNamedPatchbayThatPatchbayDidNotMakeIsForeign() async throws {
    let text = try await PostgresTestServer.freshDatabase(prefix: "foreign")
    try await PostgresTestServer.psql(
      text, "CREATE SCHEMA patchbay; CREATE TABLE patchbay.t (x int)")
    let url = try PostgresURL(text)
    for open in [false, true] {
      let error = await #expect(throws: StoreError.self) {
        if open {
          _ = try await PostgresStore(url: url)
        } else {
          _ = try await PostgresStore.create(url: url)
        }
      }
      #expect(error?.kind == .foreign)
    }
    #expect(try await PostgresTestServer.psql(text, "SELECT count(*) FROM patchbay.t") == "0")
  }

  @Test func aNewerSchemaIsRefusedWithTheVersionFoundAndTheOneExpected() async throws {
    let (store, text) = try await Self.initialized()
    await store.close()
    try await PostgresTestServer.psql(
      text, "INSERT INTO patchbay.schema_version (version) VALUES ('v99')")
    let error = await #expect(throws: StoreError.self) {
      try await PostgresStore(url: PostgresURL(text))
    }
    #expect(error?.kind == .newerSchema)
    #expect(error?.description.contains("v99") == true)
    #expect(error?.description.contains("v4") == true)
  }

  // MARK: The schema's own guards

  @Test func historyIsAppendOnlyAndAPortCannotBeHeldTwiceWhateverTheCaller() async throws {
    let (store, text) = try await Self.initialized()
    let provisioner = Provisioner(store: store)
    _ = try await provisioner.apply(LifecycleTests.request("if-1"))
    for sql in [
      "UPDATE patchbay.history SET detail = 'rewritten'", "DELETE FROM patchbay.history",
      "TRUNCATE patchbay.history",
    ] {
      await #expect(throws: (any Error).self, "\(sql)") {
        try await PostgresTestServer.psql(text, sql)
      }
    }
    let holding = try await PostgresTestServer.psql(
      text, "SELECT device || '|' || port FROM patchbay.port_holding LIMIT 1")
    let parts = holding.split(separator: "|").map(String.init)
    await #expect(throws: (any Error).self) {
      try await PostgresTestServer.psql(
        text,
        "INSERT INTO patchbay.port_holding (device, port, interface) "
          + "VALUES ('\(parts[0])', '\(parts[1])', 'if-1')")
    }
    #expect(try await provisioner.history(of: InterfaceID("if-1")).count == 1)
    await store.close()
  }

  @Test func aPortTakenBehindTheAllocatorsBackIsPortTakenNamingTheHolder() async throws {
    let (store, _) = try await Self.initialized()
    let inventory = try StoreFixtures.datacentre()
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    try await store.write { writer in
      try await writer.insert(
        StoreFixtures.interface(
          "if-a", in: inventory, state: .approvedLOA, device: device, port: port))
    }
    let error = await #expect(throws: StoreError.self) {
      try await store.write { writer in
        try await writer.insert(StoreFixtures.interface("if-b", in: inventory))
        try await writer.update(
          StoreFixtures.interface(
            "if-b", in: inventory, state: .approvedLOA, device: device, port: port))
      }
    }
    #expect(error?.kind == .portTaken)
    #expect(error?.holder == "interface if-a")
    // The refused transaction wrote nothing.
    #expect(try await store.read { try await $0.interface(InterfaceID("if-b")) } == nil)
    await store.close()
  }

  // MARK: Concurrent writers

  /// Two transactions that lock two interfaces in opposite orders deadlock; PostgreSQL aborts
  /// one (40P01) and the store runs it again, so both commit.
  @Test func aDeadlockIsRunAgainAndBothWritersCommit() async throws {
    let (store, text) = try await Self.initialized()
    let inventory = try StoreFixtures.datacentre()
    try await store.write { writer in
      for id in ["if-x", "if-y"] {
        try await writer.insert(StoreFixtures.interface(id, in: inventory))
      }
    }
    let runs = Counter()
    let bothHoldOne = Barrier(parties: 2)
    func crosswise(_ first: String, _ second: String) async throws {
      let other = try await PostgresStore(url: PostgresURL(text))
      defer { Task { await other.close() } }
      try await other.write { writer in
        let attempt = await runs.next()
        _ = try await writer.interface(InterfaceID(first))
        if attempt <= 2 { await bothHoldOne.arrive() }
        _ = try await writer.interface(InterfaceID(second))
        var changed = try #require(try await writer.interface(InterfaceID(first)))
        changed.rejectionReason = "touched by \(first)"
        try await writer.update(changed)
      }
    }
    async let one: Void = crosswise("if-x", "if-y")
    async let two: Void = crosswise("if-y", "if-x")
    _ = try await (one, two)
    #expect(await runs.value >= 3, "no transaction was run again")
    let reasons = try await store.read { reader in
      [
        try await reader.interface(InterfaceID("if-x"))?.rejectionReason,
        try await reader.interface(InterfaceID("if-y"))?.rejectionReason,
      ]
    }
    #expect(reasons == ["touched by if-x", "touched by if-y"])
    await store.close()
  }

  /// A writer that holds an access point longer than another waits makes that one give up with
  /// `database_busy`; a writer at another access point does not wait for it at all.
  @Test func writersAtOneAccessPointTakeTurnsAndOthersDoNotWait() async throws {
    let (store, text) = try await Self.initialized()
    let inventory = try StoreFixtures.datacentre()
    let first = inventory.accessPoints[0].id
    let second = try #require(inventory.accessPoints.first { $0.id != first }).id
    let holding = Barrier(parties: 2)
    let release = Barrier(parties: 2)
    async let holder: Void = store.write { writer in
      _ = try await writer.slice(InventoryScope(accessPoints: [first]))
      await holding.arrive()
      await release.arrive()
    }
    await holding.arrive()
    let impatient = try await PostgresStore(url: PostgresURL(text), busyTimeout: 0.5)
    let started = ContinuousClock.now
    let error = await #expect(throws: StoreError.self) {
      try await impatient.write { writer in
        _ = try await writer.slice(InventoryScope(accessPoints: [first]))
      }
    }
    #expect(error?.kind == .busy)
    #expect(ContinuousClock.now - started < .seconds(25))
    // Another access point: no wait, while the first is still held.
    let elsewhere = try await impatient.write { writer in
      try await writer.slice(InventoryScope(accessPoints: [second])).devices.count
    }
    #expect(elsewhere > 0)
    await release.arrive()
    try await holder
    await impatient.close()
    await store.close()
  }

  /// Approvals from several stores (instances) at once, on the access points with the fewest
  /// free ports: no port is given twice and every refusal is the lifecycle's.
  @Test func approvalsFromManyInstancesNeverGiveAPortTwice() async throws {
    // fixtures/provisioning: one access point with 6 free ports on two devices.
    let (store, text) = try await Self.initialized(
      StoreFixtures.root.appendingPathComponent("fixtures/provisioning/inventory.json").path)
    let setup = Provisioner(store: store)
    var ids: [InterfaceID] = []
    for index in 0..<12 {
      let id = "many-\(index)"
      _ = try await setup.apply(
        Request(
          id: RequestID(id), account: "\(7000 + index)", region: "cn-hangzhou",
          accessPoint: "ap-contended", lineOperator: "CT", portSpec: "10G",
          portType: "10GBase-LR", redundantConnection: index % 3 == 1 ? "many-\(index - 1)" : nil))
      _ = try await setup.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
      ids.append(InterfaceID(id))
    }
    let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
      for (index, id) in ids.enumerated() {
        group.addTask {
          let instance = try await PostgresStore(url: PostgresURL(text))
          defer { Task { await instance.close() } }
          do {
            _ = try await Provisioner(store: instance).approve(id)
            return "approved"
          } catch let error as LifecycleError {
            return error.code
          } catch {
            return "failed \(index): \(error)"
          }
        }
      }
      return try await group.reduce(into: [String]()) { $0.append($1) }
    }
    #expect(!outcomes.contains { $0.hasPrefix("failed") }, "\(outcomes)")
    let exported = try await setup.exportInventory()
    var held: Set<String> = []
    for connection in exported.connections where connection.status.holdsPort {
      guard let device = connection.device, let port = connection.port else { continue }
      #expect(held.insert("\(device) \(port)").inserted, "\(port) of \(device) given twice")
    }
    #expect(outcomes.filter { $0 == "approved" }.count > 0)
    #expect(outcomes.filter { $0 == "approved" }.count <= 6, "\(outcomes)")
    #expect(
      outcomes.contains("no_free_port") || outcomes.contains("no_diverse_device"),
      "the access point never ran out: \(outcomes)")
    // Pairs approved are on different devices.
    let interfaces = try await setup.interfaces(in: .approvedLOA)
    let byID = Dictionary(uniqueKeysWithValues: interfaces.map { ($0.id, $0) })
    for interface in interfaces {
      guard let partner = interface.redundantConnection.flatMap({ byID[$0] }) else { continue }
      #expect(partner.device != interface.device, "\(interface.id) shares a device")
    }
    await store.close()
  }

  // MARK: Helpers

  /// A store on a new database with the fixture inventory, and the database's URL.
  static func initialized(_ inventory: String? = nil) async throws -> (PostgresStore, String) {
    let text = try await PostgresTestServer.freshDatabase(prefix: "store")
    let store = try await PostgresStore.create(url: PostgresURL(text))
    try await store.importInventory(
      try inventory.map { try InventoryDecoder.read(path: $0) } ?? StoreFixtures.datacentre())
    return (store, text)
  }
}

/// Counts the runs of a transaction body.
actor Counter {
  private(set) var value = 0

  func next() -> Int {
    value += 1
    return value
  }
}

/// Tasks wait at ``arrive()`` until `parties` of them have arrived.
actor Barrier {
  private let parties: Int
  private var arrived = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(parties: Int) { self.parties = parties }

  func arrive() async {
    arrived += 1
    if arrived >= parties {
      for continuation in waiting { continuation.resume() }
      waiting = []
      arrived = 0
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }
}
