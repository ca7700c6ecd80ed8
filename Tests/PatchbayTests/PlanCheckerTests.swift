import PropertyBased
import Testing

@testable import Patchbay

/// The checker behind `patchbay verify`: a clean hand-made plan passes, and a plan that breaks
/// each guarantee in each way is caught with the right kind and a message that names the place.
@Suite struct PlanCheckerTests {
  @Test func aHandMadePlanForTheDatacenterPasses() throws {
    let (plan, inventory, requests) = try TestPlans.datacenter()
    #expect(plan.assignments.count == TestPlans.datacenterPlacements.count)
    #expect(plan.rejected.count == 8)
    #expect(PlanChecker.check(plan, inventory: inventory, requests: requests) == [])
  }

  @Test func anEmptyBatchWithAnEmptyPlanPasses() throws {
    let plan = Plan(
      assignments: [], rejected: [], unplaced: [], accessPoints: [],
      summary: PlanSummary(requests: 0, placed: 0, rejected: 0, unplaced: 0, optimal: true))
    #expect(
      PlanChecker.check(plan, inventory: try Fixtures.datacenterInventory, requests: []) == [])
  }

  /// One way to break a plan: what to change, and what the checker must say.
  struct Corruption: CustomTestStringConvertible, Sendable {
    var name: String
    /// Every violation expected, in order; the first is the one the case is about.
    var kinds: [PlanViolation.Kind]
    var request: String?
    /// Words the first violation's message must contain: the request, device, port, the other
    /// party.
    var mentions: [String]
    /// Recompute `accessPoints` and `summary` after the change, so only the change is wrong.
    var recount = true
    var change: @Sendable (inout Plan) -> Void

    var testDescription: String { name }
  }

  static func index(_ request: String, in plan: Plan) -> Int {
    plan.assignments.firstIndex { $0.request.rawValue == request }!
  }

  static func move(_ request: String, in plan: inout Plan, to device: String, port: String) {
    let position = index(request, in: plan)
    plan.assignments[position].device = DeviceID(device)
    plan.assignments[position].port = port
  }

  static let corruptions: [Corruption] = [
    // Guarantee 1: ports.
    Corruption(
      name: "port given twice", kinds: [.portGivenTwice], request: "req-0006",
      mentions: ["req-0006", "1/1/10", "hz-yh-b-asw-01", "req-0001", "assignments[0]"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-01", port: "1/1/10") },
    Corruption(
      name: "occupied port", kinds: [.portOccupied], request: "req-0006",
      mentions: ["req-0006", "1/1/3", "hz-yh-b-asw-01", "pc-hz-0010", "Enabled"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-01", port: "1/1/3") },
    Corruption(
      name: "port held by a Terminating connection", kinds: [.portOccupied], request: "req-0014",
      mentions: ["req-0014", "1/1/1", "hz-xs-a-asw-02", "pc-hz-0104", "Terminating"]
    ) { move("req-0014", in: &$0, to: "hz-xs-a-asw-02", port: "1/1/1") },
    Corruption(
      name: "the other device's port", kinds: [.unknownPort], request: "req-0006",
      mentions: ["req-0006", "1/3/2", "hz-yh-b-asw-01", "a port of that name is on hz-yh-b-asw-02"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-01", port: "1/3/2") },
    Corruption(
      name: "a port no device has", kinds: [.unknownPort], request: "req-0006",
      mentions: ["req-0006", "9/9/9", "hz-yh-b-asw-01"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-01", port: "9/9/9") },
    Corruption(
      name: "unknown device", kinds: [.unknownDevice], request: "req-0006",
      mentions: ["req-0006", "hz-yh-b-asw-99", "1/1/6"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-99", port: "1/1/6") },
    Corruption(
      name: "device at another access point", kinds: [.deviceAtOtherAccessPoint],
      request: "req-0006",
      mentions: [
        "req-0006", "hz-xs-a-asw-01", "1/1/2", "ap-cn-hangzhou-xs-A", "ap-cn-hangzhou-yh-B",
      ]
    ) { move("req-0006", in: &$0, to: "hz-xs-a-asw-01", port: "1/1/2") },
    Corruption(
      name: "placed at another access point than asked",
      kinds: [.wrongAccessPoint, .accessPointCountsWrong, .accessPointCountsWrong],
      request: "req-0006",
      mentions: ["req-0006", "ap-cn-hangzhou-yh-B", "ap-cn-hangzhou-xs-A", "hz-xs-a-asw-01"],
      recount: false
    ) { plan in
      let position = index("req-0006", in: plan)
      plan.assignments[position].accessPoint = "ap-cn-hangzhou-xs-A"
      move("req-0006", in: &plan, to: "hz-xs-a-asw-01", port: "1/1/2")
    },
    Corruption(
      name: "port does not accept the type", kinds: [.portTypeNotAccepted], request: "req-0006",
      mentions: ["req-0006", "1/2/3", "hz-yh-b-asw-01", "40GBase-LR, 100GBase-LR", "10GBase-LR"]
    ) { move("req-0006", in: &$0, to: "hz-yh-b-asw-01", port: "1/2/3") },
    Corruption(
      name: "portType is not the request's", kinds: [.portTypeMismatch], request: "req-0006",
      mentions: ["req-0006", "10GBase-LR", "1000Base-LX", "1/1/6", "hz-yh-b-asw-01"]
    ) { $0.assignments[index("req-0006", in: $0)].portType = .base1000LX },
    // Guarantee 2.
    Corruption(
      name: "on the device of its redundant connection", kinds: [.redundantOnSameDevice],
      request: "req-0005",
      mentions: ["req-0005", "hz-yh-b-asw-01", "1/1/20", "pc-hz-0003", "1/1/2"]
    ) { move("req-0005", in: &$0, to: "hz-yh-b-asw-01", port: "1/1/20") },
    Corruption(
      name: "on the device of its batch partner", kinds: [.redundantOnSameDevice],
      request: "req-0002",
      mentions: ["req-0002", "hz-yh-b-asw-01", "1/1/11", "req-0001", "1/1/10"]
    ) { move("req-0002", in: &$0, to: "hz-yh-b-asw-01", port: "1/1/11") },
    Corruption(
      name: "on the device of a partner later in the batch", kinds: [.redundantOnSameDevice],
      request: "req-0041",
      mentions: ["req-0041", "hz-yh-b-asw-02", "1/1/20", "req-0042", "1/3/2"]
    ) { move("req-0041", in: &$0, to: "hz-yh-b-asw-02", port: "1/1/20") },
    // Guarantee 3.
    Corruption(
      name: "half a group placed", kinds: [.groupSplit], request: "req-0001",
      mentions: ["req-0001", "hz-yh-b-asw-01", "1/1/10", "req-0002"]
    ) { plan in
      plan.assignments.remove(at: index("req-0002", in: plan))
      plan.unplaced.append(
        Unplacement(request: "req-0002", code: .capacityContention, message: "no room"))
    },
    Corruption(
      name: "half a cross-access-point group placed", kinds: [.groupSplit], request: "req-0013",
      mentions: ["req-0013", "hz-yh-b-asw-02", "1/1/5", "req-0014"]
    ) { plan in
      plan.assignments.remove(at: index("req-0014", in: plan))
      plan.unplaced.append(
        Unplacement(request: "req-0014", code: .capacityContention, message: "no room"))
    },
    // The one-list rule.
    Corruption(
      name: "a request listed twice", kinds: [.requestListedTwice], request: "req-0008",
      mentions: ["req-0008", "unplaced[0]", "unplaced["]
    ) { $0.unplaced.append($0.unplaced[0]) },
    Corruption(
      name: "a request assigned twice", kinds: [.requestListedTwice], request: "req-0001",
      mentions: ["req-0001", "assignments[0]"]
    ) { plan in
      var again = plan.assignments[0]
      again.port = "1/1/12"
      plan.assignments.append(again)
    },
    Corruption(
      name: "a request missing", kinds: [.requestMissing], request: "req-0008",
      mentions: ["req-0008", "requests[7]"]
    ) { plan in plan.unplaced.removeAll { $0.request == "req-0008" } },
    Corruption(
      name: "an unknown request", kinds: [.unknownRequest], request: "req-9999",
      mentions: ["req-9999", "unplaced["]
    ) { plan in
      plan.unplaced.append(
        Unplacement(request: "req-9999", code: .noFreePort, message: "no such request"))
    },
    Corruption(
      name: "an unknown request assigned", kinds: [.unknownRequest], request: "req-9999",
      mentions: ["req-9999", "assignments["]
    ) { plan in
      var ghost = plan.assignments[0]
      ghost.request = "req-9999"
      ghost.port = "1/1/40"
      plan.assignments.append(ghost)
    },
    Corruption(
      name: "a valid request listed as rejected", kinds: [.validRequestRejected],
      request: "req-0008", mentions: ["req-0008", "whitelist_required", "rejected["]
    ) { plan in
      plan.unplaced.removeAll { $0.request == "req-0008" }
      plan.rejected.append(
        Rejection(request: "req-0008", code: .whitelistRequired, message: "made up"))
    },
    Corruption(
      name: "a rejected request assigned", kinds: [.rejectedRequestAssigned],
      request: "req-0007",
      mentions: ["req-0007", "whitelist_required", "1/2/5", "hz-yh-b-asw-01"]
    ) { plan in
      plan.rejected.removeAll { $0.request == "req-0007" }
      plan.assignments.append(
        Assignment(
          request: "req-0007", accessPoint: "ap-cn-hangzhou-yh-B", device: "hz-yh-b-asw-01",
          port: "1/2/5", portType: .base40GLR, account: "1007", redundantConnection: nil,
          priority: 1))
    },
    Corruption(
      name: "a rejected request unplaced", kinds: [.rejectedRequestUnplaced],
      request: "req-0012", mentions: ["req-0012", "port_type_not_offered", "unplaced["]
    ) { plan in
      plan.rejected.removeAll { $0.request == "req-0012" }
      plan.unplaced.append(
        Unplacement(request: "req-0012", code: .noFreePort, message: "made up"))
    },
    Corruption(
      name: "rejected with another code", kinds: [.wrongRejectionCode], request: "req-0007",
      mentions: ["req-0007", "port_type_not_offered", "whitelist_required"]
    ) { plan in
      let position = plan.rejected.firstIndex { $0.request == "req-0007" }!
      plan.rejected[position].code = .portTypeNotOffered
    },
    // What apply relies on.
    Corruption(
      name: "an assignment carries another account", kinds: [.assignmentFieldMismatch],
      request: "req-0006", mentions: ["req-0006", "account 9999 instead of 1007", "1/1/6"]
    ) { $0.assignments[index("req-0006", in: $0)].account = "9999" },
    Corruption(
      name: "an assignment drops its redundant connection", kinds: [.assignmentFieldMismatch],
      request: "req-0002", mentions: ["req-0002", "redundant connection none instead of req-0001"]
    ) { $0.assignments[index("req-0002", in: $0)].redundantConnection = nil },
    Corruption(
      name: "an old plan without accounts is still checked for placement", kinds: [],
      request: nil, mentions: []
    ) { plan in
      for position in plan.assignments.indices {
        plan.assignments[position].account = ""
        plan.assignments[position].redundantConnection = nil
        plan.assignments[position].priority = 0
      }
    },
    // Counts.
    Corruption(
      name: "summary placed wrong", kinds: [.summaryMismatch], request: nil,
      mentions: ["summary.placed is 17", "assignments lists 16"], recount: false
    ) { $0.summary.placed += 1 },
    Corruption(
      name: "summary requests wrong", kinds: [.summaryMismatch], request: nil,
      mentions: ["summary.requests is 41", "the batch has 42"], recount: false
    ) { $0.summary.requests -= 1 },
    Corruption(
      name: "summary claims optimal", kinds: [.summaryMismatch], request: nil,
      mentions: ["summary.optimal is true", "ap-cn-hangzhou-yh-B"], recount: false
    ) { $0.summary.optimal = true },
    Corruption(
      name: "an access point's placed count wrong", kinds: [.accessPointCountsWrong],
      request: nil, mentions: ["accessPoints[0]", "ap-cn-hangzhou-yh-B", "10"], recount: false
    ) { $0.accessPoints[0].placed += 1 },
    Corruption(
      name: "an access point's entry missing", kinds: [.accessPointEntryMissing], request: nil,
      mentions: ["ap-cn-hangzhou-yh-B"], recount: false
    ) { $0.accessPoints.removeFirst() },
    Corruption(
      name: "an access point listed twice", kinds: [.accessPointEntryExtra], request: nil,
      mentions: ["accessPoints[", "ap-cn-hangzhou-yh-B", "accessPoints[0]"], recount: false
    ) { $0.accessPoints.append($0.accessPoints[0]) },
    Corruption(
      name: "an unknown access point listed", kinds: [.accessPointEntryExtra], request: nil,
      mentions: ["ap-nowhere"], recount: false
    ) { plan in
      plan.accessPoints.append(
        AccessPointOutcome(id: "ap-nowhere", requests: 0, placed: 0, method: .ilp, optimal: true))
    },
  ]

  @Test(arguments: corruptions)
  func aCorruptedPlanIsCaught(_ corruption: Corruption) throws {
    let (clean, inventory, requests) = try TestPlans.datacenter()
    var plan = clean
    corruption.change(&plan)
    if corruption.recount { plan = plan.recounted(inventory: inventory, requests: requests) }
    let violations = PlanChecker.check(plan, inventory: inventory, requests: requests)
    #expect(violations.map(\.kind) == corruption.kinds, "\(violations)")
    // Given the batch's validation (as `patchbay allocate` does), it finds exactly the same.
    let validation = BatchValidator(inventory: inventory).validate(requests)
    #expect(
      PlanChecker.check(plan, inventory: inventory, requests: requests, validation: validation)
        == violations)
    guard let first = violations.first else { return }
    #expect(first.request?.rawValue == corruption.request)
    for word in corruption.mentions {
      #expect(first.message.contains(word), "\"\(first.message)\" lacks \"\(word)\"")
    }
    #expect(first.message.first?.isLetter == true)
  }

  @Test func everyKindIsCoveredByACorruption() {
    let covered = Set(Self.corruptions.flatMap(\.kinds))
    let missing = PlanViolation.Kind.allCases.filter { !covered.contains($0) }
    #expect(missing == [])
  }

  @Test func severalViolationsAreAllReportedInAFixedOrder() throws {
    let (clean, inventory, requests) = try TestPlans.datacenter()
    var plan = clean
    Self.move("req-0006", in: &plan, to: "hz-yh-b-asw-01", port: "1/1/3")
    Self.move("req-0002", in: &plan, to: "hz-yh-b-asw-01", port: "1/1/10")
    plan.unplaced.removeAll { $0.request == "req-0009" }
    plan.summary.placed = 0
    let violations = PlanChecker.check(plan, inventory: inventory, requests: requests)
    #expect(
      violations.map(\.kind) == [
        .requestMissing, .portGivenTwice, .portOccupied, .redundantOnSameDevice,
        .summaryMismatch, .summaryMismatch,
      ])
    #expect(PlanChecker.check(plan, inventory: inventory, requests: requests) == violations)
  }

  /// Random small data centres: a plan by a plain greedy passes; giving one of its ports to a
  /// live connection's port, or to another assignment, is caught.
  @Test func greedyPlansOnRandomDataCentresPassAndCorruptionsAreCaught() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      let centre = RandomDataCentre(seed: UInt64(seed))
      guard let files = try? centre.files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      let plan = TestPlans.greedy(inventory: inventory, requests: batch)
      let clean = PlanChecker.check(plan, inventory: inventory, requests: batch)
      #expect(clean == [], "seed \(seed)")
      guard let first = plan.assignments.first else { return }
      if let live = inventory.connections.first(where: {
        $0.status.holdsPort && $0.device != nil && $0.accessPoint == first.accessPoint
      }) {
        var occupied = plan
        occupied.assignments[0].device = live.device!
        occupied.assignments[0].port = live.port!
        let kinds = PlanChecker.check(occupied, inventory: inventory, requests: batch).map(\.kind)
        #expect(kinds.contains(.portOccupied), "seed \(seed): \(kinds)")
      }
      if plan.assignments.count >= 2 {
        var twice = plan
        twice.assignments[1].device = first.device
        twice.assignments[1].port = first.port
        let kinds = PlanChecker.check(twice, inventory: inventory, requests: batch).map(\.kind)
        #expect(kinds.contains(.portGivenTwice), "seed \(seed): \(kinds)")
      }
      var missing = plan
      missing.assignments.removeFirst()
      let kinds = PlanChecker.check(missing, inventory: inventory, requests: batch).map(\.kind)
      #expect(kinds.contains(.requestMissing), "seed \(seed): \(kinds)")
    }
  }
}
