import Foundation
import Patchbay
import PatchbayStore
import Testing

/// A write commits all of its changes or none, and a store without an inventory says so.
@Suite struct TransactionTests {
  struct Refusal: Error, Equatable {}

  @Test func throwingBodyRollsBackAndItsErrorPassesThrough() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    #expect(throws: Refusal()) {
      try store.write { writer in
        try writer.insert(
          StoreFixtures.interface(
            "if-1", in: inventory, state: .approvedLOA, device: device, port: port))
        try writer.append(
          HistoryEntry(
            interface: "if-1", sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
            to: .toApplyForLOA))
        throw Refusal()
      }
    }
    #expect(try store.read { try $0.interface("if-1") } == nil)
    #expect(try store.read { try $0.history(of: "if-1") }.isEmpty)
    // The port was not kept by the rolled-back holding.
    try store.write {
      try $0.insert(
        StoreFixtures.interface(
          "if-2", in: inventory, state: .approvedLOA, device: device, port: port))
    }
  }

  @Test func writeReturnsTheBodysValue() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let count = try store.write { writer -> Int? in
      try writer.insert(StoreFixtures.interface("if-1", in: inventory))
      return try writer.interfaces(in: nil).count
    }
    #expect(count == 1)
  }

  @Test func storeWithoutInventoryRefusesReadsAndWrites() throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let store = try SQLiteStore(path: path)
    #expect(throws: StoreError.notInitialized(path)) { try store.read { try $0.slice(.all) } }
    #expect(throws: StoreError.notInitialized(path)) {
      try store.write { try $0.interfaces(in: nil) }
    }
  }

  @Test func secondImportIsRefused() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    #expect(throws: StoreError.alreadyInitialized(store.path)) {
      try store.importInventory(inventory)
    }
    #expect(try store.read { try $0.slice(.all) }.connections == inventory.connections)
  }
}
