extension Inventory {
  /// Makes an inventory from its parts, refusing every contradiction that FORMATS.md names
  /// (the rules ``InventoryDecoder`` applies to a file), so that a service can build one in
  /// code without writing JSON:
  /// - an empty id, or an id repeated (regions, access points, devices, connections); an id,
  ///   account or port name with a control character (FORMATS.md "Identifiers");
  /// - an access point's unknown region, a device's unknown access point;
  /// - a port name repeated on a device, a port that accepts no type;
  /// - a connection at an unknown access point, or on a device that is unknown or belongs to
  ///   another access point, or on a port the device does not have or whose cage does not
  ///   accept the connection's port type;
  /// - a live connection (one whose status holds a port) that names no port, a port named
  ///   without its device, two live connections on one port;
  /// - a redundant connection that names itself or no connection of the inventory;
  /// - an empty account (connections, the whitelist) and a negative pending limit.
  ///
  /// - Throws: ``InventoryError`` listing every problem, each with its place in the arrays
  ///   given (`devices[3].ports[1].name`).
  public init(
    regions: [Region], accessPoints: [AccessPoint], devices: [Device],
    connections: [Connection] = [], highSpeedWhitelist: Set<AccountID> = [],
    policy: Policy = Policy()
  ) throws(InventoryError) {
    try self.init(
      checking: regions, accessPoints: accessPoints, devices: devices, connections: connections,
      highSpeedWhitelist: highSpeedWhitelist, policy: policy, partial: false)
  }

  /// The checks of the public initializer; with `partial`, a connection may name a device or a
  /// redundant connection that is not among the parts (a store's slice of a bigger inventory).
  init(
    checking regions: [Region], accessPoints: [AccessPoint], devices: [Device],
    connections: [Connection], highSpeedWhitelist: Set<AccountID>, policy: Policy, partial: Bool
  ) throws(InventoryError) {
    var check = InventoryCheck(partial: partial)
    check.regions(regions)
    check.accessPoints(accessPoints)
    check.devices(devices)
    check.connections(connections, devices: devices)
    check.whitelistAndPolicy(highSpeedWhitelist, policy)
    guard check.problems.isEmpty else { throw InventoryError(problems: check.problems) }
    self.init(
      assembling: regions, accessPoints: accessPoints, devices: devices,
      connections: connections, highSpeedWhitelist: highSpeedWhitelist, policy: policy,
      connectionIndex: check.connectionIndex, portIndexes: check.portIndexes)
  }
}

/// The rules of ``Inventory/init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``,
/// one array at a time, with the indexes they build on the way (the inventory keeps them). A
/// repeated id's message names where it was first.
private struct InventoryCheck {
  let partial: Bool
  var problems: [InventoryError.Problem] = []
  var regionIndex: [RegionID: Int] = [:]
  var accessPointIndex: [AccessPointID: Int] = [:]
  var deviceIndex: [DeviceID: Int] = [:]
  var connectionIndex: [ConnectionID: Int] = [:]
  var portIndexes: [[PortNameKey: Int]] = []

  mutating func problem(_ place: String, _ message: String) {
    problems.append(InventoryError.Problem(place: place, message: message))
  }

  /// An id's problem, if it has one: empty, a control character, or repeated (then `first` is
  /// the place that has it already).
  mutating func checkID(_ text: String, at place: String, what: String, first: String?) -> Bool {
    guard let message = Self.idProblem(text, what: what, first: first) else { return true }
    problem(place, message)
    return false
  }

  /// What is wrong with an id, if anything.
  static func idProblem(_ text: String, what: String, first: String?) -> String? {
    if text.isEmpty { return "is empty; give the \(what) an id" }
    if let problem = IdentifierRule.problem(text) { return problem }
    if let first { return "duplicate \(what) id \"\(text)\"; \(first) has it already" }
    return nil
  }

