/// Explains, with numbers, why each connection of a drained device that the plan leaves behind
/// cannot move (``StrandedCode``): what the other devices of its access point had free before
/// the drain, where its redundant partners end up, and what took the ports.
struct StrandedReasons {
  let site: DrainSite
  let inventory: Inventory
  /// Final (local device, port) per member.
  let final: [(device: Int, port: Int)]
  let optimal: Bool
  /// Free ports per local device and pool before the drain.
  let free: [[Int]]
  /// Per local device and port type: how many of the ports the plan moves a drained connection
  /// of each priority onto accept the type, keyed by device * 8 + type ordinal.
  private let takers: [Int: [Int: Int]]

  init(site: DrainSite, inventory: Inventory, final: [(device: Int, port: Int)], optimal: Bool) {
    self.site = site
    self.inventory = inventory
    self.final = final
    self.optimal = optimal
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
    if onlyPartners {
      let devices = partnerDevices.sorted().map(name).joined(separator: ", ")
      return StrandedConnection(
        connection: id, code: .noDiverseDevice,
        message: "the \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
          + "\(type) (\(freeTotal) of them free) are all on \(devices), the device of its "
          + "redundant partner \(partnerNames.joined(separator: ", "))")
    }
    let proof =
      optimal ? "" : "; the solver stopped before proving that no better plan moves it"
    // Drained connections of its priority or higher moved onto ports that accept its type.
    let takers = (self.takers[member.type.ordinal] ?? [:]).reduce(0) {
      $0 + ($1.key >= member.priority ? $1.value : 0)
    }
    guard freeTotal > 0 else {
      guard takers == 0 else {
        return StrandedConnection(
          connection: id, code: .capacityContention,
          message: "all \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
            + "\(type) were held; the ports that moving connections freed went to \(takers) "
            + "drained connections of priority \(member.priority) or higher\(proof)")
      }
      return StrandedConnection(
        connection: id, code: .noFreePort,
        message: "all \(accepting) ports of \(devicesText) of \(accessPoint) that accept "
          + "\(type) are held, and moving their connections frees none it could take\(proof)")
    }
    let freeApart = apart.reduce(0) { $0 + freeAccepting($1) }
    if freeApart == 0 {
      let devices = partnerDevices.sorted().map(name).joined(separator: ", ")
      return StrandedConnection(
        connection: id, code: .noDiverseDevice,
        message: "the \(freeTotal) free ports of \(devicesText) of \(accessPoint) that accept "
          + "\(type) are all on \(devices), the device of its redundant partner "
          + partnerNames.joined(separator: ", "))
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
}
