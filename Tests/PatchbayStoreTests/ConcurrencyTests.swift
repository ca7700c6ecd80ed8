import Foundation
import Patchbay
import PatchbayStore
import Testing

/// Several stores on one file, as several processes would have: writes are serialised, none is
/// lost, and a writer that waits too long is told the database is busy, never "locked".
@Suite struct ConcurrencyTests {
  /// Runs `body(index)` on `count` threads at once and waits for all of them.
  func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
      group.enter()
      let thread = Thread {
        body(index)
        group.leave()
      }
      thread.start()
    }
    group.wait()
  }

  /// Collects what the threads throw.
  final class Errors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []
    func add(_ error: any Error) { lock.withLock { errors.append("\(type(of: error)): \(error)") } }
    var all: [String] { lock.withLock { errors } }
  }

  @Test func concurrentIncrementsFromTwoStoresLoseNoUpdate() throws {
    let (first, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(first.path) }
    let second = try SQLiteStore(path: first.path)
    try first.write { try $0.insert(StoreFixtures.interface("counter", in: inventory)) }
    let threads = 8
    let increments = 25
    let errors = Errors()
    onThreads(threads) { index in
      let store = index.isMultiple(of: 2) ? first : second
      for _ in 0..<increments {
        do {
          try store.write { writer in
            guard var counter = try writer.interface("counter") else { return }
            counter.priority += 1
            try writer.update(counter)
          }
        } catch {
          errors.add(error)
        }
      }
    }
    #expect(errors.all == [])
    let counter = try first.read { try $0.interface("counter") }
    #expect(counter?.priority == threads * increments)
  }

  /// Processes that start together on a new file race to create the schema; all of them get a
  /// usable store, and exactly one inventory import succeeds.
  @Test func storesOpenedTogetherOnANewFileAllWork() throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let inventory = try StoreFixtures.datacentre()
    let errors = Errors()
    let refusals = Errors()
    onThreads(6) { _ in
      do {
        try SQLiteStore(path: path).importInventory(inventory)
      } catch StoreError.alreadyInitialized {
        refusals.add(StoreError.alreadyInitialized(path))
      } catch {
        errors.add(error)
      }
    }
    #expect(errors.all == [])
    #expect(refusals.all.count == 5)
    let exported = try SQLiteStore(path: path).read { try $0.slice(.all) }
    #expect(exported.connections == inventory.connections)
  }

  @Test func writerThatWaitsPastItsTimeoutIsBusy() throws {
    let (holder, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(holder.path) }
    let impatient = try SQLiteStore(path: holder.path, busyTimeout: 0.2)
    let entered = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    let errors = Errors()
    let thread = Thread {
      do {
        try holder.write { writer in
          try writer.insert(StoreFixtures.interface("slow", in: inventory))
          entered.signal()
          // Hold the write lock until the other store has given up (at most 10 s).
          _ = done.wait(timeout: .now() + 10)
        }
      } catch {
        errors.add(error)
      }
      entered.signal()
    }
    thread.start()
    entered.wait()
    let start = Date()
    #expect(throws: StoreError.busy(waitedSeconds: 0.2)) {
      try impatient.write { try $0.insert(StoreFixtures.interface("quick", in: inventory)) }
    }
    let waited = Date().timeIntervalSince(start)
    // Reads do not wait for the writer (WAL), and do not see what it has not committed.
    #expect(try impatient.read { try $0.interface("slow") } == nil)
    done.signal()
    #expect(waited >= 0.15)
    entered.wait()
    #expect(errors.all == [])
    #expect(try impatient.read { try $0.interface("slow") } != nil)
  }
}
