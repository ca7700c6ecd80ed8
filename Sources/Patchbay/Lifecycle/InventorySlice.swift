/// Part of the stored inventory: every region and access point (they are few), the devices of
/// the scope's access points, the connections and interfaces the scope asks for (final
/// interfaces are left out: they hold no port and count for nothing), and the whitelisted
/// accounts among the scope's accounts (the validator asks only about those).
///
/// A store makes it (``ProvisioningReader/slice(_:)``); the lifecycle turns it into an
/// ``Inventory`` only through ``inventory()``, which checks it.
public struct InventorySlice: Sendable {
  /// Every region of the inventory.
  public var regions: [Region]
  /// Every access point of the inventory.
  public var accessPoints: [AccessPoint]
  /// The devices of the scope's access points, in inventory order.
  public var devices: [Device]
  /// Connections imported with the inventory, in import order.
  public var connections: [Connection]
  /// Interfaces, in the order they were applied for.
  public var interfaces: [Interface]
  /// The scope's accounts that are on the 40G/100G whitelist.
  public var highSpeedWhitelist: Set<AccountID>
  /// The inventory's policy.
  public var policy: Policy

  /// A slice as a store read it; nothing is checked until ``inventory()``.
  public init(
    regions: [Region], accessPoints: [AccessPoint], devices: [Device], connections: [Connection],
    interfaces: [Interface], highSpeedWhitelist: Set<AccountID>, policy: Policy
  ) {
    self.regions = regions
    self.accessPoints = accessPoints
    self.devices = devices
    self.connections = connections
    self.interfaces = interfaces
    self.highSpeedWhitelist = highSpeedWhitelist
    self.policy = policy
  }

  /// The slice as an inventory for the validator and the allocator: interfaces become
  /// connections in their state's API status.
  ///
  /// It is checked as ``Inventory/init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``
  /// checks, except for what a slice leaves out by design: a connection may name a device or a
  /// redundant connection that the scope did not read (at another access point). A store that
  /// hands out anything else (an unknown access point, a port held twice) is refused here
  /// rather than trusted.
  ///
  /// - Throws: ``InventoryError`` naming each problem's place in the slice.
  public func inventory() throws(InventoryError) -> Inventory {
    try Inventory(
      checking: regions, accessPoints: accessPoints, devices: devices,
      connections: connections + interfaces.map(\.connection),
      highSpeedWhitelist: highSpeedWhitelist, policy: policy, partial: true)
  }
}
