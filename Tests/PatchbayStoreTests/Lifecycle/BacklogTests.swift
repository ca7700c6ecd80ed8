import Foundation
import Patchbay
import PatchbayStore
import Synchronization
import Testing

/// `Provisioner.apply(all:)`: a backlog applied in one transaction gives what ``apply(_:)`` of
/// each request in turn gives (the oracle, on a second store), and a store failure midway keeps
/// nothing.
@Suite struct BacklogTests {
  static func request(
    _ id: String, account: String = "8001", spec: String = "10G", type: String = "10GBase-LR",
    partner: String? = nil
  ) -> Request {
    LifecycleTests.request(id, account: account, spec: spec, type: type, partner: partner)
  }

  /// Every case of a backlog: valid requests, a rejected one, an id repeated in the batch and
  /// one of an imported connection, an account's pending limit reached by earlier rows, a pair
  /// whose backup names the primary above it, a request naming one further down and one naming
  /// a refused one further up, an id with a control character, and an id reused after its first
  /// request was refused.
  static var backlog: [Request] {
    get throws {
      let connection = try #require(try StoreFixtures.datacentre().connections.first)
      return [
        request("ok-1"),
        request("ok-2"),
        request("big", account: "2002", spec: "100G", type: "100GBase-LR"),
        request("ok-1", account: "8002"),
        request(connection.id.rawValue, account: "8003"),
        request("ok-3"),
        request("ok-4"),
        request("ok-5"),
        request("over"),
        request("primary", account: "8101"),
        request("backup", account: "8101", partner: "primary"),
        request("early", account: "8201", partner: "late"),
        request("late", account: "8201"),
        request("after-big", account: "8501", partner: "big"),
        request("a\u{0}b", account: "8301"),
        request("big", account: "8401"),
      ]
    }
  }

  /// The codes `apply(all:)` must give the backlog, written out by hand.
  static let expectedCodes: [String?] = [
    nil, nil, "whitelist_required", "duplicate_interface", "duplicate_interface", nil, nil, nil,
    "pending_limit_exceeded", nil, nil, "unknown_redundant_connection", nil,
    "unknown_redundant_connection", "malformed_request", nil,
  ]

  /// What `apply(all:)` adds to the message of `apply(_:)`, by request: where the partner is.
  static let addedToMessage = [
    "early": "; late comes later in this backlog: put it before early, so that it is applied "
      + "first",
    "after-big": "; big is a request further up this backlog that was refused (its result says "
      + "why): correct it, then apply both",
  ]

  static func provisioner(_ backend: Backend) async throws -> Provisioner {
    try await LifecycleTests.provisioner(backend)
  }

  /// What ``Provisioner/apply(_:)`` does with each request in turn, as outcomes.
  static func oneByOne(_ requests: [Request], on provisioner: Provisioner) async throws
    -> [ApplyOutcome]
  {
    var outcomes: [ApplyOutcome] = []
    for request in requests {
      do {
        outcomes.append(.applied(try await provisioner.apply(request)))
      } catch let refusal as LifecycleError {
        outcomes.append(.refused(request: request.id, refusal))
      }
    }
    return outcomes
  }

  /// Applies for the LOA of every interface waiting for one and approves them all as a batch,
  /// then gives the inventory as `state export` writes it.
  static func approvedExport(_ provisioner: Provisioner) async throws -> [UInt8] {
    for interface in try await provisioner.interfaces(in: .toApplyForLOA) {
      _ = try await provisioner.applyForLOA(interface.id, loa: LifecycleTests.loa)
    }
    _ = try await provisioner.approveAll()
    return InventoryEncoder.jsonBytes(try await provisioner.exportInventory())
  }

  @Test(arguments: Backend.allCases)
  func aBacklogGivesWhatApplyingEachRequestInTurnGives(_ backend: Backend) async throws {
    let backlog = try Self.backlog
    let batch = try await Self.provisioner(backend)
    let single = try await Self.provisioner(backend)
    let heard = Mutex<[Int]>([])
    let outcomes = try await batch.apply(all: backlog) { done, total in
      #expect(total == backlog.count)
      heard.withLock { $0.append(done) }
    }
    let expected = try await Self.oneByOne(backlog, on: single)

    #expect(outcomes.map(\.refusal?.code) == Self.expectedCodes)
    #expect(outcomes.map(\.request) == backlog.map(\.id))
    #expect(heard.withLock { $0 } == Array(1...backlog.count))
    for (index, (got, want)) in zip(outcomes, expected).enumerated() {
      if let added = Self.addedToMessage[backlog[index].id.rawValue] {
        // The one addition: the message says where the partner is in the backlog.
        #expect(got.refusal?.code == want.refusal?.code)
        #expect(got.refusal?.description == (want.refusal?.description ?? "?") + added)
      } else {
        #expect(got == want, "request \(index) (\(backlog[index].id))")
      }
    }
    let stored = try await batch.interfaces()
    #expect(stored == (try await single.interfaces()))
    #expect(stored.map(\.id.rawValue) == outcomes.compactMap(\.interface?.id.rawValue))
    for interface in stored {
      let history = try await batch.history(of: interface.id)
      #expect(history == (try await single.history(of: interface.id)))
      #expect(history.map(\.action) == [.apply])
    }
    // Approved as a batch on both stores: the same ports, the pair apart.
    let exported = try await Self.approvedExport(batch)
    #expect(exported == (try await Self.approvedExport(single)))
    let primary = try await batch.interface("primary")
    let backup = try await batch.interface("backup")
    #expect(primary.device != nil && backup.device != nil && primary.device != backup.device)
  }

