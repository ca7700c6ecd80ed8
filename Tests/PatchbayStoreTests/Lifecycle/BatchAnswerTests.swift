import Foundation
import Patchbay
import Synchronization
import Testing

/// `approveAll(answer:)`, which `approve --all` uses to encode its output while the transaction
/// commits: the answer is the batch's, and it is never returned for a batch that was not
/// committed.
@Suite struct BatchAnswerTests {
  /// Three interfaces in application at the Hangzhou access point, on `store`.
  static func waiting(on store: any ProvisioningStore) async throws -> Provisioner {
    let provisioner = Provisioner(store: store, now: { LifecycleTests.start })
    for id in ["a", "b", "c"] {
      _ = try await provisioner.apply(LifecycleTests.request(id))
      _ = try await provisioner.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
    }
    return provisioner
  }

  @Test(arguments: Backend.allCases)
  func theAnswerIsTheBatchsOutput(_ backend: Backend) async throws {
    let inventory = try StoreFixtures.datacentre()
    let plain = try await Self.waiting(on: try await backend.store(inventory))
    let answering = try await Self.waiting(on: try await backend.store(inventory))
    let expected = try await plain.approveAll().jsonBytes
    let answer = try await answering.approveAll { $0.jsonBytes }
    #expect(answer == expected)
    #expect(try await answering.interfaces() == (try await plain.interfaces()))
  }

  /// The SQLite store reads the batch's inventory on a second connection while its writer reads
  /// the interfaces; the batch is the one the in-memory store, which reads them one after the
  /// other, gives: three accounts with pending connections, two access points, redundant
  /// pairs.
  @Test func theTwoConnectionReadPlacesTheBatchAsOneReadDoes() async throws {
    let inventory = try StoreFixtures.datacentre()
    var answers: [[UInt8]] = []
    for backend in [Backend.memory, .sqlite] {
      let provisioner = Provisioner(
        store: try await backend.store(inventory), now: { LifecycleTests.start })
      var ids: [InterfaceID] = []
      for (index, place) in LifecyclePropertyTests.places.enumerated() {
        for copy in 0..<3 {
          let id = "batch-\(index)-\(copy)"
          _ = try await provisioner.apply(
            Request(
              id: RequestID(id), account: ["1003", "1001", "2003"][index], region: place.region,
              accessPoint: place.accessPoint, lineOperator: "CT", portSpec: place.spec,
              portType: place.type, redundantConnection: copy == 1 ? "batch-\(index)-0" : nil))
          ids.append(InterfaceID(id))
        }
      }
      for id in ids { _ = try await provisioner.applyForLOA(id, loa: LifecycleTests.loa) }
      answers.append(try await provisioner.approveAll { $0.jsonBytes })
    }
    #expect(answers[0].count > 1_000)
    #expect(answers[1] == answers[0], "\(String(decoding: answers[1], as: UTF8.self))")
  }

  /// The commit fails after the body wrote everything: the call throws the store's error, no
  /// answer comes back, and nothing of the batch is kept.
  @Test(arguments: Backend.allCases)
  func aFailedCommitGivesNoAnswer(_ backend: Backend) async throws {
    let inner = try await backend.store(try StoreFixtures.datacentre())
    _ = try await Self.waiting(on: inner)
    let provisioner = Provisioner(store: CommitFailingStore(inner), now: { LifecycleTests.start })
    await #expect(throws: CommitFailingStore.failure) {
      let bytes = try await provisioner.approveAll { $0.jsonBytes }
      Issue.record("an answer came back for a batch that was not committed: \(bytes.count) bytes")
    }
    let after = Provisioner(store: inner, now: { LifecycleTests.start })
    #expect(try await after.interfaces().allSatisfy { $0.state == .inApplication })
    #expect(try await after.history(of: "a").map(\.action) == [.apply, .applyForLOA])
  }

  /// A store that runs the body twice (a retried serialization failure): the answer returned is
  /// the committed run's, which is what the store holds.
  @Test func aRetriedBodyAnswersWithTheCommittedRun() async throws {
    let sqlite = try await TemporarySQLiteStore()
    try await sqlite.importInventory(try StoreFixtures.datacentre())
    _ = try await Self.waiting(on: sqlite)
    let provisioner = Provisioner(store: RetryingStore(sqlite), now: { LifecycleTests.start })
    let approved = try await provisioner.approveAll { $0.approved }
    #expect(approved.map(\.id) == ["a", "b", "c"])
    for interface in approved {
      #expect(try await provisioner.interface(interface.id) == interface)
      #expect(try await provisioner.history(of: interface.id).last?.action == .approve)
      #expect(try await provisioner.history(of: interface.id).count == 3)
    }
  }
}

/// A store whose write transactions all fail at their commit: the body runs to its end on the
/// real store, then the transaction is rolled back and the store's error thrown, as when SQLite
/// cannot write its journal.
final class CommitFailingStore: ProvisioningStore {
  static let failure = StoreError.unavailable("failing", reason: "the commit could not be written")

  struct Rollback: Error {}

  let inner: any ProvisioningStore

  init(_ inner: any ProvisioningStore) { self.inner = inner }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    try await inner.read(body)
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    let finished = Mutex(false)
    do {
      _ = try await inner.write { writer -> Bool in
        _ = try await body(writer)
        finished.withLock { $0 = true }
        throw Rollback()
      }
    } catch  where finished.withLock({ $0 }) {
      // The rollback (a store may wrap the error it was given): the body ran to its end.
    }
    throw Self.failure
  }

  func importInventory(_ inventory: Inventory) async throws {
    try await inner.importInventory(inventory)
  }
}

/// How `approveAll` pairs the plan's assignments with the interfaces in application: by one walk
/// when they come in batch order, as the allocator gives them, and by id otherwise.
@Suite struct BatchPairingTests {
  static func waiting() throws -> [Interface] {
    let inventory = try StoreFixtures.datacentre()
    return ["a", "b", "c", "d"].map {
      StoreFixtures.interface($0, in: inventory, state: .inApplication)
    }
  }

  static func assignment(_ id: String) -> Assignment {
    Assignment(
      request: RequestID(id), accessPoint: "ap", device: "dev", port: "1/1/\(id)",
      portType: .base10GLR, account: "7001", redundantConnection: nil, priority: 0)
  }

  @Test(arguments: [
    (["a", "b", "c", "d"], [0, 1, 2, 3]),
    (["b", "d"], [1, 3]),
    (["d", "a"], [3, 0]),
    (["c", "x", "a"], [2, 0]),
    ([], []),
  ])
  func eachAssignmentFindsItsInterface(_ ids: [String], _ positions: [Int]) throws {
    let placed = Provisioner.placements(ids.map(Self.assignment), of: try Self.waiting())
    #expect(placed.map(\.index) == positions)
    #expect(
      placed.map(\.assignment.request.rawValue) == ids.filter { $0 != "x" },
      "the plan's order, an assignment of no waiting interface left out")
  }
}
