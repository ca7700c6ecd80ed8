/// Which part of the inventory a command reads: a single approval needs its access point's
/// devices, not the whole data centre.
public struct InventoryScope: Sendable, Hashable {
  /// Whole inventory (`state export`).
  public var everything: Bool
  /// Access points whose devices, and whose connections and interfaces that hold ports, are read.
  public var accessPoints: Set<AccessPointID>
  /// Accounts whose pending connections and interfaces are read (the pending limit).
  public var accounts: Set<AccountID>
  /// Access points where the live connections and interfaces of ``accounts`` are read, without
  /// the access points' devices (the per-access-point quota, when applying: the account's
  /// enabled connections there hold ports but are not pending). An approval's access points
  /// bring those already.
  public var quotaAccessPoints: Set<AccessPointID>
  /// Connections or interfaces read wherever they are (named redundant connections).
  public var connections: Set<ConnectionID>
  /// Interfaces left out (the ones being validated or placed again).
  public var excluding: Set<InterfaceID>

  /// A scope of the given access points, accounts and connections, leaving out `excluding`;
  /// ``all`` is the whole inventory.
  public init(
    accessPoints: Set<AccessPointID> = [], accounts: Set<AccountID> = [],
    connections: Set<ConnectionID> = [], excluding: Set<InterfaceID> = [],
    quotaAccessPoints: Set<AccessPointID> = []
  ) {
    self.everything = false
    self.accessPoints = accessPoints
    self.accounts = accounts
    self.quotaAccessPoints = quotaAccessPoints
    self.connections = connections
    self.excluding = excluding
  }

  /// The whole inventory and every interface.
  public static var all: InventoryScope {
    var scope = InventoryScope()
    scope.everything = true
    return scope
  }
}

extension InventoryScope {
  /// The scope that placing `interfaces` as one batch needs (`approve --all`): their access
  /// points (devices and the ports held there), their accounts (pending limits) and the
  /// redundant connections they name, the interfaces themselves left out.
  package static func placing(_ interfaces: [Interface]) -> InventoryScope {
    var scope = InventoryScope(excluding: Set(interfaces.map(\.id)))
    for interface in interfaces {
      scope.place(
        accessPoint: interface.accessPoint, account: interface.account,
        redundantConnection: interface.redundantConnection)
    }
    return scope
  }

  /// Adds what placing one interface needs but the interface itself (``placing(_:)``), for a
  /// store that reads just these columns; the caller adds its id to ``excluding``.
  package mutating func place(
    accessPoint: AccessPointID, account: AccountID, redundantConnection: ConnectionID?
  ) {
    accessPoints.insert(accessPoint)
    accounts.insert(account)
    if let redundantConnection { connections.insert(redundantConnection) }
  }
}
