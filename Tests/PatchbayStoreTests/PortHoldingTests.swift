import Foundation
import Patchbay
import PatchbayStore
import Testing

/// No port is ever given twice: the store refuses it, whatever the caller read before.
@Suite struct PortHoldingTests {
  @Test func secondInterfaceOnSamePortIsRefusedAndUnchanged() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    let first = StoreFixtures.interface("first", in: inventory, state: .inApplication)
    let second = StoreFixtures.interface("second", in: inventory, state: .inApplication)
    try store.write { writer in
      try writer.insert(first)
      try writer.insert(second)
    }
    try store.write { writer in
      var approved = first
      (approved.state, approved.device, approved.port) = (.approvedLOA, device, port)
      try writer.update(approved)
    }
    var clash = second
    (clash.state, clash.device, clash.port) = (.approvedLOA, device, port)
    #expect(throws: StoreError.portTaken(device: device, port: port, holder: "interface first")) {
      try store.write { try $0.update(clash) }
    }
    #expect(try store.read { try $0.interface("second") } == second)

    // A body that catches the refusal and commits other work still leaves the interface as it
    // was: the refused update is undone whole.
    try store.write { writer in
      #expect(throws: StoreError.self) { try writer.update(clash) }
      try writer.append(
        HistoryEntry(
          interface: "second", sequence: 1, at: StoreFixtures.time, action: .apply, from: nil,
          to: .inApplication))
    }
    #expect(try store.read { try $0.interface("second") } == second)
    #expect(try store.read { try $0.history(of: "second") }.count == 1)
  }

  @Test func portOfImportedConnectionIsRefused() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let held = try #require(inventory.connections.first { $0.status.holdsPort })
    let device = try #require(held.device)
    let port = try #require(held.port)
    let interface = StoreFixtures.interface(
      "taker", accessPoint: held.accessPoint, in: inventory, state: .approvedLOA,
      device: device, port: port)
    #expect(
      throws: StoreError.portTaken(device: device, port: port, holder: "connection \(held.id)")
    ) {
      try store.write { try $0.insert(interface) }
    }
    #expect(try store.read { try $0.interface("taker") } == nil)
  }

  @Test func canceledInterfaceFreesItsPort() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    var first = StoreFixtures.interface(
      "first", in: inventory, state: .approvedLOA, device: device, port: port)
    var second = StoreFixtures.interface("second", in: inventory, state: .inApplication)
    try store.write { writer in
      try writer.insert(first)
      try writer.insert(second)
    }
    first.state = .canceled
    (second.state, second.device, second.port) = (.approvedLOA, device, port)
    try store.write { writer in
      try writer.update(first)
      try writer.update(second)
    }
    #expect(try store.read { try $0.interface("second") } == second)
    // Moving along the lifecycle on the same port keeps the holding.
    second.state = .waitingForConnection
    try store.write { try $0.update(second) }
    #expect(try store.read { try $0.interface("second") }?.state == .waitingForConnection)
  }

  @Test func duplicateIdsAndUnknownInterfacesAreRefused() throws {
    let (store, inventory) = try StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let interface = StoreFixtures.interface("one", in: inventory)
    try store.write { try $0.insert(interface) }
    #expect(throws: LifecycleError.duplicateInterface("one")) {
      try store.write { try $0.insert(interface) }
    }
    let connectionID = inventory.connections[0].id
    #expect(throws: LifecycleError.duplicateInterface(connectionID)) {
      try store.write {
        try $0.insert(StoreFixtures.interface(connectionID.rawValue, in: inventory))
      }
    }
    #expect(throws: LifecycleError.unknownInterface("two", isConnection: false)) {
      try store.write { try $0.update(StoreFixtures.interface("two", in: inventory)) }
    }
  }
}
