/// One access point of a drain, as the planner sees it: its devices with their ports grouped
/// into pools of cages that accept the same types, its live connections (where each is, and
/// whether its device is drained) and the redundancy between them. Pools rather than ports keep
/// a large access point small; ports are chosen at the end (``DrainExpansion``).
struct DrainSite {
  /// Ports of one device whose cages accept the same types.
  struct Pool {
    let accepts: PortTypeSet
    /// Positions in ``Device/ports``, ascending.
    var ports: [Int]
  }

  /// A live connection of the access point.
  struct Member {
    /// Position in ``Inventory/connections``.
    let connection: Int
    let type: PortType
    let priority: Int
    /// Local device (position in ``devices``).
    let device: Int
    /// Position of its port in ``Device/ports``.
    let port: Int
    /// Pool of its port on its device.
    let pool: Int
    /// Its device is drained: it must move, or is stranded.
    let drained: Bool
  }

  /// Positions in ``Inventory/devices`` of the access point's devices, inventory order.
  let devices: [Int]
  /// Per local device: drained or not.
  let drained: [Bool]
  /// Per local device: its pools, in the order of their first port.
  let pools: [[Pool]]
  /// Live connections of the access point, inventory order.
  let members: [Member]
  /// Per member: the members it must be apart from (redundant partners at this access point,
  /// either direction), ascending.
  let partners: [[Int]]

  /// Local devices that are not drained: where connections may go.
  var targets: [Int] { devices.indices.filter { !drained[$0] } }

  /// Builds the site of access point `accessPoint` (a position in ``Inventory/accessPoints``).
  init(
    inventory: Inventory, accessPoint: AccessPointID, drainedDevices: Set<Int>,
    connections: [Int], priorities: [ConnectionID: Int]
  ) {
    let devices = inventory.devices(of: accessPoint).compactMap { inventory.deviceIndex(of: $0.id) }
    self.devices = devices
    drained = devices.map { drainedDevices.contains($0) }
    var local: [Int: Int] = [:]
    for (position, device) in devices.enumerated() { local[device] = position }
    var poolOfPort: [[Int]] = []
    var pools: [[Pool]] = []
    for device in devices {
      var devicePools: [Pool] = []
      var byAccepts: [PortTypeSet: Int] = [:]
      var ofPort: [Int] = []
      for (position, port) in inventory.devices[device].ports.enumerated() {
        let pool: Int
        if let existing = byAccepts[port.accepts] {
          pool = existing
        } else {
          pool = devicePools.count
          byAccepts[port.accepts] = pool
          devicePools.append(Pool(accepts: port.accepts, ports: []))
        }
        devicePools[pool].ports.append(position)
        ofPort.append(pool)
      }
      pools.append(devicePools)
      poolOfPort.append(ofPort)
    }
    self.pools = pools
    var members: [Member] = []
    var memberOf: [ConnectionID: Int] = [:]
    for index in connections {
      let connection = inventory.connections[index]
      guard let deviceID = connection.device, let name = connection.port,
        let device = inventory.deviceIndex(of: deviceID), let at = local[device],
        let port = inventory.portIndex(named: name, onDevice: device)
      else { continue }
      memberOf[connection.id] = members.count
      members.append(
        Member(
          connection: index, type: connection.portType,
          priority: priorities[connection.id] ?? 0, device: at, port: port,
          pool: poolOfPort[at][port], drained: drained[at]))
    }
    self.members = members
    var partners = [[Int]](repeating: [], count: members.count)
    for (position, member) in members.enumerated() {
      guard let other = inventory.connections[member.connection].redundantConnection,
        let partner = memberOf[other], partner != position
      else { continue }
      partners[position].append(partner)
      partners[partner].append(position)
    }
    self.partners = partners.map { Array(Set($0)).sorted() }
  }

  /// Ports of local device `device` that accept `type`.
  func ports(of device: Int, accepting type: PortType) -> Int {
    pools[device].reduce(0) { $0 + ($1.accepts.contains(type) ? $1.ports.count : 0) }
  }

  /// Per local device and pool: the ports no live connection holds.
  func freePorts() -> [[Int]] {
    var free = pools.map { $0.map(\.ports.count) }
    for member in members { free[member.device][member.pool] -= 1 }
    return free
  }

  /// Per member: whether no plan can move it. A drained connection is stranded whatever else
  /// moves when no device that is not drained has a port accepting its type, apart from the
  /// devices its non-drained partners can never leave (a partner is held to its device when
  /// that is the only device not drained with a port for its type).
  func immovable() -> [Bool] {
    let targets = targets
    func candidates(_ type: PortType) -> [Int] {
      targets.filter { ports(of: $0, accepting: type) > 0 }
    }
    let pinned: [Int?] = members.map { member in
      guard !member.drained else { return nil }
      let devices = candidates(member.type)
      return devices.count == 1 ? devices[0] : nil
    }
    return members.enumerated().map { position, member in
      guard member.drained else { return false }
      let blocked = Set(partners[position].compactMap { pinned[$0] })
      return candidates(member.type).allSatisfy { blocked.contains($0) }
    }
  }
}
