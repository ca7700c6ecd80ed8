import Patchbay

/// A random access point small enough to drain by brute force, shaped to be hard: 2 to 4
/// devices of a few ports in cages that accept one to three types, about half the ports held,
/// redundant partners (some on the same device, as inventories allow), connections that hold
/// no port, priorities, and a second access point whose devices must never be used.
struct DrainDataCentre {
  var inventory: Inventory
  var drained: [DeviceID]
  var priorities: [ConnectionID: Int]

  static let types: [PortType] = [.base10GLR, .base1000LX, .base100GLR]

  init(seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    func below(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
    func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
    var accessPoints: [AccessPoint] = []
    var devices: [Device] = []
    var connections: [Connection] = []
    var priorities: [ConnectionID: Int] = [:]
    for letter in ["A", "B"] {
      let accessPoint = AccessPointID("ap-\(letter)")
      accessPoints.append(
        AccessPoint(
          id: accessPoint, region: "r", lineOperators: [.chinaTelecom],
          portTypes: PortTypeSet(types: Self.types)))
      var live: [(id: ConnectionID, device: DeviceID)] = []
      let deviceCount = letter == "A" ? 2 + below(3) : 1
      for number in 1...deviceCount {
        let device = DeviceID("\(letter.lowercased())-d\(number)")
        var ports: [Port] = []
        for cage in 1...(1 + below(2)) {
          var accepts = PortTypeSet(types: Self.types.filter { _ in chance(45) })
          if accepts.isEmpty { accepts = PortTypeSet(Self.types[below(3)]) }
          for port in 1...(1 + below(2)) {
            let name = "1/\(cage)/\(port)"
            ports.append(Port(name: name, accepts: accepts))
            guard chance(50) else { continue }
            let id = ConnectionID("pc-\(connections.count)")
            let status: ConnectionStatus =
              chance(85) ? (chance(70) ? .enabled : .terminating) : .terminated
            var partner: ConnectionID?
            if !live.isEmpty && chance(40) {
              let candidate = live[below(live.count)]
              if candidate.device != device || chance(20) { partner = candidate.id }
            }
            connections.append(
              Connection(
                id: id, account: "1", accessPoint: accessPoint, device: device, port: name,
                portType: accepts.members[below(accepts.members.count)], status: status,
                redundantConnection: partner))
            if status.holdsPort { live.append((id, device)) }
            priorities[id] = below(3)
          }
        }
        devices.append(Device(id: device, accessPoint: accessPoint, ports: ports))
      }
      if chance(30) {
        connections.append(
          Connection(
            id: ConnectionID("pc-\(connections.count)"), account: "1", accessPoint: accessPoint,
            device: nil, port: nil, portType: Self.types[0], status: .approved))
      }
    }
    // One device drained, sometimes two, sometimes every device of the access point.
    let candidates = devices.filter { $0.accessPoint == "ap-A" }.map(\.id)
    var drained = [candidates[below(candidates.count)]]
    if chance(25), let other = candidates.first(where: { $0 != drained[0] }) {
      drained.append(other)
    }
    if chance(5) { drained = candidates }
    self.inventory = try Inventory(
      regions: [Region(id: "r")], accessPoints: accessPoints, devices: devices,
      connections: connections)
    self.drained = drained
    self.priorities = priorities
  }
}
