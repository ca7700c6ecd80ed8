import Foundation
import Patchbay
import PatchbayStore
import PatchbaySynthetic
import Testing

/// `state export` gives back what `state init` was given: every field, in the same order.
@Suite struct RoundTripTests {
  @Test func fixtureInventoryComesBackUnchanged() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let exported = try await store.read { try await $0.slice(.all) }
    #expect(exported.interfaces.isEmpty)
    expectSame(try exported.inventory(), inventory)
  }

  @Test func generatedSmallInventoryComesBackUnchanged() async throws {
    let inventory = SyntheticDataCentre(settings: .preset(.small), seed: 1).inventory
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    try await SQLiteStore.create(path: path).importInventory(inventory)
    // A new store on the file: what comes back was read from the disk, not from a cache.
    let exported = try await SQLiteStore(path: path, access: .readOnly).read {
      try await $0.slice(.all)
    }
    expectSame(try exported.inventory(), inventory)
  }

  @Test func interfaceWithLOAAndDeliveryComesBackUnchanged() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory))
    var interface = StoreFixtures.interface(
      "if-1", in: inventory, state: .waitingForConnection, device: device, port: port)
    interface.redundantConnection = "pc-hz-0001"
    interface.priority = 3
    interface.rejectionReason = "an earlier LOA named no engineer"
    interface.loa = try LetterOfAuthorization(
      companyName: "Acme \"Cloud\" Ltd", constructionCompany: "Builders 建设",
      constructionType: .fibre,
      scheduledConstructionTime: StoreFixtures.time.addingTimeInterval(86_400.5),
      location: nil, bandwidthMbps: 1000,
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138", certificateType: .idCard,
          certificateNumber: "110101"),
        try FieldEngineer(
          name: "Ann", contact: "ann@example.com", certificateType: .passport,
          certificateNumber: "P123"),
      ])
    interface.delivery = try DeliveryReport(lineCode: "CT-42", cableLabels: ["L1", "L2"])
    interface.updatedAt = StoreFixtures.time.addingTimeInterval(0.25)
    try await store.write { try await $0.insert(interface) }
    #expect(try await store.read { try await $0.interface("if-1") } == interface)
    #expect(try await store.read { try await $0.interface("if-2") } == nil)
  }

  @Test func importedConnectionIsReadById() async throws {
    let (store, inventory) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    for connection in inventory.connections {
      #expect(try await store.read { try await $0.connection(connection.id) } == connection)
    }
    #expect(try await store.read { try await $0.connection("pc-none") } == nil)
  }

  private func expectSame(_ actual: Inventory, _ expected: Inventory) {
    #expect(actual.regions == expected.regions)
    #expect(actual.accessPoints == expected.accessPoints)
    #expect(actual.devices.count == expected.devices.count)
    #expect(actual.devices == expected.devices)
    #expect(actual.connections == expected.connections)
    #expect(actual.highSpeedWhitelist == expected.highSpeedWhitelist)
    #expect(actual.policy == expected.policy)
  }
}
