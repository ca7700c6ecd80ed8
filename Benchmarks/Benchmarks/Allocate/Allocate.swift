import Benchmark
import BenchmarkInputs
import FirstFitBaseline
@_spi(Tooling) import Patchbay
import PatchbaySynthetic

// Allocating a validated batch (`Allocator.allocate(validated:)`: subproblems, greedy, GLPK where
// the greedy leaves requests out, expansion to ports, reasons for the unplaced), per preset, on
// as many threads as there are cores, as `patchbay allocate` does. Validation is done in setup.
// "Requests placed" is the plan's count; the first-fit baseline is measured the same way.

/// A preset's inventory and its validated batch.
struct ValidatedBatch: @unchecked Sendable {
  let inventory: Inventory
  let validation: ValidationResult

  init(_ preset: GeneratorSettings.Preset) {
    let centre = BenchmarkInputs.centre(preset)
    inventory = centre.inventory
    validation = BatchValidator(inventory: centre.inventory).validate(centre.requests)
  }
}

let benchmarks: @Sendable () -> Void = {
  // Each benchmark below sets its own iterations; this is the default for any new one.
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 10)

  let sizes: [(GeneratorSettings.Preset, Benchmark.Configuration)] = [
    (.small, .patchbay(maxIterations: 500, maxDuration: .seconds(5), extraMetrics: [.placed])),
    (.medium, .patchbay(maxIterations: 100, maxDuration: .seconds(5), extraMetrics: [.placed])),
    (.large, .patchbay(maxIterations: 10, extraMetrics: [.placed])),
    (.tight, .patchbay(maxIterations: 100, maxDuration: .seconds(5), extraMetrics: [.placed])),
    (
      .huge,
      .patchbay(
        maxIterations: 2, maxDuration: .seconds(120), warmupIterations: 0,
        extraMetrics: [.placed])
    ),
  ]
  for (preset, configuration) in sizes {
    Benchmark("allocate \(preset.rawValue)", configuration: configuration) { benchmark, batch in
      let result = Allocator(inventory: batch.inventory).allocate(validated: batch.validation)
      benchmark.measurement(.placed, result.plan.summary.placed)
      if !result.solverErrors.isEmpty { benchmark.error("\(result.solverErrors)") }
    } setup: {
      ValidatedBatch(preset)
    }
  }

  for preset in [GeneratorSettings.Preset.large, .tight] {
    Benchmark(
      "first fit \(preset.rawValue) (baseline)",
      configuration: .patchbay(maxIterations: 20, maxDuration: .seconds(5), extraMetrics: [.placed])
    ) { benchmark, batch in
      let plan = FirstFit.plan(inventory: batch.inventory, validation: batch.validation)
      benchmark.measurement(.placed, plan.summary.placed)
    } setup: {
      ValidatedBatch(preset)
    }
  }
}
