/// The N+1 check of one access point: if any one of its devices failed, how many of the live
/// connections on it could not be re-homed on free ports of its other devices?
///
/// Connections on the other devices stay where they are (nothing working is moved during a
/// failure), a re-homed connection goes to a free port whose cage accepts its port type, and
/// never to the device of its redundant partner (the connection it names, or one that names it,
/// live at the same access point), so every pair stays on different devices. The shortfall is
/// the failed device's live connections minus a maximum matching of them to such ports: exact,
/// from a maximum flow.
public struct NPlusOne: Sendable, Hashable {
  /// The device whose failure strands the most connections (the first in inventory order on a
  /// tie); `nil` when the access point has no device or no live connection.
  public var worstDevice: DeviceID?
  /// The connections the worst device's failure would strand; 0 when every failure can be
  /// absorbed.
  public var shortfall: Int

  /// A result as given.
  public init(worstDevice: DeviceID?, shortfall: Int) {
    self.worstDevice = worstDevice
    self.shortfall = shortfall
  }

  /// A live connection as the check sees it: where it is, what it needs, where it may not go.
  struct Live: Hashable {
    /// Position of its device among the access point's devices.
    var device: Int
    var portType: PortType
    /// Positions of the devices of its live partners other than its own, ascending.
    var avoid: [Int]
  }

  /// Free ports of one device with the same accepted types.
  struct Pool: Hashable {
    var accepts: PortTypeSet
    var free: Int
  }

  /// The connections on device `failed` that no free port of another device can take, at most;
  /// `pools[i]` are the free ports of device `i` of the access point.
  static func shortfall(failing failed: Int, live: [Live], pools: [[Pool]]) -> Int {
    struct Group: Hashable {
      var portType: PortType
      var avoid: [Int]
    }
    var groupIndex: [Group: Int] = [:]
    var groups: [(group: Group, count: Int)] = []
    for connection in live where connection.device == failed {
      let group = Group(portType: connection.portType, avoid: connection.avoid)
      if let index = groupIndex[group] {
        groups[index].count += 1
      } else {
        groupIndex[group] = groups.count
        groups.append((group, 1))
      }
    }
    guard !groups.isEmpty else { return 0 }
    let stranded = groups.reduce(0) { $0 + $1.count }
    // Devices that some group may not use keep their own pools; on every other device any
    // group may use any port that accepts its type, so their pools merge by accepted types,
    // which keeps the graph small (exact: merged ports have the same neighbours).
    let special = Set(groups.flatMap(\.group.avoid))
    var targets: [(device: Int?, pool: Pool)] = []
    var merged: [PortTypeSet: Int] = [:]
    for (device, devicePools) in pools.enumerated() where device != failed {
      for pool in devicePools where pool.free > 0 {
        if special.contains(device) {
          targets.append((device, pool))
        } else if let index = merged[pool.accepts] {
          targets[index].pool.free += pool.free
        } else {
          merged[pool.accepts] = targets.count
          targets.append((nil, pool))
        }
      }
    }
    guard !targets.isEmpty else { return stranded }
    // Usually every connection finds a port: a greedy assignment that places all of them is a
    // maximum matching already (shortfall 0), and the flow is needed only when it does not.
    var left = targets.map(\.pool.free)
    var placedAll = true
    for entry in groups {
      var need = entry.count
      for (target, candidate) in targets.enumerated() where need > 0 && left[target] > 0 {
        guard candidate.pool.accepts.contains(entry.group.portType),
          !(candidate.device.map(entry.group.avoid.contains) ?? false)
        else { continue }
        let taken = min(need, left[target])
        need -= taken
        left[target] -= taken
      }
      if need > 0 {
        placedAll = false
        break
      }
    }
    if placedAll { return 0 }
    // Source 0, groups, pools, sink.
    let sink = 1 + groups.count + targets.count
    var flow = SmallMaxFlow(nodes: sink + 1)
    for (index, entry) in groups.enumerated() {
      flow.addEdge(from: 0, to: 1 + index, capacity: entry.count)
      for (target, candidate) in targets.enumerated()
      where candidate.pool.accepts.contains(entry.group.portType)
        && !(candidate.device.map(entry.group.avoid.contains) ?? false)
      {
        flow.addEdge(from: 1 + index, to: 1 + groups.count + target, capacity: entry.count)
      }
    }
    for (target, candidate) in targets.enumerated() {
      flow.addEdge(from: 1 + groups.count + target, to: sink, capacity: candidate.pool.free)
    }
    return stranded - flow.run(from: 0, to: sink)
  }
}
