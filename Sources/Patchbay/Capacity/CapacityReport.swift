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
    let livePorts = Self.liveConnections(inventory)
    let held = Self.heldPorts(inventory, live: livePorts)
    let live = livePorts.map { $0?.device }
    let accessPointOfDevice = inventory.devices.map {
      inventory.accessPointIndex(of: $0.accessPoint)
    }
    var partners = [[Int]](repeating: [], count: inventory.connections.count)
    for index in inventory.connections.indices {
      guard let device = live[index],
        let named = inventory.connections[index].redundantConnection,
        let other = inventory.connectionIndex(of: named), let otherDevice = live[other],
        accessPointOfDevice[otherDevice] == accessPointOfDevice[device]
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
  private static func heldPorts(_ inventory: Inventory, live: [LivePort?]) -> [[Bool]] {
    var held = inventory.devices.map { [Bool](repeating: false, count: $0.ports.count) }
    for case let position? in live { held[position.device][position.port] = true }
    return held
  }

  /// Where a live connection is: its device's position and its port's.
  private struct LivePort {
    let device: Int
    let port: Int
  }

  /// The port of each connection that holds one of the inventory (its status holds a port,
  /// and the inventory has the port it names); `nil` for the others.
  private static func liveConnections(_ inventory: Inventory) -> [LivePort?] {
    // Consecutive connections are mostly on one device: its id is compared (the same string,
    // a pointer comparison when read from one file) before it is hashed.
    var last: (id: DeviceID, position: Int)?
    return inventory.connections.indices.map { index in
      let connection = inventory.connections[index]
      guard connection.status.holdsPort, let id = connection.device, let name = connection.port
      else { return nil }
      let device: Int
      if let last, last.id == id {
        device = last.position
      } else {
        guard let position = inventory.deviceIndex(of: id) else { return nil }
        device = position
        last = (id, position)
      }
      return inventory.portIndex(named: name, onDevice: device).map {
        LivePort(device: device, port: $0)
      }
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
        // The devices here that hold its partners: one or two, so an array, not a set.
        var avoid: [Int] = []
        for partner in partners[connection] {
          guard let partnerDevice = live[partner], let other = local[partnerDevice],
            other != position, !avoid.contains(other)
          else { continue }
          avoid.append(other)
        }
        liveHere.append(
          NPlusOne.Live(
            device: position, portType: inventory.connections[connection].portType,
            avoid: avoid.sorted()))
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
