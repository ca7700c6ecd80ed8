import Benchmark

extension BenchmarkMetric {
  /// Requests placed by the plan (the same in every iteration: plans are deterministic).
  public static let placed = BenchmarkMetric.custom(
    "Requests placed", polarity: .prefersLarger, useScalingFactor: false)
}

extension Benchmark.Configuration {
  /// What every Patchbay benchmark reports: wall clock, CPU time (two threads allocate at once)
  /// and resident memory, as the process's peak during the measured part (it includes the input
  /// held since setup) and as the growth over the start of the measured part.
  public static let patchbayMetrics: [BenchmarkMetric] = [
    .wallClock, .cpuTotal, .peakMemoryResident, .peakMemoryResidentDelta,
  ]

  /// A configuration for one Patchbay benchmark: it stops after `maxIterations` or once
  /// `maxDuration` has passed, whichever comes first (at least one iteration always runs).
  public static func patchbay(
    maxIterations: Int, maxDuration: Duration = .seconds(10), warmupIterations: Int = 1,
    timeUnits: BenchmarkTimeUnits = .milliseconds, extraMetrics: [BenchmarkMetric] = []
  ) -> Benchmark.Configuration {
    Benchmark.Configuration(
      metrics: patchbayMetrics + extraMetrics, timeUnits: timeUnits,
      units: [.peakMemoryResident: .mega, .peakMemoryResidentDelta: .mega],
      warmupIterations: warmupIterations, maxDuration: maxDuration, maxIterations: maxIterations)
  }
}
