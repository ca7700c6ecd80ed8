import PatchbaySynthetic
import Testing

@testable import Patchbay

/// The drain planner against brute force on small random access points: the same optimum
/// (moved connections per priority, highest first, then the fewest port changes), every plan
/// accepted by the checker, and the greedy and the exact model agreeing.
@Suite struct DrainPropertyTests {
  static let seeds = Array(UInt64(0)..<UInt64(300))

  @Test(arguments: seeds)
  func plannerFindsTheBruteForceOptimum(seed: UInt64) throws {
    let centre = try DrainDataCentre(seed: seed)
    let plan = try DrainPlanner.plan(
      inventory: centre.inventory, devices: centre.drained, priorities: centre.priorities)
    let violations = DrainChecker.check(plan, inventory: centre.inventory, devices: centre.drained)
    #expect(violations.isEmpty, "seed \(seed): \(violations)")
    #expect(plan.optimal)
    guard
      let best = BruteForceDrain.best(
        inventory: centre.inventory, drained: centre.drained, priorities: centre.priorities)
    else { return }
    let score = BruteForceDrain.score(
      plan, inventory: centre.inventory, drained: centre.drained, priorities: centre.priorities)
    #expect(score == best, "seed \(seed): planner \(score), brute force \(best)")
  }

  @Test(arguments: seeds)
  func greedyAndExactAgree(seed: UInt64) throws {
    let centre = try DrainDataCentre(seed: seed)
    let automatic = try DrainPlanner.plan(
      inventory: centre.inventory, devices: centre.drained, priorities: centre.priorities)
    let exact = try DrainPlanner.plan(
      inventory: centre.inventory, devices: centre.drained, priorities: centre.priorities,
      timeLimit: .seconds(60), exactOnly: true)
    #expect(DrainChecker.check(exact, inventory: centre.inventory, devices: centre.drained) == [])
    let scores = [automatic, exact].map {
      BruteForceDrain.score(
        $0, inventory: centre.inventory, drained: centre.drained, priorities: centre.priorities)
    }
    #expect(scores[0] == scores[1], "seed \(seed): automatic \(scores[0]), exact \(scores[1])")
    #expect(automatic.summary.toMove == exact.summary.toMove)
  }

  /// Larger access points than brute force can try (the `tight` preset: three devices of 72
  /// ports, multi-type cages, pairs, 60% full), one and two devices drained at each, with
  /// priorities: the planner as it runs and the exact model alone reach the same optimum, and
  /// the checker accepts both.
  @Test(arguments: [UInt64(1), 2])
  func greedyAndExactAgreeOnTight(seed: UInt64) throws {
    let inventory = SyntheticDataCentre(settings: .preset(.tight), seed: seed).inventory
    var priorities: [ConnectionID: Int] = [:]
    for (index, connection) in inventory.connections.enumerated() {
      priorities[connection.id] = index % 3
    }
    for accessPoint in inventory.accessPoints {
      let devices = inventory.devices(of: accessPoint.id).map(\.id)
      for drained in [Array(devices.prefix(1)), Array(devices.suffix(2))] where !drained.isEmpty {
        let automatic = try DrainPlanner.plan(
          inventory: inventory, devices: drained, priorities: priorities)
        let exact = try DrainPlanner.plan(
          inventory: inventory, devices: drained, priorities: priorities,
          timeLimit: .seconds(60), exactOnly: true)
        for plan in [automatic, exact] {
          #expect(DrainChecker.check(plan, inventory: inventory, devices: drained) == [])
          #expect(plan.optimal)
        }
        let scores = [automatic, exact].map {
          BruteForceDrain.score(
            $0, inventory: inventory, drained: drained, priorities: priorities)
        }
        #expect(scores[0] == scores[1], "\(drained): automatic \(scores[0]), exact \(scores[1])")
      }
    }
  }

  /// The brute force is not vacuous: most seeds are small enough to enumerate, and among them
  /// are drains that need the exact model (room made by moving a connection of another device).
  @Test func theRandomCentresExerciseBothPaths() throws {
    var enumerated = 0
    var roomMade = 0
    var stranded = 0
    for seed in Self.seeds {
      let centre = try DrainDataCentre(seed: seed)
      if BruteForceDrain.best(
        inventory: centre.inventory, drained: centre.drained, priorities: centre.priorities)
        != nil
      {
        enumerated += 1
      }
      let plan = try DrainPlanner.plan(
        inventory: centre.inventory, devices: centre.drained, priorities: centre.priorities)
      if plan.summary.portChanges > plan.summary.moved { roomMade += 1 }
      if plan.summary.stranded > 0 { stranded += 1 }
    }
    #expect(enumerated >= Self.seeds.count * 9 / 10)
    #expect(roomMade >= 3, "\(roomMade) drains made room")
    #expect(stranded >= 20, "\(stranded) drains stranded some")
  }
}
