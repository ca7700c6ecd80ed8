import Testing

@testable import Patchbay

/// Hand-made drains whose answer is known: room made by moving a connection of another device,
/// cages that take several types, priorities, and each stranded code with its numbers.
@Suite struct DrainScenarioTests {
  static let lr = PortTypeSet(.base10GLR)
  static let lx = PortTypeSet(.base1000LX)
  static let both = PortTypeSet(types: [.base10GLR, .base1000LX])

  /// An access point `ap` of devices (name, port cages), and connections (id, device, port,
  /// type, partner).
  static func inventory(
    devices: [(String, [PortTypeSet])],
    connections: [(String, String, Int, PortType, String?)],
    otherAccessPoint: Bool = false
  ) throws -> Inventory {
    var deviceList = devices.map { name, cages in
      Device(
        id: DeviceID(name), accessPoint: "ap",
        ports: cages.enumerated().map { Port(name: "1/1/\($0.offset + 1)", accepts: $0.element) })
    }
    var accessPoints = [
      AccessPoint(
        id: "ap", region: "r", lineOperators: [.chinaTelecom],
        portTypes: PortTypeSet(types: [.base10GLR, .base1000LX]))
    ]
    if otherAccessPoint {
      accessPoints.append(
        AccessPoint(
          id: "ap-other", region: "r", lineOperators: [.chinaTelecom], portTypes: lr))
      deviceList.append(
        Device(
          id: "other", accessPoint: "ap-other",
          ports: (1...4).map { Port(name: "1/1/\($0)", accepts: lr) }))
    }
    return try Inventory(
      regions: [Region(id: "r")], accessPoints: accessPoints, devices: deviceList,
      connections: connections.map { id, device, port, type, partner in
        Connection(
          id: ConnectionID(id), account: "1", accessPoint: "ap", device: DeviceID(device),
          port: "1/1/\(port)", portType: type, status: .enabled,
          redundantConnection: partner.map { ConnectionID($0) })
      })
  }

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let devices: [(String, [PortTypeSet])]
    let connections: [(String, String, Int, PortType, String?)]
    let drained: [String]
    var priorities: [String: Int] = [:]
    /// (toMove, moved, stranded, portChanges)
    let summary: (Int, Int, Int, Int)
    /// Stranded connection -> code and words its message must hold.
    var stranded: [String: (StrandedCode, [String])] = [:]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "free ports elsewhere: each drained connection moves once",
      devices: [("d1", [lr, lr]), ("d2", [lr, lr]), ("d3", [lr])],
      connections: [("c1", "d1", 1, .base10GLR, nil), ("c2", "d1", 2, .base10GLR, nil)],
      drained: ["d1"], summary: (2, 2, 0, 2)),
    Case(
      name: "room made: a connection of another device moves off the partner's way",
      devices: [("d1", [lr]), ("d2", [lr, lr]), ("d3", [lr])],
      connections: [
        ("x", "d1", 1, .base10GLR, "p"), ("p", "d2", 1, .base10GLR, nil),
        ("y", "d3", 1, .base10GLR, nil),
      ],
      drained: ["d1"], summary: (1, 1, 0, 2)),
    Case(
      name: "room made: a 1G connection leaves the cage that also takes 10G",
      devices: [("d1", [lr]), ("d2", [both, lx])],
      connections: [("x", "d1", 1, .base10GLR, nil), ("y", "d2", 1, .base1000LX, nil)],
      drained: ["d1"], summary: (1, 1, 0, 2)),
    Case(
      name: "the higher priority takes the one port",
      devices: [("d1", [lr, lr]), ("d2", [lr])],
      connections: [("low", "d1", 1, .base10GLR, nil), ("high", "d1", 2, .base10GLR, nil)],
      drained: ["d1"], priorities: ["high": 5], summary: (2, 1, 1, 1),
      stranded: ["low": (.capacityContention, ["1 free ports", "10GBase-LR", "priority 0"])]),
    Case(
      name: "room made for the higher priority only: the other is stranded by contention",
      devices: [("d1", [lr, lr]), ("d2", [both, lx])],
      connections: [
        ("x", "d1", 1, .base10GLR, nil), ("y", "d1", 2, .base10GLR, nil),
        ("z", "d2", 1, .base1000LX, nil),
      ],
      drained: ["d1"], priorities: ["x": 1], summary: (2, 1, 1, 2),
      stranded: [
        "y": (.capacityContention, ["were held", "went to 1 drained connections of priority 0"])
      ]),
    Case(
      name: "no other device",
      devices: [("d1", [lr])],
      connections: [("x", "d1", 1, .base10GLR, nil)],
      drained: ["d1"], summary: (1, 0, 1, 0),
      stranded: ["x": (.noOtherDevice, ["ap", "d1"])]),
    Case(
      name: "every device drained",
      devices: [("d1", [lr]), ("d2", [lr])],
      connections: [("x", "d1", 1, .base10GLR, nil), ("y", "d2", 1, .base10GLR, nil)],
      drained: ["d1", "d2"], summary: (2, 0, 2, 0),
      stranded: ["x": (.noOtherDevice, ["d1, d2"]), "y": (.noOtherDevice, ["d1, d2"])]),
    Case(
      name: "no port of the type elsewhere",
      devices: [("d1", [lr]), ("d2", [lx, lx])],
      connections: [("x", "d1", 1, .base10GLR, nil)],
      drained: ["d1"], summary: (1, 0, 1, 0),
      stranded: ["x": (.noFreePort, ["no port", "d2", "10GBase-LR"])]),
    Case(
      name: "every port of the type held and none can be freed",
      devices: [("d1", [lr]), ("d2", [lr, lr])],
      connections: [
        ("x", "d1", 1, .base10GLR, nil), ("y", "d2", 1, .base10GLR, nil),
        ("z", "d2", 2, .base10GLR, nil),
      ],
      drained: ["d1"], summary: (1, 0, 1, 0),
      stranded: ["x": (.noFreePort, ["all 2 ports", "held"])]),
    Case(
      name: "free ports only on the partner's device",
      devices: [("d1", [lr]), ("d2", [lr, lr]), ("d3", [lx])],
      connections: [("x", "d1", 1, .base10GLR, "p"), ("p", "d2", 1, .base10GLR, nil)],
      drained: ["d1"], summary: (1, 0, 1, 0),
      stranded: ["x": (.noDiverseDevice, ["d2", "redundant partner p"])]),
    Case(
      name: "two drained partners go to two devices",
      devices: [("d1", [lr, lr]), ("d2", [lr, lr]), ("d3", [lr])],
      connections: [("a", "d1", 1, .base10GLR, nil), ("b", "d1", 2, .base10GLR, "a")],
      drained: ["d1"], summary: (2, 2, 0, 2)),
    Case(
      name: "partners already on one device may both stay; neither moves to the other",
      devices: [("d1", [lr]), ("d2", [lr, lr]), ("d3", [lr])],
      connections: [
        ("x", "d1", 1, .base10GLR, nil), ("a", "d2", 1, .base10GLR, nil),
        ("b", "d2", 2, .base10GLR, "a"),
      ],
      drained: ["d1"], summary: (1, 1, 0, 1)),
  ]

  @Test(arguments: cases)
  func drain(_ scenario: Case) throws {
    let inventory = try Self.inventory(
      devices: scenario.devices, connections: scenario.connections, otherAccessPoint: true)
    let drained = scenario.drained.map { DeviceID($0) }
    var priorities: [ConnectionID: Int] = [:]
    for (id, priority) in scenario.priorities { priorities[ConnectionID(id)] = priority }
    for exactOnly in [false, true] {
      let plan = try DrainPlanner.plan(
        inventory: inventory, devices: drained, priorities: priorities, timeLimit: .seconds(30),
        exactOnly: exactOnly)
      #expect(DrainChecker.check(plan, inventory: inventory, devices: drained) == [])
      let (toMove, moved, stranded, changes) = scenario.summary
      #expect(
        plan.summary
          == DrainSummary(toMove: toMove, moved: moved, stranded: stranded, portChanges: changes),
        "exact only: \(exactOnly)")
      #expect(plan.optimal)
      #expect(plan.moves.allSatisfy { $0.to.device != "other" })
      for entry in plan.stranded {
        let (code, words) = try #require(scenario.stranded[entry.connection.rawValue])
        #expect(entry.code == code, "\(entry.message)")
        for word in words { #expect(entry.message.contains(word), "\(entry.message)") }
      }
      #expect(Set(plan.stranded.map(\.connection.rawValue)) == Set(scenario.stranded.keys))
    }
  }

  @Test func unknownAndRepeatedDevicesAreRefusedByName() throws {
    let inventory = try Self.inventory(devices: [("d1", [Self.lr])], connections: [])
    #expect(throws: DrainError.self) {
      try DrainPlanner.plan(inventory: inventory, devices: [])
    }
    do {
      _ = try DrainPlanner.plan(inventory: inventory, devices: ["d9"])
      Issue.record("an unknown device was accepted")
    } catch let error as DrainError {
      #expect(error.kind == .unknownDevice)
      #expect(error.message.contains("d9"))
      #expect(error.message.contains("d1"))
    }
    do {
      _ = try DrainPlanner.plan(inventory: inventory, devices: ["d1", "d1"])
      Issue.record("a repeated device was accepted")
    } catch let error as DrainError {
      #expect(error.kind == .deviceGivenTwice)
    }
  }

  @Test func movesArePortsLowestFirstInInventoryOrder() throws {
    let inventory = try Self.inventory(
      devices: [("d1", [Self.lr, Self.lr]), ("d2", [Self.lr, Self.lr, Self.lr])],
      connections: [
        ("c1", "d1", 1, .base10GLR, nil), ("c2", "d1", 2, .base10GLR, nil),
        ("c3", "d2", 2, .base10GLR, nil),
      ])
    let plan = try DrainPlanner.plan(inventory: inventory, devices: ["d1"])
    #expect(
      plan.moves == [
        ConnectionMove(
          connection: "c1", from: .init(device: "d1", port: "1/1/1"),
          to: .init(device: "d2", port: "1/1/1")),
        ConnectionMove(
          connection: "c2", from: .init(device: "d1", port: "1/1/2"),
          to: .init(device: "d2", port: "1/1/3")),
      ])
  }
}

/// docs/DRAIN.md's library example, as written there, on the shipped data centre.
@Suite struct DrainLibraryExampleTests {
  @Test func example() throws {
    let inventory = try InventoryDecoder.read(path: Fixtures.path("datacenter/inventory.json"))
    let plan = try DrainPlanner.plan(
      inventory: inventory, devices: ["hz-yh-b-asw-01"], priorities: ["pc-hz-0003": 2])
    let violations = DrainChecker.check(plan, inventory: inventory, devices: ["hz-yh-b-asw-01"])
    let bytes = plan.jsonBytes  // the JSON above
    for move in plan.moves { print(move.connection, move.from.device, "->", move.to.device) }
    #expect(violations.isEmpty)
    #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("{\n  \"moves\": ["))
    #expect(plan.summary == DrainSummary(toMove: 4, moved: 2, stranded: 2, portChanges: 2))
  }
}
