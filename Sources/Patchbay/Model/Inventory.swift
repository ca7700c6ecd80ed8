/// Everything the operator has: regions, access points, devices, connections, the whitelist and
/// the policy, with indexes by id.
///
/// A value of this type is always consistent: every reference inside resolves, no id repeats,
/// no port is held twice. It is made only by code that checks: the public initializer
/// (``init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``, for a service
/// that builds its inventory in code), ``InventoryDecoder`` (which names the file's JSON paths),
/// ``PlanApplication`` and the synthetic generator.
public struct Inventory: Sendable {
  /// The regions, in inventory order.
  public private(set) var regions: [Region]
  /// The access points, in inventory order.
  public private(set) var accessPoints: [AccessPoint]
  /// The devices, in inventory order.
  public private(set) var devices: [Device]
  /// The existing connections in every status, in inventory order.
  public private(set) var connections: [Connection]
  /// The accounts allowed 40G and 100G ports (``PortSpec/needsWhitelist``).
  public private(set) var highSpeedWhitelist: Set<AccountID>
  /// The operator's settings, such as the pending connections an account may hold.
  public private(set) var policy: Policy

  /// Region, access point and device id -> the first position with it.
  private var regionIndex: IdentifierIndex
  private var accessPointIndex: IdentifierIndex
  private var deviceIndex: IdentifierIndex
  /// Connection id -> its first position in ``connections``.
  private var connectionIndex: IdentifierIndex
  /// Devices of each access point, in inventory order.
  private var devicesOfAccessPoint: [AccessPointID: [Int]]
  /// Pending connections (``ConnectionStatus/isPending``) per account.
  private var pendingCount: [AccountID: Int]
  /// Live connections (``ConnectionStatus/isLive``) per account and access point, kept only
  /// when the policy sets `maxConnectionsPerAccessPoint` (empty otherwise: an inventory without
  /// a quota pays nothing for it, and millions of connections would make it a big table).
  private var liveCount: [AccountAtAccessPoint: Int]
  /// Port name -> position in the device's ports, per device (in ``devices`` order): made once,
  /// so that finding a port by name never builds a device's index on the way (a slow first
  /// release on the provisioning path, a rebuild in every plan check).
  package private(set) var portIndexes: [IdentifierIndex]
  /// Each connection's device and port as positions, in ``connections`` order: resolved once,
  /// when the inventory is checked, for the free ports and the plan checks, which would
  /// otherwise look a million port names up again.
  package private(set) var connectionPorts: [ConnectionPort]

  /// Assembles an inventory whose references have been checked by the caller (the checked
  /// initializer, the decoder, plan application, the generator). A caller that
  /// has indexed the connections by id or the ports by name already (the decoder, to find
  /// duplicates) passes its indexes, which must map each id or name to its first position,
  /// rather than have them built again; and the port positions of the first connections when
  /// it has them (plan application: the inventory's own, before the plan's), the rest being
  /// looked up by name.
  package init(
    assembling regions: [Region], accessPoints: [AccessPoint], devices: [Device],
    connections: [Connection], highSpeedWhitelist: Set<AccountID>, policy: Policy,
    connectionIndex: IdentifierIndex? = nil, portIndexes: [IdentifierIndex]? = nil,
    connectionPorts: [ConnectionPort]? = nil
  ) {
    self.regions = regions
    self.accessPoints = accessPoints
    self.devices = devices
    self.connections = connections
    self.highSpeedWhitelist = highSpeedWhitelist
    self.policy = policy
    regionIndex = IdentifierIndex(count: regions.count) { regions[$0].id.rawValue }
    accessPointIndex = IdentifierIndex(count: accessPoints.count) { accessPoints[$0].id.rawValue }
    deviceIndex = IdentifierIndex(count: devices.count) { devices[$0].id.rawValue }
    self.connectionIndex =
      connectionIndex
      ?? IdentifierIndex(count: connections.count) { connections[$0].id.rawValue }
    devicesOfAccessPoint = [:]
    for (index, device) in devices.enumerated() {
      devicesOfAccessPoint[device.accessPoint, default: []].append(index)
    }
    pendingCount = [:]
    // By position, not by element: a copy of each connection would retain and release its
    // strings, for millions of connections.
    for index in connections.indices where connections[index].status.isPending {
      pendingCount[connections[index].account, default: 0] += 1
    }
    liveCount = [:]
    if policy.maxConnectionsPerAccessPoint != nil {
      for index in connections.indices where connections[index].status.isLive {
        liveCount[
          AccountAtAccessPoint(connections[index].account, connections[index].accessPoint),
          default: 0] += 1
      }
    }
    self.portIndexes =
      portIndexes
      ?? devices.map { device in
        let ports = device.ports
        var index = IdentifierIndex(capacity: ports.count)
        for position in ports.indices {
          index.insert(ports[position].name, at: position, key: { ports[$0].name })
        }
        return index
      }
    precondition(
      (connectionPorts?.count ?? 0) <= connections.count, "more positions than connections")
    self.connectionPorts = connectionPorts ?? []
    self.connectionPorts.reserveCapacity(connections.count)
    for index in self.connectionPorts.count..<connections.count {
      self.connectionPorts.append(resolvePort(of: index))
    }
  }

  /// Where the connection at `index` holds or names its port, looked up by name.
  private func resolvePort(of index: Int) -> ConnectionPort {
    guard let deviceID = connections[index].device, let name = connections[index].port,
      let device = deviceIndex(of: deviceID), let port = portIndex(named: name, onDevice: device)
    else { return .none }
    return ConnectionPort(device: device, port: port)
  }

