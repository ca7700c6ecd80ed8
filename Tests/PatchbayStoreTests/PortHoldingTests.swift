import Foundation
import Patchbay
import PatchbayStore
import Testing

/// No port is ever given twice: the store refuses it, whatever the caller read before.
@Suite struct PortHoldingTests {
  @Test func secondInterfaceOnSamePortIsRefusedAndUnchanged() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    let first = StoreFixtures.interface("first", in: inventory, state: .inApplication)
    let second = StoreFixtures.interface("second", in: inventory, state: .inApplication)
    try await store.write { writer in
      try await writer.insert(first)
      try await writer.insert(second)
    }
    try await store.write { writer in
      var approved = first
      (approved.state, approved.device, approved.port) = (.approvedLOA, device, port)
      try await writer.update(approved)
    }
    var clash = second
    (clash.state, clash.device, clash.port) = (.approvedLOA, device, port)
    await #expect(
      throws: StoreError.portTaken(device: device, port: port, holder: "interface first")
    ) {
      try await store.write { try await $0.update(clash) }
    }
    #expect(try await store.read { try await $0.interface("second") } == second)

    // A body that catches the refusal and commits other work still leaves the interface as it
    // was: the refused update is undone whole.
    try await store.write { writer in
      await #expect(throws: StoreError.self) { try await writer.update(clash) }
      try await writer.append(
        HistoryEntry(
          interface: "second", sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
          to: .inApplication))
    }
    #expect(try await store.read { try await $0.interface("second") } == second)
    #expect(try await store.read { try await $0.history(of: "second") }.count == 1)
  }

  @Test func portOfImportedConnectionIsRefused() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let held = try #require(inventory.connections.first { $0.status.holdsPort })
    let device = try #require(held.device)
    let port = try #require(held.port)
    let interface = StoreFixtures.interface(
      "taker", accessPoint: held.accessPoint, in: inventory, state: .approvedLOA,
      device: device, port: port)
    await #expect(
      throws: StoreError.portTaken(device: device, port: port, holder: "connection \(held.id)")
    ) {
      try await store.write { try await $0.insert(interface) }
    }
    #expect(try await store.read { try await $0.interface("taker") } == nil)
  }

  @Test func canceledInterfaceFreesItsPort() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    var first = StoreFixtures.interface(
      "first", in: inventory, state: .approvedLOA, device: device, port: port)
    var second = StoreFixtures.interface("second", in: inventory, state: .inApplication)
    try await store.write { writer in
      try await writer.insert(first)
      try await writer.insert(second)
    }
    first.state = .canceled
    (second.state, second.device, second.port) = (.approvedLOA, device, port)
    try await store.write { writer in
      try await writer.update(first)
      try await writer.update(second)
    }
    #expect(try await store.read { try await $0.interface("second") } == second)
    // Moving along the lifecycle on the same port keeps the holding.
    second.state = .waitingForConnection
    try await store.write { try await $0.update(second) }
    #expect(
      try await store.read { try await $0.interface("second") }?.state == .waitingForConnection)
  }

  @Test func duplicateIdsAndUnknownInterfacesAreRefused() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let interface = StoreFixtures.interface("one", in: inventory)
    try await store.write { try await $0.insert(interface) }
    await #expect(throws: LifecycleError.duplicateInterface("one")) {
      try await store.write { try await $0.insert(interface) }
    }
    let connectionID = inventory.connections[0].id
    await #expect(throws: LifecycleError.duplicateInterface(connectionID)) {
      try await store.write {
        try await $0.insert(StoreFixtures.interface(connectionID.rawValue, in: inventory))
      }
    }
    await #expect(throws: LifecycleError.unknownInterface("two", isConnection: false)) {
      try await store.write { try await $0.update(StoreFixtures.interface("two", in: inventory)) }
    }
  }
}
