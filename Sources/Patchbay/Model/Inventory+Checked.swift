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
  /// - an empty account (connections, the whitelist), a negative pending limit or access point
  ///   quota;
  /// - an access point's `location` or a device's `cabinet` that is empty, blank or holds a
  ///   control character (leave it `nil` when it is unknown).
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
  /// From `parallelFrom` connections on, two threads check them (tests lower it, to hold both
  /// ways to the same result).
  init(
    checking regions: [Region], accessPoints: [AccessPoint], devices: [Device],
    connections: [Connection], highSpeedWhitelist: Set<AccountID>, policy: Policy, partial: Bool,
    parallelFrom: Int = 65_536
  ) throws(InventoryError) {
    var check = InventoryCheck(partial: partial, parallelFrom: parallelFrom)
    check.regions(regions)
    check.accessPoints(accessPoints)
    check.devices(devices)
    check.connections(connections, devices: devices)
    check.whitelistAndPolicy(highSpeedWhitelist, policy)
    guard check.problems.isEmpty else { throw InventoryError(problems: check.problems) }
    self.init(
      assembling: regions, accessPoints: accessPoints, devices: devices,
      connections: connections, highSpeedWhitelist: highSpeedWhitelist, policy: policy,
      connectionIndex: check.connectionIndex, portIndexes: check.portIndexes,
      connectionPorts: check.connectionPorts)
  }
}

/// The rules of ``Inventory/init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``,
/// one array at a time, with the indexes they build on the way (the inventory keeps them). A
/// repeated id's message names where it was first.
private struct InventoryCheck: Sendable {
  let partial: Bool
  /// From how many connections on their two passes run at the same time.
  let parallelFrom: Int
  var problems: [InventoryError.Problem] = []
  var regionIndex: [RegionID: Int] = [:]
  var accessPointIndex: [AccessPointID: Int] = [:]
  var deviceIndex: [DeviceID: Int] = [:]
  var connectionIndex = IdentifierIndex()
  var portIndexes: [IdentifierIndex] = []
  /// Each connection's device and port, where it names one the inventory has.
  var connectionPorts: [ConnectionPort] = []
  /// The device the last connection named, and its position.
  var lastDevice: (id: DeviceID, position: Int)?

  mutating func problem(_ place: String, _ message: String) {
    problems.append(InventoryError.Problem(place: place, message: message))
  }

