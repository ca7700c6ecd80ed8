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
      to: action.target, detail: sequence == 2 ? "LOA filed" : nil)
  }

  @Test func historyComesBackInSequenceOrder() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let entries = [
      entry(1, .apply, from: nil), entry(2, .applyForLOA, from: .toApplyForLOA),
      entry(3, .reject, from: .inApplication),
    ]
    try store.write { writer in
      // History first, the interface after: the foreign key is checked at commit.
      try writer.append(entries[0])
      try writer.insert(StoreFixtures.interface("if-1", in: inventory))
    }
    try store.write { writer in
      try writer.append(entries[2])
      try writer.append(entries[1])
    }
    #expect(try store.read { try $0.history(of: "if-1") } == entries)
    #expect(try store.read { try $0.history(of: "if-2") }.isEmpty)
  }

  @Test func rawUpdateAndDeleteOfHistoryFail() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try store.write { writer in
      try writer.insert(StoreFixtures.interface("if-1", in: inventory))
      try writer.append(entry(1, .apply, from: nil))
    }
    let queue = try DatabaseQueue(path: store.path)
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "UPDATE history SET detail = 'changed'") }
    }
    #expect(throws: DatabaseError.self) {
      try queue.write { try $0.execute(sql: "DELETE FROM history") }
    }
    #expect(try store.read { try $0.history(of: "if-1") } == [entry(1, .apply, from: nil)])
  }

  @Test func sameSequenceTwiceIsRefused() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try store.write { writer in
      try writer.insert(StoreFixtures.interface("if-1", in: inventory))
      try writer.append(entry(1, .apply, from: nil))
    }
    #expect(throws: StoreError.self) {
      try store.write { try $0.append(entry(1, .cancel, from: .toApplyForLOA)) }
    }
  }
}
