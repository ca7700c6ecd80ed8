/// Plans a drain (PLANNING.md "Drain and failure", docs/DRAIN.md): every live
/// connection of the named devices moves to another device of its access point if any plan can
/// move it; the most connections at the highest priority first, then the next priority, and
/// among those plans the fewest port changes. A connection not on a drained device may move to
/// make room, and counts as a port change.
///
/// Each access point is planned on its own: the greedy (`DrainGreedy`) when every connection
/// that can move finds a free port, which is then optimal; otherwise the exact model
/// (`DrainExactModel`) solved with GLPK. Run ``DrainChecker`` on the result before using it.
public enum DrainPlanner {
  /// The plan for draining `devices`.
  ///
  /// - Parameters:
  ///   - inventory: The inventory as it stands.
  ///   - devices: The devices to drain, each once; at least one.
  ///   - priorities: Priority per connection (higher first); a connection not in it has 0.
  ///     Inventory files carry none; a provisioning database's interfaces do.
  ///   - timeLimit: The exact model's time per access point; past it, the best plan found is
  ///     kept and the plan is marked not proven optimal.
  /// - Throws: ``DrainError`` when the devices are not a set of the inventory's devices;
  ///   `DrainExpansion.Overfull` or a solver error on a planner bug.
  public static func plan(
    inventory: Inventory, devices: [DeviceID], priorities: [ConnectionID: Int] = [:],
    timeLimit: Duration = .seconds(60)
  ) throws -> DrainPlan {
    try plan(
      inventory: inventory, devices: devices, priorities: priorities, timeLimit: timeLimit,
      exactOnly: false)
  }

  /// The same, with `exactOnly` solving every access point with the exact model from a start
  /// that moves nothing (the tests compare it with the greedy).
  static func plan(
    inventory: Inventory, devices: [DeviceID], priorities: [ConnectionID: Int],
    timeLimit: Duration, exactOnly: Bool
  ) throws -> DrainPlan {
    guard !devices.isEmpty else { throw DrainError.noDevice }
    var drained = Set<Int>()
    for id in devices {
      guard let index = inventory.deviceIndex(of: id) else {
        throw DrainError.unknownDevice(id, in: inventory)
      }
      guard drained.insert(index).inserted else { throw DrainError.deviceGivenTwice(id) }
    }
    // The access points concerned, in inventory order, with their live connections.
    var accessPointOfDevice: [Int: Int] = [:]
    var concerned = Set<Int>()
    for index in drained {
      if let accessPoint = inventory.accessPointIndex(of: inventory.devices[index].accessPoint) {
        concerned.insert(accessPoint)
      }
    }
    for accessPoint in concerned {
      for device in inventory.devices(of: inventory.accessPoints[accessPoint].id) {
        if let index = inventory.deviceIndex(of: device.id) {
          accessPointOfDevice[index] = accessPoint
        }
      }
    }
    // One pass over the connections; an access point id is compared before any device is
    // looked up, as most connections are elsewhere.
    let concernedIDs = concerned.map { inventory.accessPoints[$0].id }
    let concernedSet = Set(concernedIDs)
    var connectionsOf: [Int: [Int]] = [:]
    for (index, connection) in inventory.connections.enumerated()
    where connection.status.holdsPort && connection.device != nil
      && (concernedIDs.count <= 4
        ? concernedIDs.contains(connection.accessPoint)
        : concernedSet.contains(connection.accessPoint))
    {
      guard let at = inventory.deviceIndex(of: connection.device!),
        let accessPoint = accessPointOfDevice[at]
      else { continue }
      connectionsOf[accessPoint, default: []].append(index)
    }
    var moves: [(connection: Int, move: ConnectionMove)] = []
    var stranded: [(connection: Int, entry: StrandedConnection)] = []
    var toMove = 0
    var optimal = true
    for accessPoint in concerned.sorted() {
      let site = DrainSite(
        inventory: inventory, accessPoint: inventory.accessPoints[accessPoint].id,
        drainedDevices: drained, connections: connectionsOf[accessPoint] ?? [],
        priorities: priorities)
      let answer = try plan(site, timeLimit: timeLimit, exactOnly: exactOnly)
      optimal = optimal && answer.optimal
      let final = try DrainExpansion.ports(site, inventory: inventory, targets: answer.targets)
      let reasons = StrandedReasons(
        site: site, inventory: inventory, final: final, optimal: answer.optimal,
        timeLimit: timeLimit)
      for (index, member) in site.members.enumerated() {
        if member.drained { toMove += 1 }
        let place = final[index]
        if place.device == member.device && place.port == member.port {
          if member.drained {
            stranded.append((member.connection, reasons.explain(index)))
          }
          continue
        }
        let from = inventory.devices[site.devices[member.device]]
        let to = inventory.devices[site.devices[place.device]]
        moves.append(
          (
            member.connection,
            ConnectionMove(
              connection: inventory.connections[member.connection].id,
              from: ConnectionMove.End(device: from.id, port: from.ports[member.port].name),
              to: ConnectionMove.End(device: to.id, port: to.ports[place.port].name))
          ))
      }
    }
    moves.sort { $0.connection < $1.connection }
    stranded.sort { $0.connection < $1.connection }
    let moved = toMove - stranded.count
    return DrainPlan(
      drainedDevices: devices, moves: moves.map(\.move), stranded: stranded.map(\.entry),
      summary: DrainSummary(
        toMove: toMove, moved: moved, stranded: stranded.count, portChanges: moves.count),
      optimal: optimal)
  }

  /// One site: the greedy when it moves every movable connection, otherwise the exact model.
  static func plan(_ site: DrainSite, timeLimit: Duration, exactOnly: Bool = false) throws -> (
    targets: [DrainTarget?], optimal: Bool
  ) {
    let immovable = site.immovable()
    if exactOnly {
      return try DrainExactModel(site: site, immovable: immovable).solve(
        start: [DrainTarget?](repeating: nil, count: site.members.count), timeLimit: timeLimit)
    }
    let greedy = DrainGreedy.place(site, immovable: immovable)
    if greedy.complete { return (greedy.targets, true) }
    return try DrainExactModel(site: site, immovable: immovable).solve(
      start: greedy.targets, timeLimit: timeLimit)
  }
}
