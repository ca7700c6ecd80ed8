import Patchbay

/// The best drain by enumeration: every placement of the access point's live connections on
/// its ports (a drained one stays or goes to a device not drained; any other stays or moves),
/// each port once, each port's cage accepting the connection, a moved connection apart from its
/// redundant partners; scored by the moved connections per priority, highest first, then the
/// fewest port changes. Shares nothing with the planner.
struct BruteForceDrain {
  /// Moved connections per priority, highest priority first, then minus the port changes:
  /// larger is better, compared in order.
  typealias Score = [Int]

  static let priorities = [2, 1, 0]

  /// The best score, and how many leaves were enumerated (nil when over `limit`).
  static func best(
    inventory: Inventory, drained: [DeviceID], priorities: [ConnectionID: Int],
    limit: Int = 3_000_000
  ) -> Score? {
    let drainedSet = Set(drained)
    let accessPoint = inventory.device(drained[0])!.accessPoint
    struct Slot: Hashable {
      let device: DeviceID
      let port: String
    }
    var slots: [(slot: Slot, accepts: PortTypeSet, drained: Bool)] = []
    for device in inventory.devices(of: accessPoint) {
      for port in device.ports {
        slots.append(
          (Slot(device: device.id, port: port.name), port.accepts, drainedSet.contains(device.id)))
      }
    }
    let live = inventory.connections.filter {
      $0.status.holdsPort
        && $0.device.map { inventory.device($0)!.accessPoint == accessPoint }
          ?? false
    }
    let home = live.map { connection in
      slots.firstIndex { $0.slot == Slot(device: connection.device!, port: connection.port!) }!
    }
    // Options per connection: its own port first, then every port it may go to.
    let options: [[Int]] = live.enumerated().map { index, connection in
      [home[index]]
        + slots.indices.filter {
          $0 != home[index] && !slots[$0].drained
            && slots[$0].accepts.contains(connection.portType)
        }
    }
    guard options.reduce(1.0, { $0 * Double($1.count) }) <= Double(limit) else { return nil }
    var position: [ConnectionID: Int] = [:]
    for (index, connection) in live.enumerated() { position[connection.id] = index }
    let edges: [(Int, Int)] = live.enumerated().compactMap { index, connection in
      guard let partner = connection.redundantConnection, let other = position[partner],
        other != index
      else { return nil }
      return (index, other)
    }
    var chosen = [Int](repeating: 0, count: live.count)
    var used = Set<Int>()
    var best: Score?
    func leaf() {
      for (a, b) in edges where chosen[a] != home[a] || chosen[b] != home[b] {
        if slots[chosen[a]].slot.device == slots[chosen[b]].slot.device { return }
      }
      var score = [Int](repeating: 0, count: Self.priorities.count + 1)
      for (index, connection) in live.enumerated() where chosen[index] != home[index] {
        score[Self.priorities.count] -= 1
        if slots[home[index]].drained {
          score[Self.priorities.firstIndex(of: priorities[connection.id] ?? 0)!] += 1
        }
      }
      if best == nil || score.lexicographicallyPrecedes(best!) == false && score != best! {
        best = score
      }
    }
    func place(_ index: Int) {
      guard index < live.count else { return leaf() }
      for option in options[index] where !used.contains(option) {
        used.insert(option)
        chosen[index] = option
        place(index + 1)
        used.remove(option)
      }
    }
    place(0)
    return best
  }

  /// The score of a plan, as ``best(inventory:drained:priorities:limit:)`` counts.
  static func score(
    _ plan: DrainPlan, inventory: Inventory, drained: [DeviceID], priorities: [ConnectionID: Int]
  ) -> Score {
    var score = [Int](repeating: 0, count: Self.priorities.count + 1)
    for move in plan.moves {
      score[Self.priorities.count] -= 1
      if drained.contains(move.from.device) {
        score[Self.priorities.firstIndex(of: priorities[move.connection] ?? 0)!] += 1
      }
    }
    return score
  }
}
