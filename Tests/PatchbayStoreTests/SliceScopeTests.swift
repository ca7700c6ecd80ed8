import Foundation
import Patchbay
import PatchbayStore
import Testing

/// Each reason for reading a connection or an interface, alone, and the exclusions.
@Suite struct SliceScopeTests {
  let store: SQLiteStore
  let inventory: Inventory
  let home: AccessPointID = "ap-cn-hangzhou-yh-B"
  let elsewhere: AccessPointID = "ap-cn-beijing-ft-A"

  /// Interfaces: `placed` holds a port at `home`; `waiting` is pending at `home`, for account
  /// 7001; `canceled` is final; `far` is pending for 7002 at another access point.
  init() throws {
    (store, inventory) = try StoreFixtures.initializedStore()
    let (device, port) = try #require(StoreFixtures.freePort(in: inventory, at: home))
    let interfaces = [
      StoreFixtures.interface(
        "placed", account: "7002", accessPoint: home, in: inventory, state: .approvedLOA,
        device: device, port: port),
      StoreFixtures.interface("waiting", account: "7001", accessPoint: home, in: inventory),
      StoreFixtures.interface(
        "canceled", account: "7001", accessPoint: home, in: inventory, state: .canceled),
      StoreFixtures.interface(
        "far", account: "7002", accessPoint: elsewhere, in: inventory, state: .inApplication),
    ]
    try store.write { writer in
      for interface in interfaces { try writer.insert(interface) }
    }
  }

  func slice(_ scope: InventoryScope) throws -> InventorySlice {
    try store.read { try $0.slice(scope) }
  }

  @Test func accessPointScopeReadsItsDevicesAndHeldPorts() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try slice(InventoryScope(accessPoints: [home]))
    #expect(slice.devices == inventory.devices(of: home))
    let expected = inventory.connections.filter {
      $0.accessPoint == home && $0.status.holdsPort && $0.device != nil && $0.port != nil
    }
    #expect(!expected.isEmpty)
    #expect(slice.connections == expected)
    #expect(slice.interfaces.map(\.id) == ["placed"])
    #expect(slice.regions == inventory.regions)
    #expect(slice.accessPoints == inventory.accessPoints)
    #expect(slice.highSpeedWhitelist == inventory.highSpeedWhitelist)
    #expect(slice.policy == inventory.policy)
  }

  @Test func accountScopeReadsPendingOnly() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let accounts: Set<AccountID> = Set(inventory.connections.map(\.account)).union(["7002"])
    let slice = try slice(InventoryScope(accounts: accounts))
    #expect(slice.devices.isEmpty)
    let expected = inventory.connections.filter { $0.status.isPending }
    #expect(!expected.isEmpty)
    #expect(expected.count < inventory.connections.count)
    #expect(slice.connections == expected)
    #expect(slice.interfaces.map(\.id) == ["placed", "far"])
    let one = try self.slice(InventoryScope(accounts: ["7001"]))
    #expect(one.interfaces.map(\.id) == ["waiting"])
    #expect(one.connections.isEmpty)
  }

  @Test func namedConnectionsAreReadWherever() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let named = inventory.connections.filter { $0.accessPoint == elsewhere }.prefix(2)
    let ids = Set(named.map(\.id)).union(["far", "canceled"])
    let slice = try slice(InventoryScope(connections: ids))
    #expect(slice.connections == Array(named))
    // A final interface is left out even when named.
    #expect(slice.interfaces.map(\.id) == ["far"])
  }

  @Test func excludedInterfacesAreLeftOut() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try slice(
      InventoryScope(accessPoints: [home], accounts: ["7001", "7002"], excluding: ["placed"]))
    #expect(slice.interfaces.map(\.id) == ["waiting", "far"])
  }

  @Test func everythingReadsAllButFinalInterfaces() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try slice(.all)
    #expect(slice.devices == inventory.devices)
    #expect(slice.connections == inventory.connections)
    #expect(slice.interfaces.map(\.id) == ["placed", "waiting", "far"])
  }

  @Test func emptyScopeReadsOnlyTheWholeParts() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try slice(InventoryScope())
    #expect(slice.devices.isEmpty && slice.connections.isEmpty && slice.interfaces.isEmpty)
    #expect(slice.accessPoints.count == inventory.accessPoints.count)
  }

  @Test func interfacesAreListedInApplicationOrder() throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let all = try store.read { try $0.interfaces(in: nil) }
    #expect(all.map(\.id) == ["placed", "waiting", "canceled", "far"])
    let pending = try store.read { try $0.interfaces(in: .toApplyForLOA) }
    #expect(pending.map(\.id) == ["waiting"])
  }
}
