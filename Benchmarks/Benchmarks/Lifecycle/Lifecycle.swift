import Benchmark
import BenchmarkInputs
import Foundation
import Patchbay

// The lifecycle on both stores, side by side, as `patchbay interface` and the provisioning
// service run it: every transition is one write transaction. SQLite commits to a file in the
// temporary folder; PostgreSQL to the server `PATCHBAY_BENCH_POSTGRES_URL` names, or to a
// throwaway cluster this process starts (fsync off: CPU and protocol, not disk). Each
// benchmark runs in a process of its own and removes its databases when it ends.

extension BenchmarkMetric {
  static let approved = BenchmarkMetric.custom(
    "Interfaces approved", polarity: .prefersLarger, useScalingFactor: false)
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 10)

  for backend in Backend.allCases {
    Benchmark(
      "lifecycle: 6 transitions (medium, \(backend.rawValue))",
      configuration: .patchbay(
        maxIterations: 2_000, maxDuration: .seconds(20), warmupIterations: 10,
        timeUnits: .microseconds)
    ) { _, state in
      try await state.walkNext()
    } setup: {
      try await LifecycleState(backend)
    } teardown: {
      await removeDatabases()
    }
  }

  for backend in Backend.allCases {
    Benchmark(
      "approve --all (large, \(backend.rawValue))",
      configuration: .patchbay(
        maxIterations: 3, maxDuration: .seconds(60), warmupIterations: 0,
        extraMetrics: [.approved])
    ) { benchmark, state in
      let provisioner = try await state.freshCopy()
      benchmark.startMeasurement()
      let batch = try await provisioner.approveAll()
      benchmark.stopMeasurement()
      benchmark.measurement(.approved, batch.approved.count)
      await state.removeLastCopy()
    } setup: {
      try await BatchApprovalState(backend)
    } teardown: {
      await removeDatabases()
    }
  }

  for backend in Backend.allCases {
    for spread in Spread.allCases {
      for clients in [1, 4, 16] {
        Benchmark(
          "approvals: \(clients) clients, \(spread.rawValue) (medium, \(backend.rawValue))",
          configuration: .patchbay(
            maxIterations: ConcurrentApprovalState.iterations - 1, maxDuration: .seconds(30),
            warmupIterations: 1, extraMetrics: [.approvalsPerSecond, .approvalLatency])
        ) { benchmark, state in
          benchmark.startMeasurement()
          let started = ContinuousClock.now
          let latencies = try await state.approveRound()
          let elapsed = ContinuousClock.now - started
          benchmark.stopMeasurement()
          benchmark.measurement(
            .approvalsPerSecond, Int(Double(latencies.count) / (elapsed / .seconds(1))))
          for latency in latencies { benchmark.measurement(.approvalLatency, latency) }
          try await state.cancelLastRound()
        } setup: {
          try await ConcurrentApprovalState(backend, clients: clients, spread: spread)
        } teardown: {
          await removeDatabases()
        }
      }
    }
  }
}