  mutating func regions(_ regions: [Region]) {
    regionIndex.reserveCapacity(regions.count)
    for (index, region) in regions.enumerated() {
      let first = regionIndex[region.id].map { "regions[\($0)]" }
      if checkID(region.id.rawValue, at: "regions[\(index)].id", what: "region", first: first) {
        regionIndex[region.id] = index
      }
    }
  }

  mutating func accessPoints(_ accessPoints: [AccessPoint]) {
    accessPointIndex.reserveCapacity(accessPoints.count)
    for (index, accessPoint) in accessPoints.enumerated() {
      let place = "accessPoints[\(index)]"
      let first = accessPointIndex[accessPoint.id].map { "accessPoints[\($0)]" }
      if checkID(accessPoint.id.rawValue, at: "\(place).id", what: "access point", first: first) {
        accessPointIndex[accessPoint.id] = index
      }
      if regionIndex[accessPoint.region] == nil {
        problem(
          "\(place).region",
          "unknown region \"\(accessPoint.region)\"; add it to the regions or fix the id")
      }
    }
  }

  mutating func devices(_ devices: [Device]) {
    deviceIndex.reserveCapacity(devices.count)
    var deviceProblems: [PlacedProblem] = []
    for (index, device) in devices.enumerated() {
      let place = "devices[\(index)]"
      let first = deviceIndex[device.id].map { "devices[\($0)]" }
      if let message = Self.idProblem(device.id.rawValue, what: "device", first: first) {
        deviceProblems.append(
          PlacedProblem(index: index, problem: .init(place: "\(place).id", message: message)))
      } else {
        deviceIndex[device.id] = index
      }
      if accessPointIndex[device.accessPoint] == nil {
        deviceProblems.append(
          PlacedProblem(
            index: index,
            problem: .init(
              place: "\(place).accessPoint",
              message: "unknown access point \"\(device.accessPoint)\"; add it to the access "
                + "points or fix the id")))
      }
    }
    // Each device's ports stand alone: a large inventory's two halves of devices are checked
    // one on each core.
    let portCount = devices.reduce(0) { $0 + $1.ports.count }
    let middle = devices.count / 2
    let halves =
      portCount >= Self.portsCheckedInParallel && Processors.available > 1 && middle > 0
      ? bothAtOnce(
        { Self.ports(of: devices[..<middle]) }, { Self.ports(of: devices[middle...]) })
      : (Self.ports(of: devices[...]), Self.ports(of: devices[devices.endIndex...]))
    portIndexes = halves.0.indexes + halves.1.indexes
    problems += Self.merged(deviceProblems, halves.0.problems + halves.1.problems)
  }

  /// How many ports an inventory has before its devices' ports are checked on two cores.
  static let portsCheckedInParallel = 100_000

  /// The index of each device's port names, and the problems of its ports: a name empty,
  /// with a control character or repeated, no type accepted.
  static func ports(of devices: ArraySlice<Device>) -> (
    indexes: [[PortNameKey: Int]], problems: [PlacedProblem]
  ) {
    var indexes: [[PortNameKey: Int]] = []
    indexes.reserveCapacity(devices.count)
    var problems: [PlacedProblem] = []
    for index in devices.indices {
      let place = "devices[\(index)]"
      let ports = devices[index].ports
      var names: [PortNameKey: Int] = [:]
      names.reserveCapacity(ports.count)
      for position in ports.indices {
        let name = ports[position].name
        let portPlace = "\(place).ports[\(position)]"
        if name.isEmpty {
          problems.append(
            PlacedProblem(
              index: index,
              problem: .init(
                place: "\(portPlace).name",
                message: "is empty; give the port its name, such as \"1/1/1\"")))
        } else if let problem = IdentifierRule.problem(name) {
          problems.append(
            PlacedProblem(
              index: index, problem: .init(place: "\(portPlace).name", message: problem)))
        } else if let first = names[PortNameKey(name)] {
          problems.append(
            PlacedProblem(
              index: index,
              problem: .init(
                place: "\(portPlace).name",
                message: "port \"\(name)\" is defined twice on this device; "
                  + "\(place).ports[\(first)] has it already")))
        } else {
          names[PortNameKey(name)] = position
        }
        if ports[position].accepts.isEmpty {
          problems.append(
            PlacedProblem(
              index: index,
              problem: .init(
                place: "\(portPlace).accepts",
                message: "is empty; list the port types the port's cage accepts")))
        }
      }
      indexes.append(names)
    }
    return (indexes, problems)
  }

