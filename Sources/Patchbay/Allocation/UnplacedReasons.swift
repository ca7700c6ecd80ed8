/// Explains, with numbers, why each valid request of a subproblem got no port (FORMATS.md
/// "Unplaced codes"): what was free before the batch, on which devices, and what took it.
struct UnplacedReasons {
  let input: AllocationInput
  let subproblem: Subproblem
  /// Final placement per demand of the subproblem (same order).
  let placements: [Placement?]
  /// Whether the answer is proven optimal (otherwise a request that could fit is explained as
  /// the solver running out of time).
  let optimal: Bool
  /// Priorities of the placed requests whose port accepts a type, sorted, keyed by
  /// access point * 8 + type: what took the ports a request could have used.
  let portUsers: [Int: [Int]]

  init(input: AllocationInput, subproblem: Subproblem, placements: [Placement?], optimal: Bool) {
    self.input = input
    self.subproblem = subproblem
    self.placements = placements
    self.optimal = optimal
    var users: [Int: [Int]] = [:]
    for (local, placement) in placements.enumerated() {
      guard let placement else { continue }
      let demand = input.demands[subproblem.demands[local]]
      let accepts = input.freePorts.devices[placement.device].pools[placement.pool].accepts
      for type in accepts.members {
        users[demand.accessPoint * 8 + type.ordinal, default: []].append(demand.priority)
      }
    }
    portUsers = users.mapValues { $0.sorted() }
  }

  /// One unplacement per unplaced demand of the subproblem, in subproblem order.
  func explain() -> [(demand: Int, unplacement: Unplacement)] {
    // Free ports after the plan, per device and type: only the counts are read, so each
    // placement takes any port of its pool (removing its own would search the pool).
    var ports = SubproblemPorts(subproblem, freePorts: input.freePorts)
    for placement in placements.compactMap({ $0 }) {
      let device = ports.position[placement.device]!
      if !ports.devices[device].pools[placement.pool].free.isEmpty {
        ports.devices[device].pools[placement.pool].free.removeLast()
      }
    }
    // Reasons that hold before the batch (no port of the type, only forbidden devices) come
    // first: a group member blocked that way blocks the group, whatever else happened.
    var structural: [Int: (UnplacedCode, String)] = [:]
    var own: [Int: (UnplacedCode, String)?] = [:]
    for (index, demand) in subproblem.demands.enumerated() where placements[index] == nil {
      if let reason = structuralReason(demand) {
        structural[demand] = reason
        own[demand] = reason
      } else {
        own[demand] = capacityReason(demand, after: ports)
      }
    }
    var result: [(Int, Unplacement)] = []
    for (index, demand) in subproblem.demands.enumerated() where placements[index] == nil {
      let id = input.validation.accepted[demand].id
      let group = input.demands[demand].group.map { input.validation.groups[$0] } ?? [demand]
      if let (code, message) = structural[demand] {
        result.append((demand, Unplacement(request: id, code: code, message: message)))
        continue
      }
      if let blocker = group.first(where: { $0 != demand && structural[$0] != nil }),
        let (code, _) = structural[blocker]
      {
        let name = input.validation.accepted[blocker].id
        result.append(
          (
            demand,
            Unplacement(
              request: id, code: .partnerUnplaced,
              message: "its redundancy group cannot be placed whole: \(name) can never be "
                + "placed here (\(code.rawValue)), and a group is placed all or nothing")
          ))
        continue
      }
      if let (code, message) = own[demand] ?? nil {
        result.append((demand, Unplacement(request: id, code: code, message: message)))
        continue
      }
      // It could fit on its own: its group is what failed.
      let blockers = group.filter { $0 != demand && (own[$0] ?? nil) != nil }
      if let blocker = blockers.first, let (code, _) = own[blocker] ?? nil {
        let name = input.validation.accepted[blocker].id
        result.append(
          (
            demand,
            Unplacement(
              request: id, code: .partnerUnplaced,
              message: "it could fit (\(roomPhrase(demand, in: ports))), but its redundancy "
                + "group cannot be placed whole: \(name) is unplaced (\(code.rawValue)), and a "
                + "group is placed all or nothing")
          ))
      } else if group.count > 1 {
        result.append(
          (
            demand,
            Unplacement(
              request: id, code: .partnerUnplaced,
              message: "it could fit (\(roomPhrase(demand, in: ports))), but its redundancy "
                + "group of \(group.count) cannot be placed whole: "
                + diversityPhrase(demand, in: ports) + "; a group is placed all or nothing")
          ))
      } else {
        result.append(
          (
            demand,
            Unplacement(
              request: id, code: .capacityContention,
              message: optimal
                ? "it lost to requests the objective ranks first (\(contentionPhrase(demand)))"
                : "the exact solver reached its time limit before placing it; "
                  + "\(roomPhrase(demand, in: ports)); raise --time-limit to search longer")
          ))
      }
    }
    return result
  }

