import Foundation
import Patchbay
import PatchbayStore
import Testing

/// A write commits all of its changes or none, and a store without an inventory says so.
@Suite struct TransactionTests {
  struct Refusal: Error, Equatable {}

  @Test func throwingBodyRollsBackAndItsErrorPassesThrough() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    await #expect(throws: Refusal()) {
      try await store.write { writer in
        try await writer.insert(
          StoreFixtures.interface(
            "if-1", in: inventory, state: .approvedLOA, device: device, port: port))
        try await writer.append(
          HistoryEntry(
            interface: "if-1", sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
            to: .toApplyForLOA))
        throw Refusal()
      }
    }
    #expect(try await store.read { try await $0.interface("if-1") } == nil)
    #expect(try await store.read { try await $0.history(of: "if-1") }.isEmpty)
    // The port was not kept by the rolled-back holding.
    try await store.write {
      try await $0.insert(
        StoreFixtures.interface(
          "if-2", in: inventory, state: .approvedLOA, device: device, port: port))
    }
  }

  @Test func writeReturnsTheBodysValue() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let count = try await store.write { writer -> Int? in
      try await writer.insert(StoreFixtures.interface("if-1", in: inventory))
      return try await writer.interfaces(in: nil).count
    }
    #expect(count == 1)
  }

  @Test func storeWithoutInventoryRefusesReadsAndWrites() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let store = try await SQLiteStore.create(path: path)
    await #expect(throws: StoreError.notInitialized(path)) {
      try await store.read { try await $0.slice(.all) }
    }
    await #expect(throws: StoreError.notInitialized(path)) {
      try await store.write { try await $0.interfaces(in: nil) }
    }
  }

  @Test func secondImportIsRefused() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    await #expect(throws: StoreError.alreadyInitialized(store.path)) {
      try await store.importInventory(inventory)
    }
    #expect(try await store.read { try await $0.slice(.all) }.connections == inventory.connections)
  }
}