  /// An id's problem, if it has one: empty, a control character, or repeated (then `first` is
  /// the place that has it already). The place is written only for a problem: formatting it
  /// for each of millions of valid connections was a tenth of reading a large inventory.
  mutating func checkID(
    _ text: String, at place: @autoclosure () -> String, what: String,
    first: @autoclosure () -> String?
  ) -> Bool {
    let (place, first) = (place, first())
    if text.isEmpty {
      problem(place(), "is empty; give the \(what) an id")
    } else if let problem = IdentifierRule.problem(text) {
      self.problem(place(), problem)
    } else if let first {
      problem(place(), "duplicate \(what) id \"\(text)\"; \(first) has it already")
    } else {
      return true
    }
    return false
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
      if let location = accessPoint.location {
        placeText(
          location, at: "\(place).location",
          what: "the data centre's address, such as "
            + "\"Building 3, 1288 Wenyi West Road, Hangzhou\"")
      }
    }
  }

  mutating func devices(_ devices: [Device]) {
    portIndexes.reserveCapacity(devices.count)
    deviceIndex.reserveCapacity(devices.count)
    for (index, device) in devices.enumerated() {
      let place = "devices[\(index)]"
      let first = deviceIndex[device.id].map { "devices[\($0)]" }
      if checkID(device.id.rawValue, at: "\(place).id", what: "device", first: first) {
        deviceIndex[device.id] = index
      }
      if accessPointIndex[device.accessPoint] == nil {
        problem(
          "\(place).accessPoint",
          "unknown access point \"\(device.accessPoint)\"; add it to the access points or fix "
            + "the id")
      }
      if let cabinet = device.cabinet {
        placeText(
          cabinet, at: "\(place).cabinet",
          what: "where the device stands, such as \"Room 2, row B, cabinet B07\"")
      }
      let ports = device.ports
      var names = IdentifierIndex(capacity: ports.count)
      for (position, port) in ports.enumerated() {
        var portPlace: String { "\(place).ports[\(position)]" }
        if port.name.isEmpty {
          problem("\(portPlace).name", "is empty; give the port its name, such as \"1/1/1\"")
        } else if let problem = IdentifierRule.problem(port.name) {
          self.problem("\(portPlace).name", problem)
        } else if let first = names.insert(port.name, at: position, key: { ports[$0].name }) {
          // One hash of the name for a new one (the common case); a repeat keeps the first.
          problem(
            "\(portPlace).name",
            "port \"\(port.name)\" is defined twice on this device; \(place).ports[\(first)] "
              + "has it already")
        }
        if port.accepts.isEmpty {
          problem(
            "\(portPlace).accepts", "is empty; list the port types the port's cage accepts")
        }
      }
      portIndexes.append(names)
    }
  }

  /// Two passes over the connections: the index of their ids, and everything else. For a
  /// large inventory they run at the same time (the index is a cache miss per id in a table of
  /// millions, the other pass a device and port lookup per connection); each keeps its problems
  /// with the connection they are of, and they come out as one pass would give them, a
  /// connection's id first.
  mutating func connections(_ connections: [Connection], devices: [Device]) {
    let before = self
    func ids() -> ConnectionPass {
      var pass = ConnectionPass(check: before)
      pass.check.connectionIndex.reserveCapacity(connections.count)
      for index in connections.indices {
        pass.record(index) { $0.indexID(of: connections, at: index) }
      }
      return pass
    }
    @Sendable func places() -> ConnectionPass {
      var pass = ConnectionPass(check: before)
      (pass.owners, pass.named, pass.check.connectionPorts) = pass.check.placeConnections(
        connections, devices: devices)
      return pass
    }
    let (idPass, placePass) =
      connections.count >= parallelFrom ? alongside(ids, places) : (ids(), places())
    connectionIndex = idPass.check.connectionIndex
    connectionPorts = placePass.check.connectionPorts
    problems += ConnectionPass.merged(idPass, placePass)
    for (index, partner) in placePass.named {
      let place = "connections[\(index)].redundantConnection"
      if partner == connections[index].id {
        problem(place, "the connection names itself as its redundant one")
      } else if connectionIndex.position(
        of: partner.rawValue, key: { connections[$0].id.rawValue }) == nil && !partial
      {
        problem(
          place,
          "unknown connection \"\(partner)\"; it must name another connection of this "
            + "inventory, or be nil")
      }
    }
  }

  /// Enters a connection's id in the index, or records why it cannot be: empty, a control
  /// character, or held by an earlier connection.
  private mutating func indexID(of connections: [Connection], at index: Int) {
    let id = connections[index].id.rawValue
    // An id that is not valid is checked before it is indexed; a valid one is entered at
    // once (one hash of the id, not two), and a repeat gets its first place back.
    if id.isEmpty || IdentifierRule.controlCharacter(in: id) != nil {
      _ = checkID(id, at: "connections[\(index)].id", what: "connection", first: nil)
    } else if let first = connectionIndex.insert(
      id, at: index, key: { connections[$0].id.rawValue })
    {
      _ = checkID(
        id, at: "connections[\(index)].id", what: "connection", first: "connections[\(first)]")
    }
  }

  /// Each connection's account, access point, device and port, and the live connection holding
  /// each port. Returns the connection each problem is of, the redundant connections named
  /// (for after the ids are indexed) and where each connection's port is.
  private mutating func placeConnections(_ connections: [Connection], devices: [Device])
    -> (
      owners: [Int], named: [(index: Int, partner: ConnectionID)], ports: [ConnectionPort]
    )
  {
    var owners: [Int] = []
    var named: [(index: Int, partner: ConnectionID)] = []
    var ports = [ConnectionPort](repeating: .none, count: connections.count)
    // The live connection holding each port, per device: made for a device when a connection
    // first holds one of its ports.
    var holders: [[Int32]] = Array(repeating: [], count: devices.count)
    // Consecutive connections mostly share an access point and a device: the last one's id is
    // compared (the same string storage when read from one file) before an index is searched.
    var lastAccessPoint: AccessPointID?
    // By index, not by element: a copy of each connection would retain and release its
    // strings, for millions of connections.
    for index in connections.indices {
      let start = problems.count
      defer { owners += repeatElement(index, count: problems.count - start) }
      var place: String { "connections[\(index)]" }
      let account = connections[index].account.rawValue
      if account.isEmpty {
        problem("\(place).account", "is empty; name the account that owns the connection")
      } else if let problem = IdentifierRule.problem(account) {
        self.problem("\(place).account", problem)
      }
      if let partner = connections[index].redundantConnection { named.append((index, partner)) }
      let accessPoint = connections[index].accessPoint
      guard accessPoint == lastAccessPoint || accessPointIndex[accessPoint] != nil else {
        problem(
          "\(place).accessPoint",
          "unknown access point \"\(accessPoint)\"; add it to the access points or "
            + "fix the id")
        continue
      }
      lastAccessPoint = accessPoint
      guard let (device, port) = port(of: connections[index], at: place, devices: devices)
      else { continue }
      ports[index] = ConnectionPort(device: device, port: port)
      guard connections[index].status.holdsPort else { continue }
      if holders[device].isEmpty {
        holders[device] = Array(repeating: -1, count: devices[device].ports.count)
      }
      let holder = holders[device][port]
      if holder >= 0 {
        problem(
          "\(place).port",
          "port \"\(devices[device].ports[port].name)\" of \"\(devices[device].id)\" is already "
            + "held by the live connection connections[\(holder)]; a port holds one live "
            + "connection")
      } else {
        holders[device][port] = Int32(index)
      }
    }
    return (owners, named, ports)
  }

  /// The device and port of a connection (positions), when it names them: present when its
  /// status holds a port, known, at its access point, and accepting its port type.
  private mutating func port(
    of connection: Connection, at place: @autoclosure () -> String, devices: [Device]
  ) -> (device: Int, port: Int)? {
    guard let deviceID = connection.device, let name = connection.port else {
      if connection.status.mustNamePort {
        problem(
          place(),
          "a connection in status \(connection.status.rawValue) holds a port, so it must name "
            + "its device and port")
      } else if connection.device == nil && connection.port != nil {
        problem(place(), "names a port but no device; name both")
      }
      return nil
    }
    let known = lastDevice.flatMap { $0.id == deviceID ? $0.position : nil }
    guard let device = known ?? deviceIndex[deviceID] else {
      if !partial {
        problem(
          "\(place()).device",
          "unknown device \"\(deviceID)\"; add it to the devices or fix the id")
      }
      return nil
    }
    lastDevice = (deviceID, device)
    guard devices[device].accessPoint == connection.accessPoint else {
      problem(
        "\(place()).device",
        "device \"\(deviceID)\" belongs to access point \"\(devices[device].accessPoint)\", "
          + "not to \"\(connection.accessPoint)\"")
      return nil
    }
    guard
      let port = portIndexes[device].position(
        of: name, key: { devices[device].ports[$0].name })
    else {
      problem("\(place()).port", "device \"\(deviceID)\" has no port \"\(name)\"")
      return nil
    }
    let accepts = devices[device].ports[port].accepts
    guard accepts.contains(connection.portType) else {
      problem(
        "\(place()).portType",
        "port \"\(name)\" of \"\(deviceID)\" accepts \(accepts.listDescription), not "
          + connection.portType.rawValue)
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
    if let quota = policy.maxConnectionsPerAccessPoint, quota < 0 {
      problem(
        "policy.maxConnectionsPerAccessPoint",
        "is \(quota); give a whole number of 0 or more, or nil for no quota")
    }
  }

  /// A place's text for people (an address, a cabinet): it must say something, on one line,
  /// since the Letter of Authorization prints it for the installers.
  mutating func placeText(_ text: String, at place: String, what: String) {
    if text.allSatisfy(\.isWhitespace) {
      problem(
        place,
        "is \(text.isEmpty ? "empty" : "blank"); give \(what), or leave it out when unknown")
    } else if let scalar = IdentifierRule.controlCharacter(in: text) {
      problem(
        place,
        "\"\(text.escapingControlCharacters)\" contains the control character "
          + "\(scalar.escapedForText); write it on one line without control characters")
    }
  }
}

