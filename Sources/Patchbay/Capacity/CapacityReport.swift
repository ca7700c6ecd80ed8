/// How much each access point can still take, computed from an inventory as it stands
/// (`patchbay capacity`, docs/CAPACITY.md): ports held and free per device and type, exact
/// headroom for single requests and redundant pairs, the N+1 check and a suggested status.
///
/// A pure function of the inventory and the thresholds: nothing is read or written, and the
/// same inventory always gives the same report.
public struct CapacityReport: Sendable, Hashable {
  /// Every access point, in inventory order.
  public var accessPoints: [AccessPointCapacity]
  /// Counts over all access points.
  public var summary: CapacitySummary
  /// The thresholds the suggested statuses were decided with.
  public var thresholds: CapacityThresholds

  /// The report of `inventory`.
  public init(inventory: Inventory, thresholds: CapacityThresholds = CapacityThresholds()) {
    let held = Self.heldPorts(inventory)
    let live = Self.liveConnections(inventory)
    var position: [ConnectionID: Int] = [:]
    for (index, connection) in inventory.connections.enumerated() where live[index] != nil {
      position[connection.id] = position[connection.id] ?? index
    }
    var partners = [[Int]](repeating: [], count: inventory.connections.count)
    for (index, connection) in inventory.connections.enumerated() where live[index] != nil {
      guard let named = connection.redundantConnection,
        let other = position[named],
        inventory.connections[other].accessPoint == connection.accessPoint
      else { continue }
      partners[index].append(other)
      partners[other].append(index)
    }
    var connectionsOnDevice = [[Int]](repeating: [], count: inventory.devices.count)
    for (index, device) in live.enumerated() {
      if let device { connectionsOnDevice[device].append(index) }
    }
    var devicesOfAccessPoint = [[Int]](repeating: [], count: inventory.accessPoints.count)
    for (index, device) in inventory.devices.enumerated() {
      if let accessPoint = inventory.accessPointIndex(of: device.accessPoint) {
        devicesOfAccessPoint[accessPoint].append(index)
      }
    }
    accessPoints = inventory.accessPoints.enumerated().map { index, accessPoint in
      Self.accessPoint(
        accessPoint, devices: devicesOfAccessPoint[index], inventory: inventory, held: held,
        live: live, partners: partners, connectionsOnDevice: connectionsOnDevice,
        thresholds: thresholds)
    }
    summary = CapacitySummary(accessPoints)
    self.thresholds = thresholds
  }

  /// Which ports of each device a live connection holds.
  private static func heldPorts(_ inventory: Inventory) -> [[Bool]] {
    var held = inventory.devices.map { [Bool](repeating: false, count: $0.ports.count) }
    for connection in inventory.connections where connection.status.holdsPort {
      guard let id = connection.device, let name = connection.port,
        let device = inventory.deviceIndex(of: id),
        let port = inventory.portIndex(named: name, onDevice: device)
      else { continue }
      held[device][port] = true
    }
    return held
  }

  /// The device position of each connection that holds a port on a device of the inventory;
  /// `nil` for the others.
  private static func liveConnections(_ inventory: Inventory) -> [Int?] {
    inventory.connections.map { connection in
      guard connection.status.holdsPort, connection.port != nil, let id = connection.device
      else { return nil }
      return inventory.deviceIndex(of: id)
    }
  }

  private static func accessPoint(
    _ accessPoint: AccessPoint, devices: [Int], inventory: Inventory, held: [[Bool]],
    live: [Int?], partners: [[Int]], connectionsOnDevice: [[Int]],
    thresholds: CapacityThresholds
  ) -> AccessPointCapacity {
    var local: [Int: Int] = [:]
    for (position, device) in devices.enumerated() { local[device] = position }
    var pools: [[NPlusOne.Pool]] = []
    var liveHere: [NPlusOne.Live] = []
    var deviceFigures: [DeviceCapacity] = []
    var freeOfType = [[Int]](repeating: [], count: PortType.allCases.count)
    var accessPointPorts = PortCounts()
    var accessPointTypes = [PortCounts](repeating: PortCounts(), count: PortType.allCases.count)
    for (position, device) in devices.enumerated() {
      // Counted per accepted-type set first (a byte: 128 sets at most), so that a port costs
      // an array update, then spread over the types of each set.
      var bySet = [PortCounts](repeating: PortCounts(), count: 128)
      for (portIndex, port) in inventory.devices[device].ports.enumerated() {
        bySet[Int(port.accepts.rawValue & 0x7f)].add(
          PortCounts(total: 1, held: held[device][portIndex] ? 1 : 0))
      }
      var ports = PortCounts()
      var byType = [PortCounts](repeating: PortCounts(), count: PortType.allCases.count)
      var devicePools: [NPlusOne.Pool] = []
      for (raw, counts) in bySet.enumerated() where counts.total > 0 {
        let accepts = PortTypeSet(rawValue: UInt8(raw))
        ports.add(counts)
        for type in accepts.members { byType[type.ordinal].add(counts) }
        if counts.free > 0 {
          devicePools.append(NPlusOne.Pool(accepts: accepts, free: counts.free))
        }
      }
      pools.append(devicePools)
      for type in PortType.allCases {
        freeOfType[type.ordinal].append(byType[type.ordinal].free)
        accessPointTypes[type.ordinal].add(byType[type.ordinal])
      }
      accessPointPorts.add(ports)
      for connection in connectionsOnDevice[device] {
        let avoid = Set(partners[connection].compactMap { live[$0].flatMap { local[$0] } })
        liveHere.append(
          NPlusOne.Live(
            device: position, portType: inventory.connections[connection].portType,
            avoid: avoid.subtracting([position]).sorted()))
      }
      deviceFigures.append(
        DeviceCapacity(
          id: inventory.devices[device].id, ports: ports,
          portTypes: Self.typeCounts(byType), liveConnections: connectionsOnDevice[device].count,
          nPlusOneShortfall: 0))
    }
    var worst: (device: Int, shortfall: Int)?
    if !liveHere.isEmpty {
      for position in devices.indices {
        let shortfall = NPlusOne.shortfall(failing: position, live: liveHere, pools: pools)
        deviceFigures[position].nPlusOneShortfall = shortfall
        if worst == nil || shortfall > worst!.shortfall { worst = (position, shortfall) }
      }
    }
    let headroom = accessPoint.portTypes.members.map { type in
      let free = freeOfType[type.ordinal]
      return Headroom(
        portType: type, singles: free.reduce(0, +), pairs: Headroom.pairs(freePerDevice: free))
    }
    return AccessPointCapacity(
      id: accessPoint.id, region: accessPoint.region, declaredStatus: accessPoint.status,
      suggestedStatus: thresholds.suggestedStatus(
        declared: accessPoint.status, ports: accessPointPorts, headroom: headroom),
      ports: accessPointPorts, portTypes: Self.typeCounts(accessPointTypes),
      devices: deviceFigures, headroom: headroom,
      nPlusOne: NPlusOne(
        worstDevice: worst.map { deviceFigures[$0.device].id }, shortfall: worst?.shortfall ?? 0))
  }

  /// The counts of the types some port accepts, in ``PortType`` order.
  private static func typeCounts(_ byType: [PortCounts]) -> [PortTypeCounts] {
    PortType.allCases.compactMap { type in
      let counts = byType[type.ordinal]
      return counts.total > 0 ? PortTypeCounts(portType: type, ports: counts) : nil
    }
  }
}
