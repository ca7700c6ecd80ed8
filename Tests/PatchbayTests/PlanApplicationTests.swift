import PropertyBased
import Testing

@testable import Patchbay

/// Committing a plan: assignments become Allocated connections that hold their ports, the result
/// is an inventory the decoder accepts, and a plan that cannot be committed is refused whole.
@Suite struct PlanApplicationTests {
  @Test func theHandMadePlanBecomesAllocatedConnections() throws {
    let (plan, inventory, requests) = try TestPlans.datacenter()
    let applied = try PlanApplication.apply(plan, to: inventory)
    #expect(applied.connections.count == inventory.connections.count + plan.assignments.count)
    #expect(Array(applied.connections.prefix(inventory.connections.count)) == inventory.connections)
    for assignment in plan.assignments {
      let connection = try #require(applied.connection(ConnectionID(assignment.request.rawValue)))
      #expect(connection.status == .allocated)
      #expect(connection.account == assignment.account)
      #expect(connection.accessPoint == assignment.accessPoint)
      #expect(connection.device == assignment.device)
      #expect(connection.port == assignment.port)
      #expect(connection.portType == assignment.portType)
      #expect(connection.redundantConnection?.rawValue == assignment.redundantConnection)
    }
    // Partners named by the requests resolve: a batch partner is now a connection too.
    #expect(applied.connection("req-0002")?.redundantConnection == "req-0001")
    #expect(applied.connection("req-0005")?.redundantConnection == "pc-hz-0003")

    // Written and read back, it is the same inventory, and the ports are now held.
    let again = try InventoryDecoder.decode(InventoryEncoder.jsonBytes(applied), file: "after.json")
    #expect(sameContents(again, applied))
    #expect(
      InventorySummary(again).freePorts == InventorySummary(inventory).freePorts
        - plan.assignments.count)
    let violations = PlanChecker.check(plan, inventory: again, requests: requests)
    #expect(violations.contains { $0.kind == .portOccupied })
    // Applying the same plan twice is refused: the connections exist and hold the ports.
    #expect(throws: PlanApplication.Error.self) { try PlanApplication.apply(plan, to: again) }
  }

  @Test func anEmptyPlanChangesNothing() throws {
    let inventory = try Fixtures.datacenterInventory
    let plan = Plan(
      assignments: [], rejected: [], unplaced: [], accessPoints: [],
      summary: PlanSummary(requests: 0, placed: 0, rejected: 0, unplaced: 0, optimal: true))
    #expect(sameContents(try PlanApplication.apply(plan, to: inventory), inventory))
  }

  struct Refusal: CustomTestStringConvertible, Sendable {
    var name: String
    var kinds: [PlanApplication.Error.Problem.Kind]
    var request: String
    var mentions: [String]
    var change: @Sendable (inout Plan) -> Void
    var testDescription: String { name }
  }

  static func index(_ request: String, in plan: Plan) -> Int {
    plan.assignments.firstIndex { $0.request.rawValue == request }!
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "no account (an older plan)", kinds: [.missingAccount], request: "req-0006",
      mentions: ["req-0006", "no account", "patchbay allocate"]
    ) { $0.assignments[index("req-0006", in: $0)].account = "" },
    Refusal(
      name: "the connection id exists", kinds: [.connectionExists], request: "pc-hz-0001",
      mentions: ["pc-hz-0001", "already"]
    ) { plan in
      var clash = plan.assignments[index("req-0006", in: plan)]
      clash.request = "pc-hz-0001"
      clash.port = "1/1/30"
      plan.assignments.append(clash)
    },
    Refusal(
      name: "a request assigned twice", kinds: [.requestAssignedTwice, .portGivenTwice],
      request: "req-0006", mentions: ["req-0006", "assignments[5]", "1/1/6"]
    ) { $0.assignments.append($0.assignments[index("req-0006", in: $0)]) },
    Refusal(
      name: "port held by a live connection", kinds: [.portOccupied], request: "req-0006",
      mentions: ["1/1/3", "hz-yh-b-asw-01", "pc-hz-0010", "req-0006"]
    ) { $0.assignments[index("req-0006", in: $0)].port = "1/1/3" },
    Refusal(
      name: "port given twice", kinds: [.portGivenTwice], request: "req-0006",
      mentions: ["1/1/10", "hz-yh-b-asw-01", "req-0006", "req-0001", "assignments[0]"]
    ) { $0.assignments[index("req-0006", in: $0)].port = "1/1/10" },
    Refusal(
      name: "unknown device", kinds: [.unknownDevice], request: "req-0006",
      mentions: ["hz-yh-b-asw-77", "req-0006"]
    ) { $0.assignments[index("req-0006", in: $0)].device = "hz-yh-b-asw-77" },
    Refusal(
      name: "unknown access point", kinds: [.unknownAccessPoint], request: "req-0006",
      mentions: ["ap-nowhere", "req-0006"]
    ) { $0.assignments[index("req-0006", in: $0)].accessPoint = "ap-nowhere" },
    Refusal(
      name: "device at another access point", kinds: [.deviceAtOtherAccessPoint],
      request: "req-0006", mentions: ["hz-xs-a-asw-01", "ap-cn-hangzhou-xs-A", "req-0006"]
    ) { plan in
      plan.assignments[index("req-0006", in: plan)].device = "hz-xs-a-asw-01"
      plan.assignments[index("req-0006", in: plan)].port = "1/1/2"
    },
    Refusal(
      name: "no such port", kinds: [.unknownPort], request: "req-0006",
      mentions: ["hz-yh-b-asw-01", "1/3/2", "req-0006"]
    ) { $0.assignments[index("req-0006", in: $0)].port = "1/3/2" },
    Refusal(
      name: "port does not accept the type", kinds: [.portTypeNotAccepted], request: "req-0006",
      mentions: ["1/2/3", "hz-yh-b-asw-01", "10GBase-LR", "req-0006"]
    ) { $0.assignments[index("req-0006", in: $0)].port = "1/2/3" },
    Refusal(
      name: "redundant connection names the request itself",
      kinds: [.redundantConnectionSelf], request: "req-0006", mentions: ["req-0006", "itself"]
    ) { $0.assignments[index("req-0006", in: $0)].redundantConnection = "req-0006" },
    Refusal(
      name: "the batch partner is not in the plan", kinds: [.unknownRedundantConnection],
      request: "req-0002", mentions: ["req-0002", "req-0001", "neither"]
    ) { $0.assignments.remove(at: index("req-0001", in: $0)) },
    Refusal(
      name: "the redundant connection exists nowhere", kinds: [.unknownRedundantConnection],
      request: "req-0006", mentions: ["req-0006", "pc-ghost"]
    ) { $0.assignments[index("req-0006", in: $0)].redundantConnection = "pc-ghost" },
    Refusal(
      name: "on the device of its redundant connection", kinds: [.redundantOnSameDevice],
      request: "req-0005", mentions: ["req-0005", "pc-hz-0003", "hz-yh-b-asw-01", "1/1/2"]
    ) { plan in
      plan.assignments[index("req-0005", in: plan)].device = "hz-yh-b-asw-01"
      plan.assignments[index("req-0005", in: plan)].port = "1/1/20"
    },
    Refusal(
      name: "on the device of its batch partner", kinds: [.redundantOnSameDevice],
      request: "req-0002", mentions: ["req-0002", "req-0001", "hz-yh-b-asw-01"]
    ) { plan in
      plan.assignments[index("req-0002", in: plan)].device = "hz-yh-b-asw-01"
      plan.assignments[index("req-0002", in: plan)].port = "1/1/11"
    },
  ]

  @Test(arguments: refusals)
  func aPlanThatCannotBeCommittedIsRefusedWhole(_ refusal: Refusal) throws {
    let (clean, inventory, _) = try TestPlans.datacenter()
    var plan = clean
    refusal.change(&plan)
    do {
      _ = try PlanApplication.apply(plan, to: inventory)
      Issue.record("applied")
    } catch {
      #expect(error.problems.map(\.kind) == refusal.kinds, "\(error)")
      guard let first = error.problems.first else { return }
      #expect(first.request.rawValue == refusal.request)
      #expect(plan.assignments[first.assignment].request == first.request)
      #expect(error.description.contains("assignments[\(first.assignment)] (\(first.request)): "))
      for word in refusal.mentions {
        #expect(first.message.contains(word), "\"\(first.message)\" lacks \"\(word)\"")
      }
    }
  }

  /// Applying is a subset of verifying: each problem of guarantee 1 that apply finds, `verify`
  /// (the plan checker, with the requests) finds too, with the same code and the same words.
  @Test(arguments: refusals)
  func everyPortProblemOfApplyIsAViolationVerifyReportsAlike(_ refusal: Refusal) throws {
    let (clean, inventory, requests) = try TestPlans.datacenter()
    var plan = clean
    refusal.change(&plan)
    let violations = PlanChecker.check(plan, inventory: inventory, requests: requests)
    let portKinds: Set<String> = [
      "unknown_device", "device_at_other_access_point", "unknown_port", "port_type_not_accepted",
      "port_occupied", "port_given_twice",
    ]
    do {
      _ = try PlanApplication.apply(plan, to: inventory)
    } catch {
      for problem in error.problems where portKinds.contains(problem.kind.rawValue) {
        #expect(
          violations.contains {
            $0.kind.rawValue == problem.kind.rawValue && $0.message == problem.message
          }, "verify does not say: \(problem)")
      }
    }
  }

  @Test func everyKindIsCoveredByARefusal() {
    let covered = Set(Self.refusals.flatMap(\.kinds))
    #expect(PlanApplication.Error.Problem.Kind.allCases.filter { !covered.contains($0) } == [])
  }

  @Test func everyProblemIsListed() throws {
    let (clean, inventory, _) = try TestPlans.datacenter()
    var plan = clean
    for position in plan.assignments.indices { plan.assignments[position].account = "" }
    plan.assignments[0].port = "1/1/1"
    do {
      _ = try PlanApplication.apply(plan, to: inventory)
      Issue.record("applied")
    } catch {
      #expect(error.problems.count == plan.assignments.count + 1)
      #expect(error.problems.filter { $0.kind == .missingAccount }.count == plan.assignments.count)
      #expect(error.problems[1].kind == .portOccupied && error.problems[1].assignment == 0)
      #expect(error.description.split(separator: "\n").count == error.problems.count)
    }
  }

  /// Random small data centres: a greedy plan applies; the result reads back the same, holds
  /// every assigned port, and passes validation of the same batch without a crash.
  @Test func greedyPlansApplyOnRandomDataCentres() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      guard let files = try? RandomDataCentre(seed: UInt64(seed)).files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      let plan = TestPlans.greedy(inventory: inventory, requests: batch)
      do {
        let applied = try PlanApplication.apply(plan, to: inventory)
        let again = try InventoryDecoder.decode(InventoryEncoder.jsonBytes(applied), file: "a.json")
        #expect(sameContents(again, applied), "seed \(seed)")
        let held = Set(
          again.connections.filter(\.status.holdsPort).compactMap { connection in
            connection.port.map { "\(connection.device!)\u{0}\($0)" }
          })
        for assignment in plan.assignments {
          #expect(held.contains("\(assignment.device)\u{0}\(assignment.port)"), "seed \(seed)")
        }
        _ = BatchValidator(inventory: again).validate(batch)
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }
}
