/// Explains, with numbers, why each connection of a drained device that the plan leaves behind
/// cannot move (``StrandedCode``): what the other devices of its access point had free before
/// the drain, where its redundant partners end up, and what took the ports.
struct StrandedReasons {
  let site: DrainSite
  let inventory: Inventory
  /// Final (local device, port) per member.
  let final: [(device: Int, port: Int)]
  let optimal: Bool
  /// The exact model's time for the question whether some plan could move a connection.
  let timeLimit: Duration
  /// Free ports per local device and pool before the drain.
  let free: [[Int]]
  /// Per local device and port type: how many of the ports the plan moves a drained connection
  /// of each priority onto accept the type, keyed by device * 8 + type ordinal.
  private let takers: [Int: [Int: Int]]

  init(
    site: DrainSite, inventory: Inventory, final: [(device: Int, port: Int)], optimal: Bool,
    timeLimit: Duration
  ) {
    self.site = site
    self.inventory = inventory
    self.final = final
    self.optimal = optimal
    self.timeLimit = timeLimit
    free = site.freePorts()
    var takers: [Int: [Int: Int]] = [:]
    for (index, place) in final.enumerated() {
      let member = site.members[index]
      guard member.drained, place.device != member.device || place.port != member.port else {
        continue
      }
      let accepts = inventory.devices[site.devices[place.device]].ports[place.port].accepts
      for type in accepts.members {
        takers[type.ordinal, default: [:]][member.priority, default: 0] += 1
      }
    }
    self.takers = takers
  }

  func explain(_ index: Int) -> StrandedConnection {
    let member = site.members[index]
    let id = inventory.connections[member.connection].id
    let type = member.type.rawValue
    let accessPoint = inventory.devices[site.devices[0]].accessPoint.rawValue
    func name(_ device: Int) -> String { inventory.devices[site.devices[device]].id.rawValue }
    let targets = site.targets
    guard !targets.isEmpty else {
      let drained = site.devices.indices.map(name).joined(separator: ", ")
      return StrandedConnection(
        connection: id, code: .noOtherDevice,
        message: "access point \(accessPoint) has no device besides the drained \(drained)")
    }
    let devicesText =
      targets.count == 1 ? "the 1 other device" : "the \(targets.count) other devices"
    let accepting = targets.reduce(0) { $0 + site.ports(of: $1, accepting: member.type) }
    guard accepting > 0 else {
      return StrandedConnection(
        connection: id, code: .noFreePort,
        message: "no port of \(devicesText) of \(accessPoint) "
          + "(\(targets.map(name).joined(separator: ", "))) accepts \(type)")
    }
    func freeAccepting(_ device: Int) -> Int {
      site.pools[device].indices.reduce(0) {
        $0 + (site.pools[device][$1].accepts.contains(member.type) ? free[device][$1] : 0)
      }
    }
    let freeTotal = targets.reduce(0) { $0 + freeAccepting($1) }
    let partnerDevices = Set(
      site.partners[index].map { final[$0].device }.filter { !site.drained[$0] })
    let partnerNames = site.partners[index].map {
      inventory.connections[site.members[$0].connection].id.rawValue
    }
    let apart = targets.filter { !partnerDevices.contains($0) }
    let onlyPartners = apart.allSatisfy { site.ports(of: $0, accepting: member.type) == 0 }
    let freeApart = apart.reduce(0) { $0 + freeAccepting($1) }
    // Drained connections of its priority or higher moved onto ports that accept its type.
    let takers = (self.takers[member.type.ordinal] ?? [:]).reduce(0) {
      $0 + ($1.key >= member.priority ? $1.value : 0)
    }
    // `no_diverse_device` and `no_free_port` say that no plan moves it, which counting free
    // ports cannot prove: a connection of another device may move to free a port, or a partner
    // may move away. A port free before the drain, on a device apart from its partners as they
    // were, proves it movable (the plan that moves it alone); otherwise the exact
    // model settles it, and a connection that some plan moves is stranded by contention.
    let partnersAtFirst = Set(
      site.partners[index].map { site.members[$0].device }.filter { !site.drained[$0] })
    let freeApartAtFirst = targets.filter { !partnersAtFirst.contains($0) }.reduce(0) {
      $0 + freeAccepting($1)
    }
    let movable = freeApartAtFirst > 0 ? true : someoneCouldMove(index)
    let proof =
      optimal && movable != nil
      ? "" : "; the solver stopped before proving that no better plan moves it"
    if movable == false {
      let devices = partnerDevices.sorted().map(name).joined(separator: ", ")
      if onlyPartners {
        return StrandedConnection(
          connection: id, code: .noDiverseDevice,
          message: "the \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
            + "\(type) (\(freeTotal) of them free) are all on \(devices), the device of its "
            + "redundant partner \(partnerNames.joined(separator: ", "))")
      }
      if freeTotal > 0 {
        return StrandedConnection(
          connection: id, code: .noDiverseDevice,
          message: "the \(freeTotal) free ports of \(devicesText) of \(accessPoint) that accept "
            + "\(type) are all on \(devices), the device of its redundant partner "
            + partnerNames.joined(separator: ", ") + ", and no plan frees another")
      }
      return StrandedConnection(
        connection: id, code: .noFreePort,
        message: "all \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
          + "\(type) are held, and no plan of moves frees one it could take")
    }
    if freeTotal == 0 {
      return StrandedConnection(
        connection: id, code: .capacityContention,
        message: "all \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
          + "\(type) were held; moving other connections could free one, but the ports freed "
          + "went to \(takers) drained connections of priority \(member.priority) or higher, "
          + "for fewer port changes\(proof)")
    }
    // Contention: who took the ports of its type.
    let partnerText =
      partnerDevices.isEmpty ? "" : " (\(freeApart) of them off its redundant partner's device)"
    return StrandedConnection(
      connection: id, code: .capacityContention,
      message: "\(devicesText.prefix(1).uppercased() + devicesText.dropFirst()) of "
        + "\(accessPoint) had \(freeTotal) free ports that accept \(type)\(partnerText); "
        + "\(takers) of the drained connections of priority \(member.priority) or higher "
        + "moved onto ports that accept it\(proof)")
  }

  /// Whether some plan moves the drained member `index`, whatever becomes of the other drained
  /// connections (they stay where they are): the exact model with it the only one to move.
  /// `nil` when the solver stopped before it could tell.
  private func someoneCouldMove(_ index: Int) -> Bool? {
    var others = [Bool](repeating: false, count: site.members.count)
    for (position, member) in site.members.enumerated() where member.drained && position != index {
      others[position] = true
    }
    guard
      let answer = try? DrainExactModel(site: site, immovable: others).solve(
        start: [DrainTarget?](repeating: nil, count: site.members.count), timeLimit: timeLimit)
    else { return nil }
    if answer.targets[index] != nil { return true }
    return answer.optimal ? false : nil
  }
}
