import Benchmark
import BenchmarkInputs
import Patchbay
import PatchbaySynthetic

// The provisioning path: one request placed on a loaded inventory of 999,000 ports (about half
// held by live connections), then released (Canceled), as the provisioning service does when an
// LOA is approved and the interface is later canceled. DESIGN.md's goal: p99 under 10 µs, and no
// allocation on the hot path: the malloc count of each iteration is reported. The harness itself
// makes 16 mallocs an iteration (the control benchmark, "nothing"), so
// `Thresholds/Provisioning.place (999k ports).p90.json` holds `place` to 16 at p90, none of its
// own (a place that grows the inventory's connection array or index allocates, a few in ten
// thousand), checked by `swift package --package-path Benchmarks benchmark thresholds check
// --target Provisioning --filter 'place.*' --path Benchmarks/Thresholds` (BENCHMARKS.md).

/// The live inventory and the requests to place, one per iteration. Each request has an id of
/// its own (`prov-N`): a placed request becomes a connection with its id, and a released one
/// stays in the inventory as Canceled, so an id is never used twice.
final class ProvisioningState: @unchecked Sendable {
  var live: LiveInventory
  let requests: [Request]
  var next = 0

  init(count: Int) {
    let centre = SyntheticDataCentre(settings: BenchmarkInputs.provisioningSettings, seed: 1)
    // Requests that are valid on their own: single requests, some backing up a live connection
    // (then the device of that connection is ruled out), none naming another request.
    let valid = BatchValidator(inventory: centre.inventory).validate(centre.requests).accepted
      .filter { if case .request = $0.partner { false } else { true } }
      .map { centre.requests[$0.batchIndex] }
    precondition(!valid.isEmpty, "the provisioning batch has no valid single request")
    requests = (0..<count).map { index in
      var request = valid[index % valid.count]
      request.id = RequestID("prov-\(index)")
      return request
    }
    live = LiveInventory(centre.inventory)
  }

  /// The next request, placed; `nil` (and the benchmark failed) if it was not placed.
  func placeNext(_ benchmark: Benchmark) -> ConnectionID? {
    let request = requests[next % requests.count]
    next += 1
    guard case .placed = live.place(request) else {
      benchmark.error("\(request.id) was not placed; the benchmark measures placements only")
      return nil
    }
    return ConnectionID(request.id.rawValue)
  }

  func release(_ id: ConnectionID, _ benchmark: Benchmark) {
    do {
      try live.release(id)
    } catch {
      benchmark.error("release \(id): \(error)")
    }
  }
}

let benchmarks: @Sendable () -> Void = {
  let iterations = 10_000
  // CPU time is sampled in 10 ms steps: no use at this scale.
  var configuration = Benchmark.Configuration.patchbay(
    maxIterations: iterations, maxDuration: .seconds(10), warmupIterations: 10,
    timeUnits: .microseconds, extraMetrics: [.mallocCountTotal])
  configuration.metrics.removeAll { $0 == .cpuTotal }
  // Against the committed p90 thresholds, not a baseline: not one malloc more is allowed.
  configuration.thresholds = [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0])]
  Benchmark.defaultConfiguration = configuration

  // The control for the malloc counts: what the harness itself allocates in an iteration
  // (sampling, bookkeeping), to subtract from the others.
  Benchmark("nothing (the harness alone)") { _ in
    blackHole(0)
  }

  Benchmark("place + release (999k ports)") { benchmark, state in
    if let id = state.placeNext(benchmark) { state.release(id, benchmark) }
  } setup: {
    ProvisioningState(count: iterations + 10)
  }

  Benchmark("place (999k ports)") { benchmark, state in
    let id = state.placeNext(benchmark)
    benchmark.stopMeasurement()
    if let id { state.release(id, benchmark) }
  } setup: {
    ProvisioningState(count: iterations + 10)
  }

  // The batch validator given a batch of one request, on the same inventory: what `place` used to
  // validate with (it now takes the batch's checks for a batch of one, `validate(only:)`, which is
  // internal); the malloc count shows what the batch's tables cost for one request.
  Benchmark("validate one request (999k ports)") { _, state in
    let request = state.requests[state.next % state.requests.count]
    state.next += 1
    blackHole(BatchValidator(inventory: state.live.inventory).validate([request]))
  } setup: {
    ProvisioningState(count: iterations + 10)
  }
}