  /// A reason that holds before the batch: no free port of its type, or only forbidden devices.
  private func structuralReason(_ index: Int) -> (UnplacedCode, String)? {
    let demand = input.demands[index]
    return Self.beforeBatch(
      type: demand.type, accessPoint: demand.accessPoint, forbidden: demand.forbiddenDevice,
      partner: partnerName(demand), inventory: input.inventory, freePorts: input.freePorts)
  }

  /// Why a request of `type` at an access point (a position in the inventory) cannot be placed
  /// on the free ports as they are, if that alone rules it out: no free port accepts the type
  /// (`no_free_port`), or the only ones are on `forbidden`, the device of the connection it
  /// backs up (`no_diverse_device`). The batch and the one-request provisioning path
  /// (``LiveInventory/place(_:)``) both explain with it.
  static func beforeBatch(
    type portType: PortType, accessPoint: Int, forbidden: Int?, partner: String,
    inventory: Inventory, freePorts: FreePorts
  ) -> (UnplacedCode, String)? {
    let name = inventory.accessPoints[accessPoint].id
    let type = portType.rawValue
    let devices = freePorts.devicesOfAccessPoint[accessPoint]
    let before = devices.map { ($0, freePorts.devices[$0].freeCount(accepting: portType)) }
    let total = before.reduce(0) { $0 + $1.1 }
    if total == 0 {
      return (
        .noFreePort,
        "no free port at \(name) accepts \(type) before this batch; "
          + freeSummary(devices, freePorts: freePorts)
      )
    }
    let allowed = before.filter { $0.0 != forbidden && $0.1 > 0 }
    if allowed.isEmpty, let forbidden {
      return (
        .noDiverseDevice,
        "the only free \(type) ports at \(name) (\(total)) are on "
          + "\(inventory.devices[forbidden].id), which holds its redundant connection \(partner)"
      )
    }
    return nil
  }

  /// Every suitable port it could use was taken by the plan.
  private func capacityReason(_ index: Int, after ports: SubproblemPorts) -> (
    UnplacedCode, String
  )? {
    let demand = input.demands[index]
    let accessPoint = input.inventory.accessPoints[demand.accessPoint].id
    let type = demand.type.rawValue
    let allowed = input.freePorts.devicesOfAccessPoint[demand.accessPoint].compactMap {
      device -> (Int, Int)? in
      let free = input.freePorts.devices[device].freeCount(accepting: demand.type)
      return device != demand.forbiddenDevice && free > 0 ? (device, free) : nil
    }
    let left = allowed.reduce(0) { total, item in
      total + ports.ports(of: item.0).freeCount(accepting: demand.type)
    }
    if left == 0 {
      let before = allowed.reduce(0) { $0 + $1.1 }
      let ports =
        before == 1
        ? "the only free \(type) port it could use at \(accessPoint) (on "
          + "\(input.inventory.devices[allowed[0].0].id)) went to another request"
        : "all \(before) free \(type) ports it could use at \(accessPoint) "
          + "(\(perDevice(allowed))) went to other requests"
      return (.capacityContention, ports + " of this batch: " + contentionPhrase(index))
    }
    return nil
  }

