import Benchmark
import BenchmarkInputs
import Patchbay

// The whole of `patchbay allocate` but for reading and writing the files: decode inventory.json
// and requests.json (held in memory since setup), validate, allocate on every core, check the
// plan with PlanChecker, encode plan.json. DESIGN.md's goals: large under 1.5 s, huge under
// 15 s and 4 GiB.
let benchmarks: @Sendable () -> Void = {
  // Each benchmark below sets its own iterations; this is the default for any new one.
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 10)

  Benchmark(
    "pipeline large",
    configuration: .patchbay(maxIterations: 10, maxDuration: .seconds(30), extraMetrics: [.placed])
  ) { benchmark, files in
    do {
      let outcome = try AllocatePipeline.run(files)
      benchmark.measurement(.placed, outcome.plan.summary.placed)
      blackHole(outcome.planBytes)
    } catch {
      benchmark.error("\(error)")
    }
  } setup: {
    BenchmarkInputs.files(.large)
  }

  Benchmark(
    "pipeline huge",
    configuration: .patchbay(
      maxIterations: 1, maxDuration: .seconds(120), warmupIterations: 0,
      extraMetrics: [.placed])
  ) { benchmark, files in
    do {
      let outcome = try AllocatePipeline.run(files)
      benchmark.measurement(.placed, outcome.plan.summary.placed)
      blackHole(outcome.planBytes)
    } catch {
      benchmark.error("\(error)")
    }
  } setup: {
    BenchmarkInputs.files(.huge)
  }
}
