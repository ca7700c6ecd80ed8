import FirstFitBaseline
import Foundation
import Patchbay
import PatchbaySynthetic
import Testing

/// The repository's root, found from this file (Benchmarks/Tests/FirstFitTests/).
private let root = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// Placed requests per priority, highest priority first: the allocator's objective.
private func placedByPriority(_ plan: Plan, priorities: Int) -> [Int] {
  stride(from: priorities - 1, through: 0, by: -1).map { priority in
    plan.assignments.count { $0.priority == priority }
  }
}

@Suite struct FirstFitTests {
  @Test func fixturePlanPassesTheChecker() throws {
    let inventory = try InventoryDecoder.read(
      path: root.appendingPathComponent("fixtures/datacenter/inventory.json").path)
    let requests = try RequestsDecoder.read(
      path: root.appendingPathComponent("fixtures/datacenter/requests.json").path)
    let plan = FirstFit.plan(inventory: inventory, requests: requests)
    #expect(PlanChecker.check(plan, inventory: inventory, requests: requests).isEmpty)
    #expect(plan.summary.requests == requests.count)
    #expect(plan.summary.placed + plan.summary.rejected + plan.summary.unplaced == requests.count)
  }

  @Test(arguments: [
    (GeneratorSettings.Preset.small, UInt64(1)), (.small, 2), (.small, 3), (.tight, 1), (.tight, 2),
    (.tight, 3),
  ])
  func syntheticPlansPassTheCheckerAndNeverBeatTheAllocator(
    preset: GeneratorSettings.Preset, seed: UInt64
  ) {
    let centre = SyntheticDataCentre(settings: .preset(preset), seed: seed)
    let plan = FirstFit.plan(inventory: centre.inventory, requests: centre.requests)
    let violations = PlanChecker.check(plan, inventory: centre.inventory, requests: centre.requests)
    #expect(violations.isEmpty, "\(violations.prefix(3))")
    let optimal = Allocator(inventory: centre.inventory).allocate(centre.requests).plan
    // The allocator's plan is proven optimal, priority by priority, so first fit's counts are
    // never lexicographically above it.
    #expect(optimal.summary.optimal)
    let priorities = GeneratorSettings.preset(preset).priorities
    #expect(
      !placedByPriority(optimal, priorities: priorities).lexicographicallyPrecedes(
        placedByPriority(plan, priorities: priorities)))
  }

  @Test func sameInputSamePlan() {
    let centre = SyntheticDataCentre(settings: .preset(.tight), seed: 7)
    #expect(
      FirstFit.plan(inventory: centre.inventory, requests: centre.requests).jsonBytes
        == FirstFit.plan(inventory: centre.inventory, requests: centre.requests).jsonBytes)
  }

  /// Two devices with one port each. A single request comes first and takes the first device;
  /// the pair after it then cannot be split over two devices, so first fit gives the pair's
  /// first member's port back and places one request, where two could be placed.
  @Test func noLookAheadAndGroupsAllOrNothing() throws {
    let inventory = try InventoryDecoder.decode(
      Array(
        """
        {
          "regions": [{ "id": "r1" }],
          "accessPoints": [{ "id": "ap1", "region": "r1", "status": "recommended",
            "lineOperators": ["CT"], "portTypes": ["10GBase-LR"] }],
          "devices": [
            { "id": "d1", "accessPoint": "ap1", "ports": [{ "name": "p1", "portTypes": ["10GBase-LR"] }] },
            { "id": "d2", "accessPoint": "ap1", "ports": [{ "name": "p1", "portTypes": ["10GBase-LR"] }] }
          ],
          "connections": [],
          "highSpeedWhitelist": [],
          "policy": {}
        }
        """.utf8), file: "inventory.json")
    func request(_ id: String, backs partner: String? = nil) -> Request {
      Request(
        id: RequestID(id), account: "1", region: "r1", accessPoint: "ap1", lineOperator: "CT",
        portSpec: "10G", portType: "10GBase-LR", redundantConnection: partner)
    }
    let requests = [request("single"), request("a"), request("b", backs: "a")]
    let plan = FirstFit.plan(inventory: inventory, requests: requests)
    #expect(PlanChecker.check(plan, inventory: inventory, requests: requests).isEmpty)
    #expect(plan.assignments.map(\.request) == ["single"])
    #expect(plan.assignments.map(\.device) == ["d1"])
    #expect(plan.unplaced.map(\.request) == ["a", "b"])
    #expect(plan.unplaced.map(\.code) == [.partnerUnplaced, .capacityContention])
    #expect(plan.accessPoints.map(\.optimal) == [false])
    let optimal = Allocator(inventory: inventory).allocate(requests).plan
    #expect(optimal.summary.placed == 2)
  }
}
