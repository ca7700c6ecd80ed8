import Foundation
import GRDB
import Patchbay
import PatchbayStore
import Testing

/// An interface's history is kept in order and never changed, by the store or anyone else.
@Suite struct HistoryTests {
  func entry(_ sequence: Int, _ action: InterfaceAction, from: InterfaceState?) -> HistoryEntry {
    HistoryEntry(
      interface: "if-1", sequence: sequence,
      at: StoreFixtures.time.addingTimeInterval(Double(sequence)), action: action, from: from,
      to: action.target ?? from ?? .toApplyForLOA, detail: sequence == 2 ? "LOA filed" : nil)
  }

  @Test func historyComesBackInSequenceOrder() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let entries = [
      entry(1, .apply, from: nil), entry(2, .applyForLOA, from: .toApplyForLOA),
      entry(3, .reject, from: .inApplication),
    ]
    try await store.write { writer in
      // History first, the interface after: the foreign key is checked at commit.
      try await writer.append(entries[0])
      try await writer.insert(StoreFixtures.interface("if-1", in: inventory))
    }
    try await store.write { writer in
      try await writer.append(entries[2])
      try await writer.append(entries[1])
    }
    #expect(try await store.read { try await $0.history(of: "if-1") } == entries)
    #expect(try await store.read { try await $0.history(of: "if-2") }.isEmpty)
  }

  @Test func rawUpdateAndDeleteOfHistoryFail() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try await store.write { writer in
      try await writer.insert(StoreFixtures.interface("if-1", in: inventory))
      try await writer.append(entry(1, .apply, from: nil))
    }
    let queue = try DatabaseQueue(path: store.path)
    await #expect(throws: DatabaseError.self) {
      try await queue.write { try $0.execute(sql: "UPDATE history SET detail = 'changed'") }
    }
    await #expect(throws: DatabaseError.self) {
      try await queue.write { try $0.execute(sql: "DELETE FROM history") }
    }
    #expect(
      try await store.read { try await $0.history(of: "if-1") } == [entry(1, .apply, from: nil)])
  }

  @Test func sameSequenceTwiceIsRefused() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try await store.write { writer in
      try await writer.insert(StoreFixtures.interface("if-1", in: inventory))
      try await writer.append(entry(1, .apply, from: nil))
    }
    await #expect(throws: StoreError.self) {
      try await store.write { try await $0.append(entry(1, .cancel, from: .toApplyForLOA)) }
    }
  }
}
