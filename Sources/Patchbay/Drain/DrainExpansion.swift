/// Turns targets (device, and pool when chosen) into ports, the same ports for the same answer:
/// on each device the connections that stay keep their ports; the arrivals of each type are
/// spread over the pools that accept it by a small maximum flow (pools in port order), and in
/// each pool they take the free ports lowest first, in inventory order, as the allocator hands
/// out ports. An arrival that lands in the pool it already holds a port in keeps its port.
enum DrainExpansion {
  /// Thrown when targets do not fit their devices: a planner bug, reported as an internal error.
  struct Overfull: Error, CustomStringConvertible {
    let device: DeviceID
    var description: String {
      "the drain planner sent more connections to device \(device.rawValue) than its ports take"
    }
  }

  /// The final port (position in ``Device/ports``) per member, on its target device or where
  /// it is.
  static func ports(_ site: DrainSite, inventory: Inventory, targets: [DrainTarget?]) throws
    -> [(device: Int, port: Int)]
  {
    var result = site.members.map { (device: $0.device, port: $0.port) }
    for device in site.targets {
      let pools = site.pools[device]
      // Ports held by connections that stay on this device.
      var held = Set<Int>()
      for (index, member) in site.members.enumerated()
      where targets[index] == nil && !member.drained && member.device == device {
        held.insert(member.port)
      }
      let arrivals = site.members.indices.filter { targets[$0]?.device == device }
      guard !arrivals.isEmpty else { continue }
      var room = pools.map { pool in pool.ports.reduce(0) { $0 + (held.contains($1) ? 0 : 1) } }
      var poolOf = [Int: Int]()
      var open: [PortType: [Int]] = [:]
      for member in arrivals {
        if let pool = targets[member]!.pool {
          poolOf[member] = pool
          room[pool] -= 1
        } else {
          open[site.members[member].type, default: []].append(member)
        }
      }
      if !open.isEmpty {
        // source 0, types 1...7, pools 8..., sink last.
        let types = PortType.allCases
        let sink = 1 + types.count + pools.count
        var flow = SmallMaxFlow(nodes: sink + 1)
        for type in types {
          flow.addEdge(from: 0, to: 1 + type.ordinal, capacity: open[type]?.count ?? 0)
        }
        for (pool, candidate) in pools.enumerated() {
          for type in candidate.accepts.members {
            flow.addEdge(from: 1 + type.ordinal, to: 1 + types.count + pool, capacity: Int.max / 4)
          }
          flow.addEdge(from: 1 + types.count + pool, to: sink, capacity: max(0, room[pool]))
        }
        let total = open.values.reduce(0) { $0 + $1.count }
        guard flow.run(from: 0, to: sink) == total else {
          throw Overfull(device: inventory.devices[site.devices[device]].id)
        }
        for type in types {
          var members = (open[type] ?? [])[...]
          for pool in pools.indices {
            for _ in 0..<flow.flow(from: 1 + type.ordinal, to: 1 + types.count + pool) {
              guard let member = members.popFirst() else { break }
              poolOf[member] = pool
            }
          }
        }
      }
      for (pool, candidate) in pools.enumerated() {
        let coming = arrivals.filter { poolOf[$0] == pool }.sorted {
          site.members[$0].connection < site.members[$1].connection
        }
        guard !coming.isEmpty else { continue }
        var taken = held
        var placeLater: [Int] = []
        for member in coming {
          let current = site.members[member]
          if !current.drained && current.device == device && current.pool == pool {
            result[member] = (device, current.port)
            taken.insert(current.port)
          } else {
            placeLater.append(member)
          }
        }
        var free = candidate.ports.filter { !taken.contains($0) }[...]
        for member in placeLater {
          guard let port = free.popFirst() else {
            throw Overfull(device: inventory.devices[site.devices[device]].id)
          }
          result[member] = (device, port)
        }
      }
    }
    return result
  }
}