  /// Two lists of problems, each in the order of the elements they belong to, as one list in
  /// that order; an element's problems from `first` come before its problems from `second`.
  static func merged(_ first: [PlacedProblem], _ second: [PlacedProblem])
    -> [InventoryError.Problem]
  {
    var merged: [InventoryError.Problem] = []
    merged.reserveCapacity(first.count + second.count)
    var (nextFirst, nextSecond) = (0, 0)
    while nextFirst < first.count || nextSecond < second.count {
      if nextSecond == second.count
        || (nextFirst < first.count && first[nextFirst].index <= second[nextSecond].index)
      {
        merged.append(first[nextFirst].problem)
        nextFirst += 1
      } else {
        merged.append(second[nextSecond].problem)
        nextSecond += 1
      }
    }
    return merged
  }

  mutating func connections(_ connections: [Connection], devices: [Device]) {
    // Two passes that need nothing of each other: the ids (every one against all before it)
    // and the references (each connection against the devices, and its port against the
    // connections holding ports before it). A large inventory runs them one on each core.
    let check = self
    let (identities, references) =
      connections.count >= Self.connectionsCheckedInParallel && Processors.available > 1
      ? bothAtOnce(
        { check.identities(of: connections) },
        { check.references(of: connections, devices: devices) })
      : (identities(of: connections), references(of: connections, devices: devices))
    connectionIndex = identities.index
    // Each connection's problems in the order one pass over it would find them: its id first.
    problems += Self.merged(identities.problems, references)
    for (index, connection) in connections.enumerated() {
      guard let partner = connection.redundantConnection else { continue }
      let place = "connections[\(index)].redundantConnection"
      if partner == connection.id {
        problem(place, "the connection names itself as its redundant one")
      } else if connectionIndex[partner] == nil && !partial {
        problem(
          place,
          "unknown connection \"\(partner)\"; it must name another connection of this "
            + "inventory, or be nil")
      }
    }
  }

  /// How many connections an inventory has before its two connection passes run at once.
  static let connectionsCheckedInParallel = 20_000

  /// A problem of one element (a device, a connection), with the element's position, so that
  /// two passes' problems merge in the elements' order.
  struct PlacedProblem: Sendable {
    let index: Int
    let problem: InventoryError.Problem
  }

  /// The first position of every valid connection id, and the problems of the ids: empty, a
  /// control character, repeated.
  func identities(of connections: [Connection]) -> (
    index: [ConnectionID: Int], problems: [PlacedProblem]
  ) {
    var index: [ConnectionID: Int] = [:]
    index.reserveCapacity(connections.count)
    var problems: [PlacedProblem] = []
    for position in connections.indices {
      let id = connections[position].id
      let first = index[id].map { "connections[\($0)]" }
      if let message = Self.idProblem(id.rawValue, what: "connection", first: first) {
        problems.append(
          PlacedProblem(
            index: position,
            problem: .init(place: "connections[\(position)].id", message: message)))
      } else {
        index[id] = position
      }
    }
    return (index, problems)
  }

