import Testing

@testable import Patchbay

/// The drain checker catches each kind of broken plan: a good plan is corrupted one way at a
/// time, and the checker must name that kind.
@Suite struct DrainCheckerTests {
  static let lr = PortTypeSet(.base10GLR)
  static let lx = PortTypeSet(.base1000LX)

  /// d1 (drained) holds c1 and c2 (c2 backs up c3 on d2); d2's
  /// second port takes only 1G, d3 has three 10G ports; device `other` is at another access point.
  static func inventory() throws -> Inventory {
    try DrainScenarioTests.inventory(
      devices: [("d1", [lr, lr]), ("d2", [lr, lx]), ("d3", [lr, lr, lr])],
      connections: [
        ("c1", "d1", 1, .base10GLR, nil), ("c2", "d1", 2, .base10GLR, "c3"),
        ("c3", "d2", 1, .base10GLR, nil),
      ],
      otherAccessPoint: true)
  }

  static func move(_ id: String, _ from: String, _ fromPort: Int, _ to: String, _ toPort: Int)
    -> ConnectionMove
  {
    ConnectionMove(
      connection: ConnectionID(id), from: .init(device: DeviceID(from), port: "1/1/\(fromPort)"),
      to: .init(device: DeviceID(to), port: "1/1/\(toPort)"))
  }

  static let good = DrainPlan(
    drainedDevices: ["d1"],
    moves: [move("c1", "d1", 1, "d3", 1), move("c2", "d1", 2, "d3", 2)], stranded: [],
    summary: DrainSummary(toMove: 2, moved: 2, stranded: 0, portChanges: 2), optimal: true)

  struct Corruption: CustomTestStringConvertible, Sendable {
    let kind: DrainViolation.Kind
    let change: @Sendable (inout DrainPlan) -> Void
    var testDescription: String { kind.rawValue }
  }

  static let corruptions: [Corruption] = [
    Corruption(kind: .unknownConnection) { $0.moves[0].connection = "nobody" },
    Corruption(kind: .connectionListedTwice) {
      $0.stranded.append(
        StrandedConnection(connection: "c1", code: .capacityContention, message: "x"))
    },
    Corruption(kind: .wrongFrom) { $0.moves[0].from.port = "1/1/2" },
    Corruption(kind: .unknownPort) { $0.moves[0].to.port = "9/9/9" },
    Corruption(kind: .unknownPort) { $0.moves[0].to = $0.moves[0].from },
    Corruption(kind: .otherAccessPoint) { $0.moves[0].to = .init(device: "other", port: "1/1/1") },
    Corruption(kind: .ontoDrainedDevice) { $0.moves[0].to = .init(device: "d1", port: "1/1/2") },
    Corruption(kind: .portTypeNotAccepted) { $0.moves[0].to = .init(device: "d2", port: "1/1/2") },
    Corruption(kind: .portHeldTwice) { $0.moves[1].to.port = "1/1/1" },
    Corruption(kind: .portHeldTwice) { $0.moves[0].to = .init(device: "d2", port: "1/1/1") },
    Corruption(kind: .redundantOnSameDevice) {
      $0.moves.append(move("c3", "d2", 1, "d3", 3))
      $0.summary.portChanges = 3
    },
    Corruption(kind: .drainedConnectionMissing) {
      $0.moves.removeLast()
      $0.summary = DrainSummary(toMove: 2, moved: 1, stranded: 0, portChanges: 1)
    },
    Corruption(kind: .strandedNotDrained) {
      $0.stranded.append(
        StrandedConnection(connection: "c3", code: .capacityContention, message: "x"))
    },
    Corruption(kind: .summaryMismatch) { $0.summary.moved = 1 },
    Corruption(kind: .summaryMismatch) { $0.summary.portChanges = 3 },
  ]

  @Test func theGoodPlanPasses() throws {
    #expect(DrainChecker.check(Self.good, inventory: try Self.inventory(), devices: ["d1"]) == [])
  }

  @Test(arguments: corruptions)
  func catches(_ corruption: Corruption) throws {
    var plan = Self.good
    corruption.change(&plan)
    let violations = DrainChecker.check(plan, inventory: try Self.inventory(), devices: ["d1"])
    #expect(violations.contains { $0.kind == corruption.kind }, "\(violations)")
    #expect(violations.allSatisfy { !$0.message.isEmpty })
  }

  /// The planner's own plan for this inventory passes, and names the ports the test expects.
  @Test func thePlannerAgrees() throws {
    let plan = try DrainPlanner.plan(inventory: try Self.inventory(), devices: ["d1"])
    #expect(plan == Self.good)
  }
}
