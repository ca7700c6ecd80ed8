/// The free ports of one device, grouped into pools of ports whose cages accept the same set of
/// port types. Pools are what the exact model counts; the ports in a pool are interchangeable,
/// and are handed out lowest first so that the same answer always names the same ports.
struct DevicePorts: Sendable {
  /// Index of the device in ``Inventory/devices``.
  let device: Int
  /// Pools in the order of their first port on the device.
  var pools: [PortPool]

  /// Free ports accepting `type`, over all pools.
  func freeCount(accepting type: PortType) -> Int {
    pools.reduce(0) { $0 + ($1.accepts.contains(type) ? $1.free.count : 0) }
  }

  var freeCount: Int { pools.reduce(0) { $0 + $1.free.count } }

  /// The pool to take a port of `type` from: among pools with a free port that accept it, the
  /// one whose cage accepts the fewest types, so that flexible cages stay free for later.
  func bestPool(for type: PortType) -> Int? {
    var best: Int?
    for (index, pool) in pools.enumerated() where pool.accepts.contains(type) && !pool.free.isEmpty
    {
      if let current = best,
        pools[current].accepts.rawValue.nonzeroBitCount <= pool.accepts.rawValue.nonzeroBitCount
      {
        continue
      }
      best = index
    }
    return best
  }

  /// Returns a port to its pool, making the pool if every port of its kind was held.
  mutating func give(port: Int, accepts: PortTypeSet) {
    if let pool = pools.firstIndex(where: { $0.accepts == accepts }) {
      pools[pool].give(port)
    } else {
      pools.append(PortPool(accepts: accepts, free: [port]))
    }
  }

  /// Removes a given port from the free ports; false if it was not free.
  mutating func remove(port: Int, pool: Int) -> Bool {
    guard pools.indices.contains(pool), let position = pools[pool].free.firstIndex(of: port)
    else { return false }
    pools[pool].free.remove(at: position)
    return true
  }
}

/// Ports of one device with the same accepted types.
struct PortPool: Sendable {
  let accepts: PortTypeSet
  /// Free port indexes (into ``Device/ports``), highest first, so the lowest is `last`.
  var free: [Int]

  /// Takes the lowest free port.
  mutating func take() -> Int? { free.popLast() }

  /// Returns a port, keeping the order.
  mutating func give(_ port: Int) {
    var low = 0
    var high = free.count
    while low < high {
      let middle = (low + high) / 2
      if free[middle] > port { low = middle + 1 } else { high = middle }
    }
    free.insert(port, at: low)
  }
}

/// Free ports of every device, before a batch: the inventory's ports minus those held by live
/// connections.
struct FreePorts: Sendable {
  /// One entry per inventory device, same order.
  var devices: [DevicePorts]
  /// Device indexes per access point index.
  let devicesOfAccessPoint: [[Int]]
  /// Access point index per device index.
  let accessPointOfDevice: [Int]

  init(inventory: Inventory) {
    var accessPointIndex: [AccessPointID: Int] = [:]
    for (index, accessPoint) in inventory.accessPoints.enumerated() {
      accessPointIndex[accessPoint.id] = index
    }
    var devicesOfAccessPoint = [[Int]](repeating: [], count: inventory.accessPoints.count)
    var accessPointOfDevice: [Int] = []
    for (index, device) in inventory.devices.enumerated() {
      let accessPoint = accessPointIndex[device.accessPoint] ?? 0
      devicesOfAccessPoint[accessPoint].append(index)
      accessPointOfDevice.append(accessPoint)
    }
    // Held ports, by device and port index, from where the inventory found each connection's
    // port when it was checked.
    var held = inventory.devices.map { [Bool](repeating: false, count: $0.ports.count) }
    for index in inventory.connections.indices
    where inventory.connections[index].status.holdsPort {
      if let (device, port) = inventory.connectionPorts[index].positions {
        held[device][port] = true
      }
    }
    devices = inventory.devices.enumerated().map { index, device in
      var poolOf: [PortTypeSet: Int] = [:]
      var pools: [PortPool] = []
      for (portIndex, port) in device.ports.enumerated() where !held[index][portIndex] {
        if let pool = poolOf[port.accepts] {
          pools[pool].free.append(portIndex)
        } else {
          poolOf[port.accepts] = pools.count
          pools.append(PortPool(accepts: port.accepts, free: [portIndex]))
        }
      }
      for pool in pools.indices { pools[pool].free.reverse() }
      return DevicePorts(device: index, pools: pools)
    }
    self.devicesOfAccessPoint = devicesOfAccessPoint
    self.accessPointOfDevice = accessPointOfDevice
  }
}
