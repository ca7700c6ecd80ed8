import Benchmark
import BenchmarkInputs
import Patchbay
import PatchbaySynthetic

// Validating a batch against the inventory (every rejection rule, redundancy groups, the pending
// limit), and the plan checker that `patchbay allocate` and `patchbay verify` run on a plan.
/// A batch and the allocator's plan for it.
struct PlannedBatch {
  let centre: SyntheticDataCentre
  let plan: Plan
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 20)

  Benchmark("validate large") { _, centre in
    blackHole(BatchValidator(inventory: centre.inventory).validate(centre.requests))
  } setup: {
    BenchmarkInputs.centre(.large)
  }

  Benchmark("check plan large") { (benchmark, input: PlannedBatch) in
    let violations = PlanChecker.check(
      input.plan, inventory: input.centre.inventory, requests: input.centre.requests)
    if !violations.isEmpty { benchmark.error("the plan breaks a guarantee: \(violations[0])") }
  } setup: {
    let centre = BenchmarkInputs.centre(.large)
    return PlannedBatch(
      centre: centre, plan: Allocator(inventory: centre.inventory).allocate(centre.requests).plan)
  }

  Benchmark("encode plan large") { _, plan in
    blackHole(plan.jsonBytes)
  } setup: {
    let centre = BenchmarkInputs.centre(.large)
    return Allocator(inventory: centre.inventory).allocate(centre.requests).plan
  }
}
