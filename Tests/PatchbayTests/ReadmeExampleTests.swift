import Patchbay
import Testing

/// The README's library examples, as written there, so that they keep compiling and working.
@Suite struct ReadmeExampleTests {
  @Test func validationExample() throws {
    // The README's relative paths, made absolute: tests run in parallel, so no chdir.
    let inventory = try InventoryDecoder.read(path: Fixtures.path("datacenter/inventory.json"))
    let batch = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.csv"))
    let result = BatchValidator(inventory: inventory).validate(batch)
    for rejection in result.rejections {
      print(rejection.request, rejection.code.rawValue, rejection.message)
    }
    #expect(result.rejections.count == 8)

    let allocation = Allocator(inventory: inventory, options: AllocationOptions(threads: 2))
      .allocate(batch)
    let plan = allocation.plan
    #expect(plan.summary.placed == 33)
  }

  /// The README's service example: an inventory built in code, shared in an actor.
  @Test func serviceExample() async throws {
    let inventory = try Inventory(
      regions: [Region(id: "cn-hangzhou")],
      accessPoints: [
        AccessPoint(
          id: "ap-hz-1", region: "cn-hangzhou", lineOperators: [.chinaTelecom],
          portTypes: PortTypeSet(types: [.base10GLR]))
      ],
      devices: [
        Device(
          id: "hz-asw-01", accessPoint: "ap-hz-1",
          ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))]),
        Device(
          id: "hz-asw-02", accessPoint: "ap-hz-1",
          ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))]),
      ],
      highSpeedWhitelist: ["1001"])
    let request = Request(
      id: "req-0001", account: "1003", region: "cn-hangzhou", accessPoint: "ap-hz-1",
      lineOperator: "CT", portSpec: "10G", portType: "10GBase-LR")

    let capacity = Capacity(inventory)
    switch await capacity.place(request) {
    case .placed(let assignment):
      print(assignment.device, assignment.port)
    case .rejected(let rejection):
      print(rejection.code.rawValue, rejection.message)
    case .unplaced(let unplacement):
      print(unplacement.code.rawValue, unplacement.message)
    }
    try await capacity.release("req-0001")

    // Many tasks at once, two ports: two placed, on different ports, never one twice.
    let outcomes = await withTaskGroup(of: LiveInventory.Outcome.self) { group in
      for index in 0..<8 {
        group.addTask {
          await capacity.place(
            Request(
              id: RequestID("t\(index)"), account: "1003", region: "cn-hangzhou",
              accessPoint: "ap-hz-1", lineOperator: "CT", portSpec: "10G",
              portType: "10GBase-LR"))
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    let placed = outcomes.compactMap { outcome -> String? in
      guard case .placed(let assignment) = outcome else { return nil }
      return "\(assignment.device) \(assignment.port)"
    }
    #expect(placed.count == 2 && Set(placed).count == 2)
    #expect(await capacity.place(batch: []).summary.requests == 0)
  }

  /// The README's service example refuses a contradiction with its place.
  @Test func anInventoryBuiltInCodeIsChecked() {
    #expect {
      _ = try Inventory(
        regions: [Region(id: "cn-hangzhou")], accessPoints: [],
        devices: [Device(id: "hz-asw-01", accessPoint: "ap-hz-1", ports: [])])
    } throws: { error in
      "\(error)" == "devices[0].accessPoint: unknown access point \"ap-hz-1\"; add it to the "
        + "access points or fix the id"
    }
  }
}

/// The README's actor, as written there.
actor Capacity {
  private var live: LiveInventory
  init(_ inventory: Inventory) { live = LiveInventory(inventory) }

  func place(_ request: Request) -> LiveInventory.Outcome { live.place(request) }
  func release(_ id: ConnectionID) throws { try live.release(id) }
  func place(batch: [Request]) -> Plan { live.place(batch: batch) }
}
