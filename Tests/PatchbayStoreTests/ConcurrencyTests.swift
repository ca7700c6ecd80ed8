import Foundation
import GRDB
import Patchbay
import PatchbayStore
import Synchronization
import Testing

/// Several stores on one file, as several processes would have, and many tasks on one store, as
/// a service has: writes are serialised, none is lost, no port is given twice, and a writer that
/// waits too long is told the database is busy, never "locked".
@Suite struct ConcurrencyTests {
  /// Collects what the tasks throw.
  final class Errors: Sendable {
    private let errors = Mutex<[String]>([])
    func add(_ error: any Error) { errors.withLock { $0.append("\(type(of: error)): \(error)") } }
    var all: [String] { errors.withLock { $0 } }
  }

  @Test func concurrentIncrementsFromTwoStoresLoseNoUpdate() async throws {
    // Writers take turns, never fail: the bound is far above what 200 short transactions need,
    // so that a loaded machine (the whole suite runs in parallel) cannot turn a wait into busy.
    let (first, inventory) = try await StoreFixtures.initializedStore(busyTimeout: 120)
    defer { StoreFixtures.removeDatabase(first.path) }
    let second = try await SQLiteStore(path: first.path, busyTimeout: 120)
    try await first.write { try await $0.insert(StoreFixtures.interface("counter", in: inventory)) }
    let tasks = 8
    let increments = 25
    let errors = Errors()
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<tasks {
        let store = index.isMultiple(of: 2) ? first : second
        group.addTask {
          for _ in 0..<increments {
            do {
              try await store.write { writer in
                guard var counter = try await writer.interface("counter") else { return }
                counter.priority += 1
                try await writer.update(counter)
              }
            } catch {
              errors.add(error)
            }
          }
        }
      }
    }
    #expect(errors.all == [])
    let counter = try await first.read { try await $0.interface("counter") }
    #expect(counter?.priority == tasks * increments)
  }

  /// A service approves from many tasks at once on one store: each approval is one transaction,
  /// every interface gets its own port, and the store stays usable.
  @Test func manyTasksApprovingOnOneStoreNeverShareAPort() async throws {
    let (store, _) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let provisioner = Provisioner(store: store)
    let loa = try LetterOfAuthorization(
      companyName: "Example Trading", constructionCompany: "Example Cabling",
      constructionType: .fibre, scheduledConstructionTime: Date().addingTimeInterval(86_400),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 571 0000", certificateType: .idCard,
          certificateNumber: "330100")
      ])
    let ids = (0..<24).map { InterfaceID("if-\($0)") }
    for (index, id) in ids.enumerated() {
      _ = try await provisioner.apply(
        Request(
          id: RequestID(id.rawValue), account: "\(1100 + index)", region: "cn-hangzhou",
          accessPoint: "ap-cn-hangzhou-yh-B", lineOperator: "CT", portSpec: "10G",
          portType: "10GBase-LR"))
      _ = try await provisioner.applyForLOA(id, loa: loa)
    }
    let errors = Errors()
    let approved = await withTaskGroup(of: Interface?.self) { group in
      for id in ids {
        group.addTask {
          do {
            return try await provisioner.approve(id)
          } catch {
            errors.add(error)
            return nil
          }
        }
      }
      var approved: [Interface] = []
      for await interface in group { if let interface { approved.append(interface) } }
      return approved
    }
    #expect(errors.all == [])
    #expect(approved.count == ids.count)
    let ports = approved.compactMap { interface in
      interface.device.flatMap { device in interface.port.map { "\(device) \($0)" } }
    }
    #expect(Set(ports).count == ids.count, "a port was given twice: \(ports.sorted())")
    let stored = try await provisioner.interfaces(in: .approvedLOA)
    #expect(Set(stored.map(\.id)) == Set(ids))
    for id in ids { #expect(try await provisioner.history(of: id).count == 3) }
  }

  /// Processes that start together on a new file race to create the schema; all of them get a
  /// usable store, and exactly one inventory import succeeds.
  @Test func storesOpenedTogetherOnANewFileAllWork() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let inventory = try StoreFixtures.datacentre()
    let errors = Errors()
    let refusals = Errors()
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<6 {
        group.addTask {
          do {
            try await SQLiteStore.create(path: path).importInventory(inventory)
          } catch let error as StoreError where error.kind == .alreadyInitialized {
            refusals.add(error)
          } catch {
            errors.add(error)
          }
        }
      }
    }
    #expect(errors.all == [])
    #expect(refusals.all.count == 5)
    let exported = try await SQLiteStore(path: path).read { try await $0.slice(.all) }
    #expect(exported.connections == inventory.connections)
  }

  @Test func writerThatWaitsPastItsTimeoutIsBusy() async throws {
    let (holder, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(holder.path) }
    let impatient = try await SQLiteStore(path: holder.path, busyTimeout: 0.2)
    let (entered, enteredSignal) = AsyncStream.makeStream(of: Void.self)
    let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
    let holding = Task {
      try await holder.write { writer in
        try await writer.insert(StoreFixtures.interface("slow", in: inventory))
        enteredSignal.yield()
        // Hold the write lock until the other store has given up.
        for await _ in release { break }
      }
    }
    for await _ in entered { break }
    let start = Date()
    await #expect(throws: StoreError.busy(waitedSeconds: 0.2)) {
      try await impatient.write {
        try await $0.insert(StoreFixtures.interface("quick", in: inventory))
      }
    }
    let waited = Date().timeIntervalSince(start)
    // Reads do not wait for the writer (WAL), and do not see what it has not committed.
    #expect(try await impatient.read { try await $0.interface("slow") } == nil)
    releaseSignal.yield()
    #expect(waited >= 0.15)
    try await holding.value
    #expect(try await impatient.read { try await $0.interface("slow") } != nil)
  }

  /// A body that starts a transaction on its own store would wait for itself; it is refused.
  @Test func aTransactionInsideAnotherOnTheSameStoreIsRefused() async throws {
    let (store, _) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    await #expect {
      try await store.write { _ in try await store.read { try await $0.interfaces(in: nil) } }
    } throws: { error in
      (error as? StoreError)?.kind == .unavailable && "\(error)".contains("inside another")
    }
    #expect(try await store.read { try await $0.interfaces(in: nil) }.isEmpty)
  }
}