  /// The region with this id, if the inventory has it.
  public func region(_ id: RegionID) -> Region? {
    regionIndex.position(of: id.rawValue, key: { regions[$0].id.rawValue }).map { regions[$0] }
  }
  /// The access point with this id, if the inventory has it.
  public func accessPoint(_ id: AccessPointID) -> AccessPoint? {
    accessPointIndex(of: id).map { accessPoints[$0] }
  }
  /// The device with this id, if the inventory has it.
  public func device(_ id: DeviceID) -> Device? { deviceIndex(of: id).map { devices[$0] } }
  /// The connection with this id, if the inventory has it.
  public func connection(_ id: ConnectionID) -> Connection? {
    connectionIndex(of: id).map { connections[$0] }
  }

  /// The devices of an access point, in inventory order.
  public func devices(of accessPoint: AccessPointID) -> [Device] {
    (devicesOfAccessPoint[accessPoint] ?? []).map { devices[$0] }
  }

  /// How many pending connections the account holds before any batch.
  public func pendingConnections(of account: AccountID) -> Int { pendingCount[account] ?? 0 }

  /// How many live connections (``ConnectionStatus/isLive``) the account holds at the access
  /// point before any batch: what `policy.maxConnectionsPerAccessPoint` counts. Counted only
  /// when the policy sets that quota; without one, 0.
  public func liveConnections(of account: AccountID, at accessPoint: AccessPointID) -> Int {
    liveCount.isEmpty ? 0 : liveCount[AccountAtAccessPoint(account, accessPoint)] ?? 0
  }

  /// Whether the account is on the 40G/100G whitelist (``highSpeedWhitelist``).
  public func isWhitelisted(_ account: AccountID) -> Bool { highSpeedWhitelist.contains(account) }

  /// Position of an access point in ``accessPoints``.
  func accessPointIndex(of id: AccessPointID) -> Int? {
    accessPointIndex.position(of: id.rawValue, key: { accessPoints[$0].id.rawValue })
  }

  /// Position of a device in ``devices``.
  func deviceIndex(of id: DeviceID) -> Int? {
    deviceIndex.position(of: id.rawValue, key: { devices[$0].id.rawValue })
  }

  /// Position of the port named `name` in the ports of `devices[device]`.
  func portIndex(named name: String, onDevice device: Int) -> Int? {
    portIndexes[device].position(of: name, key: { devices[device].ports[$0].name })
  }

  /// Position of the first connection with this id in ``connections``.
  func connectionIndex(of id: ConnectionID) -> Int? {
    connectionIndex.position(of: id.rawValue, key: { connections[$0].id.rawValue })
  }

  /// The port named `name` of a device, if the device has it.
  public func port(named name: String, of device: DeviceID) -> Port? {
    guard let device = deviceIndex(of: device), let port = portIndex(named: name, onDevice: device)
    else { return nil }
    return devices[device].ports[port]
  }

  /// Adds a connection whose references the caller has checked (the provisioning path); `port`
  /// is where its port is, when the caller knows it (else it is looked up).
  mutating func append(_ connection: Connection, port: ConnectionPort? = nil) {
    Self.index(connection.id, at: connections.count, in: &connectionIndex, of: connections)
    connections.append(connection)
    // Grown with the connections, at the same appends: the provisioning path's one-off copies
    // come together.
    if connectionPorts.capacity < connections.capacity {
      connectionPorts.reserveCapacity(connections.capacity)
    }
    connectionPorts.append(port ?? resolvePort(of: connections.count - 1))
    if connection.status.isPending { pendingCount[connection.account, default: 0] += 1 }
    if connection.status.isLive, policy.maxConnectionsPerAccessPoint != nil {
      liveCount[AccountAtAccessPoint(connection.account, connection.accessPoint), default: 0] += 1
    }
  }

  /// Points `id` at `position` (a later connection with a repeated id takes its place), the
  /// array passed borrowed: a copy held across the append would copy every connection.
  private static func index(
    _ id: ConnectionID, at position: Int, in index: inout IdentifierIndex,
    of connections: [Connection]
  ) {
    index.set(id.rawValue, to: position, key: { connections[$0].id.rawValue })
  }

  /// Moves a connection to another status, keeping the pending and live counts right.
  mutating func setStatus(of id: ConnectionID, to status: ConnectionStatus) {
    guard let index = connectionIndex(of: id) else { return }
    let account = connections[index].account
    if connections[index].status.isPending { pendingCount[account, default: 1] -= 1 }
    if policy.maxConnectionsPerAccessPoint != nil,
      connections[index].status.isLive != status.isLive
    {
      let key = AccountAtAccessPoint(account, connections[index].accessPoint)
      liveCount[key, default: 0] += status.isLive ? 1 : -1
    }
    connections[index].status = status
    if status.isPending { pendingCount[account, default: 0] += 1 }
  }
}

/// An account at one access point: what `policy.maxConnectionsPerAccessPoint` counts by.
struct AccountAtAccessPoint: Hashable, Sendable {
  var account: AccountID
  var accessPoint: AccessPointID

  init(_ account: AccountID, _ accessPoint: AccessPointID) {
    self.account = account
    self.accessPoint = accessPoint
  }
}

/// A connection's device and port as positions in ``Inventory/devices`` and that device's
/// ports, or ``none`` when it names no port the inventory has. Two 32-bit positions: a million
/// connections take 8 MB.
package struct ConnectionPort: Sendable, Equatable {
  private var devicePosition: Int32
  private var portPosition: Int32

  package init(device: Int, port: Int) {
    devicePosition = Int32(truncatingIfNeeded: device)
    portPosition = Int32(truncatingIfNeeded: port)
  }

  package static let none = ConnectionPort(device: -1, port: -1)

  /// The device's and the port's positions, or `nil` for ``none``.
  package var positions: (device: Int, port: Int)? {
    devicePosition < 0 ? nil : (Int(devicePosition), Int(portPosition))
  }
}
