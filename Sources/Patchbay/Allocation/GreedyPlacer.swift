/// The fast path: most constrained first (higher priority, then groups, then scarce port
/// types), each request on the allowed device with the most free ports that accept its type.
/// When it places every request of a subproblem the answer is optimal by definition; otherwise
/// it is the exact solver's starting point.
struct GreedyPlacer {
  let input: AllocationInput
  let subproblem: Subproblem

  /// A placement per demand of the subproblem (same order), `nil` where none was found.
  func place() -> [Placement?] {
    var ports = SubproblemPorts(subproblem, freePorts: input.freePorts)
    var result = [Placement?](repeating: nil, count: subproblem.demands.count)
    let (members, ends) = orderedUnits(ports: ports)
    var start = 0
    for end in ends {
      let unit = members[start..<end]
      start = end
      var placed: [(Int, Placement)] = []
      var complete = true
      for member in unit {
        guard let placement = placeOne(member, ports: &ports, placed: placed) else {
          complete = false
          break
        }
        placed.append((member, placement))
      }
      if complete {
        for (member, placement) in placed {
          result[subproblem.position(ofDemand: member)!] = placement
        }
      } else {
        for (_, placement) in placed.reversed() { ports.give(placement) }
      }
    }
    return result
  }

  /// Groups and single requests, in the order the greedy takes them: their members one after
  /// the other, and where each unit ends (one flat array rather than an array per request).
  private func orderedUnits(ports: SubproblemPorts) -> (members: [Int], ends: [Int]) {
    // Demand over supply per (access point, type): how scarce a port type is. Counted in
    // arrays by the access point's position in the subproblem (its access points ascend).
    // A group's members at access points outside a piece of a region have none (scarcity 0).
    func slot(_ accessPoint: Int, _ type: PortType) -> Int? {
      var (low, high) = (0, subproblem.accessPoints.count)
      while low < high {
        let middle = (low + high) / 2
        if subproblem.accessPoints[middle] < accessPoint { low = middle + 1 } else { high = middle }
      }
      guard low < subproblem.accessPoints.count, subproblem.accessPoints[low] == accessPoint
      else { return nil }
      return low * 8 + type.ordinal
    }
    var demand = [Int](repeating: 0, count: subproblem.accessPoints.count * 8)
    for index in subproblem.demands {
      if let slot = slot(input.demands[index].accessPoint, input.demands[index].type) {
        demand[slot] += 1
      }
    }
    var supply = [Int](repeating: 0, count: demand.count)
    for device in ports.devices {
      let accessPoint = input.freePorts.accessPointOfDevice[device.device]
      for type in PortType.allCases {
        if let slot = slot(accessPoint, type) { supply[slot] += device.freeCount(accepting: type) }
      }
    }
    let scarcityOf = demand.indices.map { Double(demand[$0]) / Double(max(1, supply[$0])) }
    func scarcity(_ index: Int) -> Double {
      slot(input.demands[index].accessPoint, input.demands[index].type).map { scarcityOf[$0] }
        ?? 0
    }
    var seenGroups = Set<Int>()
    var flat: [Int] = []
    flat.reserveCapacity(subproblem.demands.count)
    var starts: [Int] = []
    for index in subproblem.demands {
      if let group = input.demands[index].group {
        guard seenGroups.insert(group).inserted else { continue }
        starts.append(flat.count)
        flat += input.validation.groups[group]
      } else {
        starts.append(flat.count)
        flat.append(index)
      }
    }
    starts.append(flat.count)
    // Each unit's highest priority and scarcity, read in place (no array per unit).
    var keys: [(priority: Int, size: Int, scarcity: Double, first: Int)] = []
    keys.reserveCapacity(starts.count - 1)
    for unit in 0..<(starts.count - 1) {
      var priority = Int.min
      var scarcest = 0.0
      for position in starts[unit]..<starts[unit + 1] {
        priority = max(priority, input.demands[flat[position]].priority)
        scarcest = max(scarcest, scarcity(flat[position]))
      }
      keys.append(
        (priority, starts[unit + 1] - starts[unit], scarcest, flat[starts[unit]]))
    }
    let order = keys.indices.sorted { a, b in
      let (x, y) = (keys[a], keys[b])
      if x.priority != y.priority { return x.priority > y.priority }
      if x.size != y.size { return x.size > y.size }
      if x.scarcity != y.scarcity { return x.scarcity > y.scarcity }
      return x.first < y.first
    }
    var members: [Int] = []
    members.reserveCapacity(flat.count)
    var ends: [Int] = []
    ends.reserveCapacity(order.count)
    for index in order {
      let unit = flat[starts[index]..<starts[index + 1]]
      if unit.count == 1 {
        members.append(unit.first!)
      } else {
        // Inside a group, members with fewer choices go first.
        let counted = unit.map { (member: $0, choices: choices($0, ports: ports)) }
        members += counted.sorted { x, y in
          x.choices != y.choices ? x.choices < y.choices : x.member < y.member
        }.map(\.member)
      }
      ends.append(members.count)
    }
    return (members, ends)
  }

  private func choices(_ index: Int, ports: SubproblemPorts) -> Int {
    let demand = input.demands[index]
    var count = 0
    for device in input.freePorts.devicesOfAccessPoint[demand.accessPoint]
    where device != demand.forbiddenDevice
      && ports.ports(of: device).freeCount(accepting: demand.type) > 0
    {
      count += 1
    }
    return count
  }

  private func placeOne(
    _ index: Int, ports: inout SubproblemPorts, placed: [(Int, Placement)]
  ) -> Placement? {
    let demand = input.demands[index]
    let taken = Set(placed.filter { demand.apart.contains($0.0) }.map(\.1.device))
    let choice = DeviceChoice.mostFree(
      among: input.freePorts.devicesOfAccessPoint[demand.accessPoint],
      allowed: { $0 != demand.forbiddenDevice && !taken.contains($0) },
      freePorts: { ports.ports(of: $0).freeCount(accepting: demand.type) })
    guard let device = choice else { return nil }
    return ports.take(demand.type, on: device)
  }
}
