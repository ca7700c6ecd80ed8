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
  init() async throws {
    (store, inventory) = try await StoreFixtures.initializedStore()
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
    try await store.write { writer in
      for interface in interfaces { try await writer.insert(interface) }
    }
  }

  func slice(_ scope: InventoryScope) async throws -> InventorySlice {
    try await store.read { try await $0.slice(scope) }
  }

  @Test func accessPointScopeReadsItsDevicesAndHeldPorts() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try await slice(InventoryScope(accessPoints: [home]))
    #expect(slice.devices == inventory.devices(of: home))
    let expected = inventory.connections.filter {
      $0.accessPoint == home && $0.status.holdsPort && $0.device != nil && $0.port != nil
    }
    #expect(!expected.isEmpty)
    #expect(slice.connections == expected)
    #expect(slice.interfaces.map(\.id) == ["placed"])
    #expect(slice.regions == inventory.regions)
    #expect(slice.accessPoints == inventory.accessPoints)
    #expect(slice.highSpeedWhitelist.isEmpty, "no account asked for")
    #expect(slice.policy == inventory.policy)
  }

  @Test func theWhitelistIsReadForTheScopesAccounts() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let listed = try #require(inventory.highSpeedWhitelist.first)
    let slice = try await slice(InventoryScope(accounts: [listed, "7001"]))
    #expect(slice.highSpeedWhitelist == [listed])
    #expect(try await self.slice(.all).highSpeedWhitelist == inventory.highSpeedWhitelist)
  }

  /// A scope with thousands of accounts (approve --all on a big batch) is read whole and
  /// filtered in Swift, past SQLite's parameter limit; it must give what the SQL filter gives.
  @Test func aHugeScopeGivesTheSameSliceAsTheSQLFilter() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let accounts = Set(inventory.connections.map(\.account)).union(["7001"])
    let small = InventoryScope(
      accessPoints: [home], accounts: accounts, connections: ["far"], excluding: ["waiting"])
    var huge = small
    huge.accounts.formUnion((0..<40_000).map { AccountID("padding-\($0)") })
    let expected = try await slice(small)
    let actual = try await slice(huge)
    #expect(actual.devices == expected.devices)
    #expect(actual.connections == expected.connections)
    #expect(actual.interfaces == expected.interfaces)
    #expect(actual.highSpeedWhitelist == expected.highSpeedWhitelist)
    #expect(!expected.connections.isEmpty && !expected.interfaces.isEmpty)
  }

  @Test func accountScopeReadsPendingOnly() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let accounts: Set<AccountID> = Set(inventory.connections.map(\.account)).union(["7002"])
    let slice = try await slice(InventoryScope(accounts: accounts))
    #expect(slice.devices.isEmpty)
    let expected = inventory.connections.filter { $0.status.isPending }
    #expect(!expected.isEmpty)
    #expect(expected.count < inventory.connections.count)
    #expect(slice.connections == expected)
    #expect(slice.interfaces.map(\.id) == ["placed", "far"])
    let one = try await self.slice(InventoryScope(accounts: ["7001"]))
    #expect(one.interfaces.map(\.id) == ["waiting"])
    #expect(one.connections.isEmpty)
  }

  @Test func namedConnectionsAreReadWherever() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let named = inventory.connections.filter { $0.accessPoint == elsewhere }.prefix(2)
    let ids = Set(named.map(\.id)).union(["far", "canceled"])
    let slice = try await slice(InventoryScope(connections: ids))
    #expect(slice.connections == Array(named))
    // A final interface is left out even when named.
    #expect(slice.interfaces.map(\.id) == ["far"])
  }

  @Test func excludedInterfacesAreLeftOut() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try await slice(
      InventoryScope(accessPoints: [home], accounts: ["7001", "7002"], excluding: ["placed"]))
    #expect(slice.interfaces.map(\.id) == ["waiting", "far"])
  }

  @Test func everythingReadsAllButFinalInterfaces() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try await slice(.all)
    #expect(slice.devices == inventory.devices)
    #expect(slice.connections == inventory.connections)
    #expect(slice.interfaces.map(\.id) == ["placed", "waiting", "far"])
  }

  @Test func emptyScopeReadsOnlyTheWholeParts() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let slice = try await slice(InventoryScope())
    #expect(slice.devices.isEmpty && slice.connections.isEmpty && slice.interfaces.isEmpty)
    #expect(slice.accessPoints.count == inventory.accessPoints.count)
  }

  @Test func interfacesAreListedInApplicationOrder() async throws {
    defer { StoreFixtures.removeDatabase(store.path) }
    let all = try await store.read { try await $0.interfaces(in: nil) }
    #expect(all.map(\.id) == ["placed", "waiting", "canceled", "far"])
    let pending = try await store.read { try await $0.interfaces(in: .toApplyForLOA) }
    #expect(pending.map(\.id) == ["waiting"])
  }
}