  /// The problems of each connection's account, access point, device
  /// and port: unknown, elsewhere, not accepting its type, held by another live connection.
  func references(of connections: [Connection], devices: [Device]) -> [PlacedProblem] {
    var problems: [PlacedProblem] = []
    // The live connection holding each port, per device: made for a device when a connection
    // first holds one of its ports.
    var holders: [[Int32]] = Array(repeating: [], count: devices.count)
    for index in connections.indices {
      let connection = connections[index]
      let place = "connections[\(index)]"
      var found: [InventoryError.Problem] = []
      defer {
        if !found.isEmpty { problems += found.map { PlacedProblem(index: index, problem: $0) } }
      }
      if connection.account.rawValue.isEmpty {
        found.append(
          .init(
            place: "\(place).account",
            message: "is empty; name the account that owns the connection"))
      } else if let problem = IdentifierRule.problem(connection.account.rawValue) {
        found.append(.init(place: "\(place).account", message: problem))
      }
      guard accessPointIndex[connection.accessPoint] != nil else {
        found.append(
          .init(
            place: "\(place).accessPoint",
            message: "unknown access point \"\(connection.accessPoint)\"; add it to the access "
              + "points or fix the id"))
        continue
      }
      guard let (device, port) = port(of: connection, at: place, devices: devices, &found) else {
        continue
      }
      guard connection.status.holdsPort else { continue }
      if holders[device].isEmpty {
        holders[device] = Array(repeating: -1, count: devices[device].ports.count)
      }
      let holder = holders[device][port]
      if holder >= 0 {
        found.append(
          .init(
            place: "\(place).port",
            message: "port \"\(devices[device].ports[port].name)\" of \"\(devices[device].id)\" "
              + "is already held by the live connection connections[\(holder)]; a port holds "
              + "one live connection"))
      } else {
        holders[device][port] = Int32(index)
      }
    }
    return problems
  }

  /// The device and port of a connection (positions), when it names them: present when its
  /// status holds a port, known, at its access point, and accepting its port type.
  private func port(
    of connection: Connection, at place: String, devices: [Device],
    _ found: inout [InventoryError.Problem]
  ) -> (device: Int, port: Int)? {
    guard let deviceID = connection.device, let name = connection.port else {
      if connection.status.mustNamePort {
        found.append(
          .init(
            place: place,
            message:
              "a connection in status \(connection.status.rawValue) holds a port, so it must name "
              + "its device and port"))
      } else if connection.device == nil && connection.port != nil {
        found.append(.init(place: place, message: "names a port but no device; name both"))
      }
      return nil
    }
    guard let device = deviceIndex[deviceID] else {
      if !partial {
        found.append(
          .init(
            place: "\(place).device",
            message: "unknown device \"\(deviceID)\"; add it to the devices or fix the id"))
      }
      return nil
    }
    guard devices[device].accessPoint == connection.accessPoint else {
      found.append(
        .init(
          place: "\(place).device",
          message:
            "device \"\(deviceID)\" belongs to access point \"\(devices[device].accessPoint)\", "
            + "not to \"\(connection.accessPoint)\""))
      return nil
    }
    guard let port = portIndexes[device][PortNameKey(name)] else {
      found.append(
        .init(place: "\(place).port", message: "device \"\(deviceID)\" has no port \"\(name)\""))
      return nil
    }
    let accepts = devices[device].ports[port].accepts
    guard accepts.contains(connection.portType) else {
      found.append(
        .init(
          place: "\(place).portType",
          message: "port \"\(name)\" of \"\(deviceID)\" accepts \(accepts.listDescription), not "
            + connection.portType.rawValue))
      return nil
    }
    return (device, port)
  }

  mutating func whitelistAndPolicy(_ whitelist: Set<AccountID>, _ policy: Policy) {
    if whitelist.contains(AccountID("")) {
      problem("highSpeedWhitelist", "holds an empty account; list accounts such as \"1001\"")
    }
    for account in whitelist.map(\.rawValue).sorted() {
      if let problem = IdentifierRule.problem(account) {
        self.problem("highSpeedWhitelist", problem)
      }
    }
    if let limit = policy.maxPendingPerAccount, limit < 0 {
      problem(
        "policy.maxPendingPerAccount",
        "is \(limit); give a whole number of 0 or more, or nil for no limit")
    }
  }
}
