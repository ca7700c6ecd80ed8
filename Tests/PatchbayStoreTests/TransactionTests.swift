import Foundation
import GRDB
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

/// The bridge between an async body and GRDB's thread: what fails at commit is the answer, and
/// a read-only store reads beside a writer and refuses to write.
@Suite struct BridgeTests {
  /// A history entry of no interface passes its statement (the foreign key is deferred) and
  /// fails at commit: the write throws, whatever the body returned, and nothing is kept.
  @Test func aFailedCommitIsTheAnswerAndKeepsNothing() async throws {
    let (store, _) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let ghost = HistoryEntry(
      interface: "ghost", sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
      to: .toApplyForLOA)
    await #expect {
      try await store.write { writer -> Int in
        try await writer.append(ghost)
        return try await writer.historyLength(of: "ghost")
      }
    } throws: { error in
      (error as? StoreError)?.kind == .unavailable && "\(error)".contains("FOREIGN KEY")
    }
    #expect(try await store.read { try await $0.history(of: "ghost") }.isEmpty)
  }

  @Test func theBulkCallsMatchTheSingleOnes() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let interfaces = (0..<3).map { StoreFixtures.interface("if-\($0)", in: inventory) }
    try await store.write { writer in
      for interface in interfaces { try await writer.insert(interface) }
      try await writer.append(
        all: interfaces.prefix(2).map {
          HistoryEntry(
            interface: $0.id, sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
            to: .toApplyForLOA)
        })
      try await writer.update(
        all: interfaces.map {
          var changed = $0; changed.priority = 7; return changed
        })
    }
    let lengths = try await store.read {
      try await $0.historyLengths(of: interfaces.map(\.id) + ["none"])
    }
    #expect(lengths == ["if-0": 1, "if-1": 1, "if-2": 0, "none": 0])
    #expect(try await store.read { try await $0.interfaces(in: nil) }.map(\.priority) == [7, 7, 7])
  }

  /// A read-only store answers at once while another connection holds the write lock with a
  /// change not committed yet, does not see that change, and refuses to write.
  @Test func aReadOnlyStoreReadsBesideAWriterAndNeverWrites() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    try await store.write { try await $0.insert(StoreFixtures.interface("if-1", in: inventory)) }
    let reader = try await SQLiteStore(path: store.path, access: .readOnly, busyTimeout: 5)
    // Another connection keeps its write transaction open across the reads.
    var configuration = Configuration()
    configuration.allowsUnsafeTransactions = true
    let holder = try DatabaseQueue(path: store.path, configuration: configuration)
    defer { try? holder.close() }
    try await holder.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      try db.execute(sql: "UPDATE interface SET priority = 99")
    }
    // The writer holds its lock until after these reads: a read that waited for it would give
    // up after its 5 s with database_busy and fail the test here. (Not a timing bound: on a
    // loaded CI machine the reads once took 5 s and succeeded, which no wait for this writer
    // can explain.)
    let seen = try await reader.read { try await $0.interface("if-1") }
    let other = try await SQLiteStore(path: store.path, access: .readOnly, busyTimeout: 5)
      .read { try await $0.interfaces(in: nil) }
    #expect(seen?.priority == 0)
    #expect(other.map(\.priority) == [0])
    try await holder.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
    await #expect {
      try await reader.write { try await $0.interfaces(in: nil) }
    } throws: { error in
      (error as? StoreError)?.kind == .unavailable && "\(error)".contains("read-only")
    }
    await #expect {
      try await reader.importInventory(inventory)
    } throws: { error in
      (error as? StoreError)?.kind == .unavailable && "\(error)".contains("read-only")
    }
  }
}
