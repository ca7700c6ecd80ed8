import Benchmark
import BenchmarkInputs
import Patchbay
import PatchbaySynthetic

// Planning the drain of one device (`DrainPlanner.plan`: the access point's site, the greedy,
// GLPK where the greedy leaves a movable connection behind, ports, stranded reasons), and the
// check `patchbay drain` runs before writing, on `large` (DESIGN.md's goal: under 100 ms) and
// `tight`. Reading the inventory is in setup, not measured. "Connections moved" is the plan's.

extension BenchmarkMetric {
  /// Connections moved off the drained device (the same every iteration: plans are
  /// deterministic).
  static let moved = BenchmarkMetric.custom(
    "Connections moved", polarity: .prefersLarger, useScalingFactor: false)
}

/// A preset's inventory and the first device of its first access point.
struct DrainInput: @unchecked Sendable {
  let inventory: Inventory
  let device: DeviceID

  init(_ preset: GeneratorSettings.Preset) {
    inventory = BenchmarkInputs.centre(preset).inventory
    device = inventory.devices[0].id
  }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 50)

  for preset in [GeneratorSettings.Preset.large, .tight] {
    Benchmark(
      "drain \(preset.rawValue) (one device)",
      configuration: .patchbay(
        maxIterations: 50, maxDuration: .seconds(5), extraMetrics: [.moved])
    ) { benchmark, input in
      do {
        let plan = try DrainPlanner.plan(inventory: input.inventory, devices: [input.device])
        benchmark.measurement(.moved, plan.summary.moved)
      } catch {
        benchmark.error("\(error)")
      }
    } setup: {
      DrainInput(preset)
    }

    Benchmark(
      "drain \(preset.rawValue) (one device) and check",
      configuration: .patchbay(maxIterations: 50, maxDuration: .seconds(5))
    ) { benchmark, input in
      do {
        let plan = try DrainPlanner.plan(inventory: input.inventory, devices: [input.device])
        let violations = DrainChecker.check(
          plan, inventory: input.inventory, devices: [input.device])
        if !violations.isEmpty { benchmark.error("\(violations)") }
      } catch {
        benchmark.error("\(error)")
      }
    } setup: {
      DrainInput(preset)
    }
  }
}
