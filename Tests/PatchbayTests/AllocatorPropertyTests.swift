import PropertyBased
import Synchronization
import Testing

@_spi(Tooling) @testable import Patchbay

/// The allocator over random small data centres: every plan keeps the guarantees, places as
/// many requests per priority as a brute-force search finds, says so, and is the same bytes for
/// one thread and two.
@Suite struct AllocatorPropertyTests {
  @Test func placesTheBruteForceOptimumAndKeepsTheGuarantees() async {
    let exactRuns = Mutex(0)
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      guard let centre = SmallDataCentre(seed: UInt64(seed)) else {
        Issue.record("seed \(seed): the generated data centre did not decode")
        return
      }
      let validation = BatchValidator(inventory: centre.inventory).validate(centre.requests)
      let plan = Allocator(
        inventory: centre.inventory, options: AllocationOptions(threads: 1)
      ).allocate(validated: validation).plan
      Self.checkGuarantees(plan, centre: centre, validation: validation, seed: seed)
      let violations = PlanChecker.check(
        plan, inventory: centre.inventory, requests: centre.requests)
      #expect(violations.isEmpty, "seed \(seed): \(violations)")

      let reference = BruteForceAllocator(inventory: centre.inventory, validation: validation)
      let levels = Set(validation.accepted.map(\.priority)).sorted(by: >)
      let placed = Set(plan.assignments.map(\.request))
      let counts = levels.map { level in
        validation.accepted.filter { placed.contains($0.id) && $0.priority == level }.count
      }
      #expect(counts == reference.bestCounts(), "seed \(seed)")
      if plan.accessPoints.contains(where: { $0.method == .ilp }) {
        exactRuns.withLock { $0 += 1 }
      }
      #expect(plan.summary.optimal, "seed \(seed)")

      let twoThreads = Allocator(
        inventory: centre.inventory, options: AllocationOptions(threads: 2)
      ).allocate(validated: validation).plan
      #expect(twoThreads.jsonBytes == plan.jsonBytes, "seed \(seed)")
    }
    // The random data centres are tight enough that the exact path is exercised, not only the
    // greedy.
    let exact = exactRuns.withLock { $0 }
    print("exact solver used in \(exact) of 300 data centres")
    #expect(exact >= 30)
  }

  /// Guarantees 1 to 3 and the one-list rule, checked directly on the plan.
  static func checkGuarantees(
    _ plan: Plan, centre: SmallDataCentre, validation: ValidationResult, seed: Int
  ) {
    let inventory = centre.inventory
    let listed =
      plan.assignments.map(\.request) + plan.rejected.map(\.request)
      + plan.unplaced.map(\.request)
    #expect(listed.sorted() == centre.requests.map(\.id).sorted(), "seed \(seed): one list")
    var used = Set<String>()
    let byID = Dictionary(uniqueKeysWithValues: validation.accepted.map { ($0.id, $0) })
    var deviceOf: [RequestID: DeviceID] = [:]
    for assignment in plan.assignments {
      guard let request = byID[assignment.request],
        let device = inventory.device(assignment.device),
        let port = device.ports.first(where: { $0.name == assignment.port })
      else {
        Issue.record("seed \(seed): \(assignment.request) placed on an unknown place")
        continue
      }
      #expect(device.accessPoint == request.accessPoint, "seed \(seed)")
      #expect(port.accepts.contains(request.portType), "seed \(seed)")
      #expect(used.insert("\(device.id) \(port.name)").inserted, "seed \(seed): port twice")
      let held = inventory.connections.contains {
        $0.device == device.id && $0.port == port.name && $0.status.holdsPort
      }
      #expect(!held, "seed \(seed): occupied port given")
      deviceOf[request.id] = device.id
    }
    for request in validation.accepted {
      guard let device = deviceOf[request.id] else { continue }
      switch request.partner {
      case .connection(let id):
        if let connection = inventory.connection(id),
          connection.accessPoint == request.accessPoint
        {
          #expect(connection.device != device, "seed \(seed): \(request.id) on its partner")
        }
      case .request(let id):
        if byID[id]?.accessPoint == request.accessPoint {
          #expect(deviceOf[id] != device, "seed \(seed): \(request.id) with \(id)")
        }
      case nil: break
      }
    }
    for group in validation.groups {
      let placed = group.filter { deviceOf[validation.accepted[$0].id] != nil }.count
      #expect(placed == 0 || placed == group.count, "seed \(seed): half a group")
    }
  }
}
