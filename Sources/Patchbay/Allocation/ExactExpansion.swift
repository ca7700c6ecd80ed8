/// Turns the exact model's counts into concrete requests on concrete ports, deterministically:
/// within a class, earlier requests of the batch are placed first; identical pairs are matched
/// to device pairs by a small flow; on each device, requests are matched to port pools by a
/// flow and take the lowest free ports.
struct ExactExpansion {
  let model: ExactModel

  /// A placement per demand of the subproblem (same order).
  func placements(_ outcome: ExactModel.Outcome) -> [Placement?] {
    let input = model.input
    let subproblem = model.subproblem
    let entities = model.entities
    let layout = outcome.layout
    let values = outcome.values.map { Int($0.rounded()) }
    var deviceOf: [Int: Int] = [:]  // demand -> device

    for (index, single) in entities.singles.enumerated() {
      var members = single.members[...]
      for (position, device) in single.devices.enumerated() {
        for _ in 0..<max(0, values[layout.singles[index][position]]) {
          guard let member = members.popFirst() else { break }
          deviceOf[member] = device
        }
      }
    }
    for (index, pair) in entities.pairs.enumerated() {
      let count = values[layout.pairCount[index]]
      let devicePairs = matchPairDevices(
        countsA: layout.pairA[index].map { values[$0] }, devicesA: pair.devicesA,
        countsB: layout.pairB[index].map { values[$0] }, devicesB: pair.devicesB)
      for (offset, (deviceA, deviceB)) in devicePairs.prefix(count).enumerated() {
        let (a, b) = pair.pairs[offset]
        deviceOf[a] = deviceA
        deviceOf[b] = deviceB
      }
    }
    for (index, group) in entities.groups.enumerated() where values[layout.groupTaken[index]] == 1 {
      for (member, devices) in group.devices.enumerated() {
        for (position, device) in devices.enumerated()
        where values[layout.groupMember[index][member][position]] == 1 {
          deviceOf[group.members[member]] = device
        }
      }
    }

    // Ports: per device, requests by type matched to pools, lowest ports first.
    var ports = SubproblemPorts(subproblem, freePorts: input.freePorts)
    var result = [Placement?](repeating: nil, count: subproblem.demands.count)
    var localsOfDevice: [Int: [Int]] = [:]  // device -> subproblem positions, ascending
    for (local, demand) in subproblem.demands.enumerated() {
      if let device = deviceOf[demand] { localsOfDevice[device, default: []].append(local) }
    }
    for device in subproblem.devices {
      guard let here = localsOfDevice[device] else { continue }
      let pools = input.freePorts.devices[device].pools
      let types = PortType.allCases
      // Nodes: source, types, pools, sink.
      let source = 0
      let sink = 1 + types.count + pools.count
      var flow = SmallMaxFlow(nodes: sink + 1)
      for (typeIndex, type) in types.enumerated() {
        let demand = here.filter { input.demands[subproblem.demands[$0]].type == type }.count
        guard demand > 0 else { continue }
        flow.addEdge(from: source, to: 1 + typeIndex, capacity: demand)
        for (poolIndex, pool) in pools.enumerated() where pool.accepts.contains(type) {
          flow.addEdge(from: 1 + typeIndex, to: 1 + types.count + poolIndex, capacity: here.count)
        }
      }
      for (poolIndex, pool) in pools.enumerated() {
        flow.addEdge(from: 1 + types.count + poolIndex, to: sink, capacity: pool.free.count)
      }
      _ = flow.run(from: source, to: sink)
      for (typeIndex, type) in types.enumerated() {
        var budget = pools.indices.map { flow.flow(from: 1 + typeIndex, to: 1 + types.count + $0) }
        for local in here where input.demands[subproblem.demands[local]].type == type {
          guard let pool = budget.firstIndex(where: { $0 > 0 }) else { break }
          budget[pool] -= 1
          result[local] = ports.take(pool: pool, on: device)
        }
      }
    }
    return result
  }

  /// Device pairs (A's device, B's device), different devices, with A on each device as often as
  /// `countsA` says and B as `countsB`: a flow that Hall's condition guarantees to be complete.
  private func matchPairDevices(
    countsA: [Int], devicesA: [Int], countsB: [Int], devicesB: [Int]
  ) -> [(Int, Int)] {
    let source = 0
    let sink = 1 + devicesA.count + devicesB.count
    var flow = SmallMaxFlow(nodes: sink + 1)
    for (position, count) in countsA.enumerated() where count > 0 {
      flow.addEdge(from: source, to: 1 + position, capacity: count)
      for (other, device) in devicesB.enumerated() where device != devicesA[position] {
        flow.addEdge(from: 1 + position, to: 1 + devicesA.count + other, capacity: count)
      }
    }
    for (position, count) in countsB.enumerated() where count > 0 {
      flow.addEdge(from: 1 + devicesA.count + position, to: sink, capacity: count)
    }
    _ = flow.run(from: source, to: sink)
    var result: [(Int, Int)] = []
    for (position, deviceA) in devicesA.enumerated() {
      for (other, deviceB) in devicesB.enumerated() {
        let count = flow.flow(from: 1 + position, to: 1 + devicesA.count + other)
        result += Array(repeating: (deviceA, deviceB), count: count)
      }
    }
    return result
  }
}
