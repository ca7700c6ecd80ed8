import PatchbaySynthetic
import Testing

@testable import Patchbay

/// A large inventory's connections are checked in two passes at once (the ids, and everything
/// else); both ways must find the same problems, in the same order, a connection's id first.
@Suite struct InventoryCheckPassesTests {
  typealias Parts = InventoryCheckedInitTests.Parts

  static func problems(_ parts: Parts, parallelFrom: Int) -> [InventoryError.Problem] {
    do {
      _ = try Inventory(
        checking: parts.regions, accessPoints: parts.accessPoints, devices: parts.devices,
        connections: parts.connections, highSpeedWhitelist: parts.whitelist,
        policy: parts.policy, partial: false, parallelFrom: parallelFrom)
      return []
    } catch {
      return error.problems
    }
  }

  /// The contradictions of connections (each changes the three connections in place).
  static let connectionContradictions = InventoryCheckedInitTests.contradictions.filter {
    $0.place.hasPrefix("connections")
  }

  /// Every pair of the connections' contradictions at once, so that both passes find problems,
  /// some of them of one connection.
  @Test(arguments: connectionContradictions.indices)
  func bothWaysFindTheSameProblemsInTheSameOrder(_ first: Int) {
    let contradictions = Self.connectionContradictions
    #expect(contradictions.count >= 10)
    for second in contradictions.indices {
      var parts = Parts()
      contradictions[first].make(&parts)
      contradictions[second].make(&parts)
      let onePass = Self.problems(parts, parallelFrom: .max)
      #expect(!onePass.isEmpty)
      #expect(
        Self.problems(parts, parallelFrom: 1) == onePass,
        "\(contradictions[first].name) and \(contradictions[second].name)")
    }
  }

  @Test func aConnectionsIDProblemComesBeforeItsOtherProblems() {
    var parts = Parts()
    parts.connections[1].id = "c1"  // repeats connections[0]'s id
    parts.connections[1].account = ""
    parts.connections[0].port = "9/9/9"
    parts.connections[2].id = ""
    parts.connections[2].accessPoint = "ap9"
    let places = Self.problems(parts, parallelFrom: 1).map(\.place)
    #expect(
      places == [
        "connections[0].port", "connections[1].id", "connections[1].account",
        "connections[2].id", "connections[2].accessPoint",
        // Redundant connections are checked once every id is indexed.
        "connections[1].redundantConnection",
      ])
    #expect(Self.problems(parts, parallelFrom: .max).map(\.place) == places)
  }

  /// Where the inventory holds each connection's port is where its device and port names are.
  static func expectPortsWhereTheNamesSay(
    _ inventory: Inventory, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    #expect(inventory.connectionPorts.count == inventory.connections.count)
    for (index, connection) in inventory.connections.enumerated() {
      var byName: (device: Int, port: Int)?
      if let device = connection.device.flatMap(inventory.deviceIndex(of:)),
        let port = connection.port.flatMap({ inventory.portIndex(named: $0, onDevice: device) })
      {
        byName = (device, port)
      }
      let held = inventory.connectionPorts[index].positions
      #expect(
        held?.device == byName?.device && held?.port == byName?.port,
        "connections[\(index)] \(connection.id)", sourceLocation: sourceLocation)
    }
  }

  /// Checked (by the decoder, on one or two threads) or assembled (the generator), after
  /// placements through the provisioning path, and with a plan applied (the inventory's own
  /// positions kept, the plan's looked up).
  @Test(arguments: 0..<40)
  func connectionPortsAreWhereTheNamesSay(_ seed: Int) throws {
    let files = try RandomDataCentre(seed: UInt64(seed)).files()
    for parallelFrom in [1, Int.max] {
      let decoded = try InventoryDecoder.decode(
        files.inventory, file: "random.json", maximumPorts: InventoryDecoder.maximumPorts,
        parallelFrom: parallelFrom)
      Self.expectPortsWhereTheNamesSay(decoded)
    }
    var settings = GeneratorSettings.preset(.tight)
    settings.requests = 40
    let centre = SyntheticDataCentre(settings: settings, seed: UInt64(seed))
    Self.expectPortsWhereTheNamesSay(centre.inventory)
    var live = LiveInventory(centre.inventory)
    for (step, request) in centre.requests.enumerated() where request.redundantConnection == nil {
      var request = request
      request.id = RequestID("ports-\(step)")
      _ = live.place(request)
    }
    #expect(live.inventory.connections.count > centre.inventory.connections.count)
    Self.expectPortsWhereTheNamesSay(live.inventory)
    let plan = Allocator(inventory: centre.inventory).allocate(centre.requests).plan
    #expect(!plan.assignments.isEmpty)
    Self.expectPortsWhereTheNamesSay(try PlanApplication.apply(plan, to: centre.inventory))
  }
}