/// One pass of ``InventoryCheck``'s over the connections, on a copy of the check: the problems
/// it found, each with the connection it is of, and the redundant connections named.
private struct ConnectionPass: Sendable {
  var check: InventoryCheck
  /// The position of the connection each of `check.problems` is of.
  var owners: [Int] = []
  var named: [(index: Int, partner: ConnectionID)] = []

  init(check: InventoryCheck) {
    self.check = check
    self.check.problems = []
  }

  /// Runs `body` for the connection at `index`, noting it as the owner of what it records.
  mutating func record(_ index: Int, _ body: (inout InventoryCheck) -> Void) {
    let start = check.problems.count
    body(&check)
    owners += repeatElement(index, count: check.problems.count - start)
  }

  /// Both passes' problems in connection order, the first pass's before the second's for one
  /// connection.
  static func merged(_ first: ConnectionPass, _ second: ConnectionPass)
    -> [InventoryError.Problem]
  {
    var merged: [InventoryError.Problem] = []
    merged.reserveCapacity(first.owners.count + second.owners.count)
    var (a, b) = (0, 0)
    while a < first.owners.count || b < second.owners.count {
      if b == second.owners.count
        || a < first.owners.count && first.owners[a] <= second.owners[b]
      {
        merged.append(first.check.problems[a])
        a += 1
      } else {
        merged.append(second.check.problems[b])
        b += 1
      }
    }
    return merged
  }
}