  @Test(arguments: Backend.allCases)
  func anEmptyBacklogAppliesNothing(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    #expect(try await provisioner.apply(all: []).isEmpty)
    #expect(try await provisioner.interfaces().isEmpty)
  }

  /// A store failure while recording the fourth application throws it, and the three recorded
  /// before are rolled back with it: the backlog is all applied or not at all.
  @Test func aStoreFailureMidwayKeepsNothing() async throws {
    let sqlite = try await TemporarySQLiteStore()
    try await sqlite.importInventory(try StoreFixtures.datacentre())
    let failing = FailingStore(sqlite, failAtInsert: 4)
    let provisioner = Provisioner(store: failing, now: { LifecycleTests.start })
    let backlog = (1...6).map { Self.request("r-\($0)", account: "88\($0)") }
    await #expect(throws: FailingStore.failure) {
      _ = try await provisioner.apply(all: backlog)
    }
    #expect(failing.inserts == 4)
    let after = Provisioner(store: sqlite)
    #expect(try await after.interfaces().isEmpty)
    for request in backlog {
      #expect(
        try await sqlite.read { try await $0.history(of: InterfaceID(request.id.rawValue)) }
          .isEmpty)
    }
    // Nothing half-done is in the way: the same backlog applies whole afterwards.
    #expect(try await after.apply(all: backlog).allSatisfy { $0.interface != nil })
  }

  /// A store may run a write body again (PostgreSQL retries a serialization failure): the
  /// second run starts from nothing, so the outcomes are those of one run.
  @Test func aRetriedTransactionGivesTheOutcomesOfOneRun() async throws {
    let backlog = try Self.backlog
    let sqlite = try await TemporarySQLiteStore()
    try await sqlite.importInventory(try StoreFixtures.datacentre())
    let retried = Provisioner(store: RetryingStore(sqlite), now: { LifecycleTests.start })
    let once = try await Self.provisioner(.sqlite)
    #expect(try await retried.apply(all: backlog) == (try await once.apply(all: backlog)))
    #expect(try await retried.interfaces() == (try await once.interfaces()))
  }
}

/// A store whose writer throws a store error at the `failAtInsert`-th insert, after the earlier
/// ones went through to the real store.
final class FailingStore: ProvisioningStore {
  static let failure = StoreError.unavailable("failing", reason: "the disk went away")

  let inner: any ProvisioningStore
  let failAtInsert: Int
  private let count = Mutex(0)

  init(_ inner: any ProvisioningStore, failAtInsert: Int) {
    self.inner = inner
    self.failAtInsert = failAtInsert
  }

  var inserts: Int { count.withLock { $0 } }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    try await inner.read(body)
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    try await inner.write { writer in try await body(Writer(inner: writer, store: self)) }
  }

  func importInventory(_ inventory: Inventory) async throws {
    try await inner.importInventory(inventory)
  }

  /// Passes every call through, counting inserts.
  private struct Writer: ProvisioningWriter {
    let inner: any ProvisioningWriter
    let store: FailingStore

    func insert(_ interface: Interface) async throws {
      let number = store.count.withLock {
        $0 += 1
        return $0
      }
      if number == store.failAtInsert { throw FailingStore.failure }
      try await inner.insert(interface)
    }

    func interface(_ id: InterfaceID) async throws -> Interface? { try await inner.interface(id) }
    func interfaces(in state: InterfaceState?) async throws -> [Interface] {
      try await inner.interfaces(in: state)
    }
    func interfaces(
      matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int
    ) async throws -> InterfacePage {
      try await inner.interfaces(matching: filter, after: token, limit: limit)
    }
    func history(of id: InterfaceID) async throws -> [HistoryEntry] {
      try await inner.history(of: id)
    }
    func historyLength(of id: InterfaceID) async throws -> Int {
      try await inner.historyLength(of: id)
    }
    func connection(_ id: ConnectionID) async throws -> Connection? {
      try await inner.connection(id)
    }
    func slice(_ scope: InventoryScope) async throws -> InventorySlice {
      try await inner.slice(scope)
    }
    func update(_ interface: Interface) async throws { try await inner.update(interface) }
    func append(_ entry: HistoryEntry) async throws { try await inner.append(entry) }
    func move(interfaces: [Interface], connections: [Connection]) async throws {
      try await inner.move(interfaces: interfaces, connections: connections)
    }
  }
}

/// A store that runs every write body twice, as a PostgreSQL store does after a serialization
/// failure: the first run is rolled back, the second is committed.
final class RetryingStore: ProvisioningStore {
  struct Retry: Error {}

  let inner: any ProvisioningStore

  init(_ inner: any ProvisioningStore) { self.inner = inner }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    try await inner.read(body)
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    do {
      _ = try await inner.write { writer -> Bool in
        _ = try await body(writer)
        throw Retry()
      }
    } catch is Retry {}
    return try await inner.write(body)
  }

  func importInventory(_ inventory: Inventory) async throws {
    try await inner.importInventory(inventory)
  }
}
