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

  @Test func provisioningExample() throws {
    let inventory = try Fixtures.datacenterInventory
    let request = Request(
      id: "req-0001", account: "1003", region: "cn-hangzhou", accessPoint: "ap-cn-hangzhou-yh-B",
      lineOperator: "CT", portSpec: "10G", portType: "10GBase-LR")
    let approvedToday = [
      Request(
        id: "req-0002", account: "1003", region: "cn-hangzhou",
        accessPoint: "ap-cn-hangzhou-yh-B", lineOperator: "CT", portSpec: "10G",
        portType: "10GBase-LR", redundantConnection: "req-0001")
    ]

    var live = LiveInventory(inventory)
    switch live.place(request) {
    case .placed(let assignment):
      print(assignment.device, assignment.port)
    case .rejected(let rejection):
      print(rejection.code.rawValue, rejection.message)
    case .unplaced(let unplacement):
      print(unplacement.code.rawValue, unplacement.message)
    }
    let plan = live.place(batch: approvedToday)
    try live.release("req-0001")
    try live.release("pc-hz-0001", as: .terminated)

    #expect(plan.summary.placed == 1)
    #expect(live.inventory.connection("req-0001")?.status == .canceled)
  }
}
