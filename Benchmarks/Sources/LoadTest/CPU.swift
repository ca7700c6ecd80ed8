import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The processes whose CPU time a phase measures: the server instances, PostgreSQL (the
/// postmaster and its backends, when this process started the cluster), this load client, and
/// the whole machine (/proc/stat), whose remainder is what else ran (compilers, other tests).
struct MeasuredProcesses: Sendable {
  let servers: [pid_t]
  let postmaster: pid_t?

  struct Sample: Sendable {
    var servers: Double
    var postgres: Double?
    var client: Double
    /// Busy CPU seconds of all cores since boot.
    var machine: Double?

    /// CPU used between `earlier` and this sample.
    func since(_ earlier: Sample) -> CPUSpan {
      CPUSpan(
        servers: servers - earlier.servers,
        postgres: postgres.flatMap { now in earlier.postgres.map { now - $0 } },
        client: client - earlier.client,
        machine: machine.flatMap { now in earlier.machine.map { now - $0 } })
    }
  }

  func sample() -> Sample {
    Sample(
      servers: servers.compactMap(Processes.cpuSeconds).reduce(0, +),
      postgres: postmaster.flatMap(Processes.cpuSecondsWithChildren),
      client: Processes.cpuSeconds(getpid()) ?? 0,
      machine: Self.machineBusySeconds())
  }

  /// All cores' busy time from /proc/stat's `cpu` line: everything but idle and iowait.
  private static func machineBusySeconds() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
      let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
    else { return nil }
    let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard numbers.count >= 5 else { return nil }
    // user nice system idle iowait irq softirq steal (guest is inside user already).
    let busy = numbers.prefix(8).enumerated().filter { $0.offset != 3 && $0.offset != 4 }
      .map(\.element).reduce(0, +)
    return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
  }
}

/// CPU seconds a phase used, by process.
struct CPUSpan: Sendable {
  var servers = 0.0
  var postgres: Double?
  var client = 0.0
  var machine: Double?

  /// What ran beside the test: the machine's busy time less the test's processes.
  var others: Double? {
    machine.map { max(0, $0 - servers - (postgres ?? 0) - client) }
  }
}
