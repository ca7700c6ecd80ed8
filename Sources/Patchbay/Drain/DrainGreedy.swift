/// The fast path of the drain planner: each movable connection of a drained device takes a free
/// port on a device that is not drained and not its partner's, nothing else moving. When every
/// one finds a port the answer is optimal: every connection that any plan could move moves (the
/// others are ``DrainSite/immovable()``), and each costs the one port change it cannot avoid.
enum DrainGreedy {
  /// Targets per member (`nil`: stays), and whether every movable drained connection got one.
  static func place(_ site: DrainSite, immovable: [Bool]) -> (
    targets: [DrainTarget?], complete: Bool
  ) {
    var free = site.freePorts()
    let targets = site.targets
    var placed = [DrainTarget?](repeating: nil, count: site.members.count)
    func freeAccepting(_ device: Int, _ type: PortType) -> Int {
      site.pools[device].indices.reduce(0) {
        $0 + (site.pools[device][$1].accepts.contains(type) ? free[device][$1] : 0)
      }
    }
    let movers = site.members.indices.filter { site.members[$0].drained && !immovable[$0] }
    var flexibility: [PortType: Int] = [:]
    for type in Set(movers.map { site.members[$0].type }) {
      flexibility[type] = targets.reduce(0) { $0 + freeAccepting($1, type) }
    }
    // Highest priority first; among equals the most constrained (fewest ports for its type,
    // partners first), then inventory order.
    let order = movers.sorted { a, b in
      let (ma, mb) = (site.members[a], site.members[b])
      if ma.priority != mb.priority { return ma.priority > mb.priority }
      let (fa, fb) = (flexibility[ma.type]!, flexibility[mb.type]!)
      if fa != fb { return fa < fb }
      let (pa, pb) = (site.partners[a].isEmpty, site.partners[b].isEmpty)
      if pa != pb { return !pa }
      return a < b
    }
    var complete = true
    for member in order {
      let type = site.members[member].type
      var blocked = Set<Int>()
      for partner in site.partners[member] {
        if let target = placed[partner] {
          blocked.insert(target.device)
        } else if !site.members[partner].drained {
          blocked.insert(site.members[partner].device)
        }
      }
      var best: (device: Int, free: Int)?
      for device in targets where !blocked.contains(device) {
        let count = freeAccepting(device, type)
        if count > 0, count > (best?.free ?? 0) { best = (device, count) }
      }
      guard let device = best?.device else {
        complete = false
        continue
      }
      // The narrowest cage that takes it, so that flexible cages stay free.
      var pool: Int?
      for (index, candidate) in site.pools[device].enumerated()
      where candidate.accepts.contains(type) && free[device][index] > 0 {
        if let current = pool,
          site.pools[device][current].accepts.rawValue.nonzeroBitCount
            <= candidate.accepts.rawValue.nonzeroBitCount
        {
          continue
        }
        pool = index
      }
      free[device][pool!] -= 1
      placed[member] = DrainTarget(device: device, pool: pool)
    }
    return (placed, complete)
  }
}
