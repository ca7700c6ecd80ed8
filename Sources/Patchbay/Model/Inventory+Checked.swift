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
/// one array at a time, with the indexes they build on the way (the inventory keeps them).
private struct InventoryCheck {
  let partial: Bool
  var problems: [InventoryError.Problem] = []
  var regionIDs: Set<RegionID> = []
  var accessPointIDs: Set<AccessPointID> = []
  var deviceIndex: [DeviceID: Int] = [:]
  var connectionIndex: [ConnectionID: Int] = [:]
  var portIndexes: [[PortNameKey: Int]] = []

  mutating func problem(_ place: String, _ message: String) {
    problems.append(InventoryError.Problem(place: place, message: message))
  }

  mutating func regions(_ regions: [Region]) {
    for (index, region) in regions.enumerated() {
      let place = "regions[\(index)].id"
      if region.id.rawValue.isEmpty {
        problem(place, "is empty; give the region an id such as \"cn-hangzhou\"")
      } else if let problem = IdentifierRule.problem(region.id.rawValue) {
        self.problem(place, problem)
      } else if !regionIDs.insert(region.id).inserted {
        problem(place, "duplicate region id \"\(region.id)\"; give each region its own id")
      }
    }
  }

  mutating func accessPoints(_ accessPoints: [AccessPoint]) {
    for (index, accessPoint) in accessPoints.enumerated() {
      let place = "accessPoints[\(index)]"
      if accessPoint.id.rawValue.isEmpty {
        problem("\(place).id", "is empty; give the access point an id")
      } else if let problem = IdentifierRule.problem(accessPoint.id.rawValue) {
        self.problem("\(place).id", problem)
      } else if !accessPointIDs.insert(accessPoint.id).inserted {
        problem(
          "\(place).id",
          "duplicate access point id \"\(accessPoint.id)\"; give each access point its own id")
      }
      if !regionIDs.contains(accessPoint.region) {
        problem(
          "\(place).region",
          "unknown region \"\(accessPoint.region)\"; add it to the regions or fix the id")
      }
    }
  }

  mutating func devices(_ devices: [Device]) {
    portIndexes.reserveCapacity(devices.count)
    for (index, device) in devices.enumerated() {
      let place = "devices[\(index)]"
      if device.id.rawValue.isEmpty {
        problem("\(place).id", "is empty; give the device an id")
      } else if let problem = IdentifierRule.problem(device.id.rawValue) {
        self.problem("\(place).id", problem)
      } else if deviceIndex[device.id] != nil {
        problem("\(place).id", "duplicate device id \"\(device.id)\"; give each device its own id")
      } else {
        deviceIndex[device.id] = index
      }
      if !accessPointIDs.contains(device.accessPoint) {
        problem(
          "\(place).accessPoint",
          "unknown access point \"\(device.accessPoint)\"; add it to the access points or fix "
            + "the id")
      }
      var names: [PortNameKey: Int] = [:]
      names.reserveCapacity(device.ports.count)
      for (position, port) in device.ports.enumerated() {
        let portPlace = "\(place).ports[\(position)]"
        if port.name.isEmpty {
          problem("\(portPlace).name", "is empty; give the port its name, such as \"1/1/1\"")
        } else if let problem = IdentifierRule.problem(port.name) {
          self.problem("\(portPlace).name", problem)
        } else if let first = names[PortNameKey(port.name)] {
          problem(
            "\(portPlace).name",
            "port \"\(port.name)\" is defined twice on this device; \(place).ports[\(first)] "
              + "has it already")
        } else {
          names[PortNameKey(port.name)] = position
        }
        if port.accepts.isEmpty {
          problem(
            "\(portPlace).accepts", "is empty; list the port types the port's cage accepts")
        }
      }
      portIndexes.append(names)
    }
  }

  mutating func connections(_ connections: [Connection], devices: [Device]) {
    connectionIndex.reserveCapacity(connections.count)
    for (index, connection) in connections.enumerated() {
      let place = "connections[\(index)]"
      if connection.id.rawValue.isEmpty {
        problem("\(place).id", "is empty; give the connection an id")
      } else if let problem = IdentifierRule.problem(connection.id.rawValue) {
        self.problem("\(place).id", problem)
      } else if let first = connectionIndex[connection.id] {
        problem(
          "\(place).id",
          "duplicate connection id \"\(connection.id)\"; connections[\(first)] has it already")
      } else {
        connectionIndex[connection.id] = index
      }
      if connection.account.rawValue.isEmpty {
        problem("\(place).account", "is empty; name the account that owns the connection")
      } else if let problem = IdentifierRule.problem(connection.account.rawValue) {
        self.problem("\(place).account", problem)
      }
      guard accessPointIDs.contains(connection.accessPoint) else {
        problem(
          "\(place).accessPoint",
          "unknown access point \"\(connection.accessPoint)\"; add it to the access points or "
            + "fix the id")
        continue
      }
      port(of: connection, at: place, devices: devices)
    }
    var holders: [[Int: Int]] = Array(repeating: [:], count: devices.count)
    for (index, connection) in connections.enumerated() where connection.status.holdsPort {
      guard let device = connection.device.flatMap({ deviceIndex[$0] }),
        let name = connection.port, let port = portIndexes[device][PortNameKey(name)]
      else { continue }
      if let holder = holders[device][port] {
        problem(
          "connections[\(index)].port",
          "port \"\(name)\" of \"\(devices[device].id)\" is already held by the live connection "
            + "connections[\(holder)]; a port holds one live connection")
      } else {
        holders[device][port] = index
      }
    }
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

  /// The device and port of a connection: present when its status holds a port, known, at
  /// its access point, and accepting its port type.
  private mutating func port(of connection: Connection, at place: String, devices: [Device]) {
    guard let deviceID = connection.device, let name = connection.port else {
      if connection.status.mustNamePort {
        problem(
          place,
          "a connection in status \(connection.status.rawValue) holds a port, so it must name "
            + "its device and port")
      } else if connection.device == nil && connection.port != nil {
        problem(place, "names a port but no device; name both")
      }
      return
    }
    guard let device = deviceIndex[deviceID] else {
      if partial { return }
      problem(
        "\(place).device", "unknown device \"\(deviceID)\"; add it to the devices or fix the id")
      return
    }
    guard devices[device].accessPoint == connection.accessPoint else {
      problem(
        "\(place).device",
        "device \"\(deviceID)\" belongs to access point \"\(devices[device].accessPoint)\", "
          + "not to \"\(connection.accessPoint)\"")
      return
    }
    guard let port = portIndexes[device][PortNameKey(name)] else {
      problem("\(place).port", "device \"\(deviceID)\" has no port \"\(name)\"")
      return
    }
    let accepts = devices[device].ports[port].accepts
    if !accepts.contains(connection.portType) {
      problem(
        "\(place).portType",
        "port \"\(name)\" of \"\(deviceID)\" accepts \(accepts.listDescription), not "
          + connection.portType.rawValue)
    }
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