  /// Why members that could each take a port cannot all be placed: a partner that must be on
  /// another device and can only use the same one, or the ports left being too few.
  private func diversityPhrase(_ index: Int, in ports: SubproblemPorts) -> String {
    let demand = input.demands[index]
    func room(_ item: Demand) -> [Int] {
      input.freePorts.devicesOfAccessPoint[item.accessPoint].filter {
        $0 != item.forbiddenDevice && ports.ports(of: $0).freeCount(accepting: item.type) > 0
      }
    }
    let mine = room(demand)
    for other in demand.apart {
      let theirs = room(input.demands[other])
      if mine.count == 1, theirs == mine {
        return "the only free ports left for it and for its redundant partner "
          + "\(input.validation.accepted[other].id) are on "
          + "\(input.inventory.devices[mine[0]].id), and redundant connections must be on "
          + "different devices"
      }
    }
    return "the free ports left do not take all of its members on different devices "
      + "(\(contentionPhrase(index)))"
  }

  /// "12 on hz-asw-01, 3 on hz-asw-02".
  private func perDevice(_ counts: [(Int, Int)]) -> String {
    counts.map { "\($0.1) on \(input.inventory.devices[$0.0].id)" }.joined(separator: ", ")
  }

  /// What the free ports of an access point accept, before the batch.
  private static func freeSummary(_ devices: [Int], freePorts: FreePorts) -> String {
    var byTypes: [PortTypeSet: Int] = [:]
    var order: [PortTypeSet] = []
    for device in devices {
      for pool in freePorts.devices[device].pools where !pool.free.isEmpty {
        if byTypes[pool.accepts] == nil { order.append(pool.accepts) }
        byTypes[pool.accepts, default: 0] += pool.free.count
      }
    }
    guard !order.isEmpty else { return "it has no free port at all" }
    let parts = order.map { "\(byTypes[$0]!) accepting \($0.listDescription)" }
    return "its free ports: " + parts.joined(separator: "; ")
  }

  /// "3 free 10GBase-LR ports remain on hz-asw-02".
  private func roomPhrase(_ index: Int, in ports: SubproblemPorts) -> String {
    let demand = input.demands[index]
    let room = input.freePorts.devicesOfAccessPoint[demand.accessPoint].compactMap {
      device -> String? in
      guard device != demand.forbiddenDevice else { return nil }
      let free = ports.ports(of: device).freeCount(accepting: demand.type)
      return free > 0 ? "\(free) on \(input.inventory.devices[device].id)" : nil
    }
    return "free \(demand.type.rawValue) ports remain: " + room.joined(separator: ", ")
  }

  /// "5 placed requests of higher priority and 7 of the same or lower priority use ports that
  /// accept 10GBase-LR".
  private func contentionPhrase(_ index: Int) -> String {
    let demand = input.demands[index]
    let users = portUsers[demand.accessPoint * 8 + demand.type.ordinal] ?? []
    // `users` is sorted: count the priorities above this request's by binary search.
    var low = 0
    var high = users.count
    while low < high {
      let middle = (low + high) / 2
      if users[middle] > demand.priority { high = middle } else { low = middle + 1 }
    }
    let higher = users.count - low
    let others = low
    return "\(higher) placed request\(higher == 1 ? "" : "s") of higher priority and \(others) "
      + "of the same or lower priority use ports that accept \(demand.type.rawValue)"
  }

  private func partnerName(_ demand: Demand) -> String {
    if case .connection(let id) = input.validation.accepted[demand.accepted].partner {
      return id.rawValue
    }
    return "(unknown)"
  }
}
