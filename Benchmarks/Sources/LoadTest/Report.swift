import Foundation

/// The test's tables, in Markdown on standard output: the throughput and latency of each
/// client count, then the CPU time each request cost, by process.
enum Report {
  struct Row: Sendable {
    let backend: String
    let instances: Int
    let clients: Int
    let approvals: PhaseResult
    let reads: PhaseResult
  }

  static func print(_ rows: [Row], header: Bool, setup: Setup) {
    var lines: [String] = []
    if header {
      lines += [
        "| backend | instances | clients | approvals/s | p50 ms | p99 ms | max ms | GET/s "
          + "| GET p50 ms | GET p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
      ]
    }
    for row in rows {
      let errors = [("approve", row.approvals), ("GET", row.reads)]
        .filter { $0.1.errorCount > 0 }
        .map { "\($0.0): \($0.1.errorSummary)" }
      lines.append(
        "| \(row.backend) | \(row.instances) | \(row.clients) "
          + "| \(whole(row.approvals.perSecond)) | \(ms(row.approvals.percentile(0.5))) "
          + "| \(ms(row.approvals.percentile(0.99))) | \(ms(row.approvals.latencies.last)) "
          + "| \(whole(row.reads.perSecond)) | \(ms(row.reads.percentile(0.5))) "
          + "| \(ms(row.reads.percentile(0.99))) "
          + "| \(errors.isEmpty ? "none" : errors.joined(separator: "; ")) |")
    }
    lines.append("")
    if header {
      lines += [
        "| backend | instances | clients | CPU ms per approval: servers / PostgreSQL / client "
          + "/ other | per GET: servers / PostgreSQL / client / other | machine busy "
          + "(approvals, GETs) | mean ms, client / server: approval, GET "
          + "| database retries, busy |",
        "|---|---|---|---|---|---|---|---|",
      ]
    }
    for row in rows {
      lines.append(
        "| \(row.backend) | \(row.instances) | \(row.clients) | \(cpu(row.approvals)) "
          + "| \(cpu(row.reads)) | \(busy(row.approvals)), \(busy(row.reads)) "
          + "| \(ms(row.approvals.clientMean)) / \(ms(row.approvals.serverMean)), "
          + "\(ms(row.reads.clientMean)) / \(ms(row.reads.serverMean)) "
          + "| \(row.approvals.retries.map(String.init) ?? "-"), "
          + "\(row.approvals.busy.map(String.init) ?? "-") |")
    }
    Swift.print(lines.joined(separator: "\n"))
    progress(
      "(\(setup.ports) ports at \(setup.accessPoints) access points, "
        + "\(setup.interfaces.count) interfaces brought into application)")
  }

  static func progressLine(_ kind: Phase.Kind, clients: Int, _ result: PhaseResult) -> String {
    "\(clients) clients: \(result.succeeded) \(kind.rawValue) in "
      + "\(String(format: "%.2f", result.seconds)) s, \(whole(result.perSecond))/s, "
      + "p50 \(ms(result.percentile(0.5))) ms, p99 \(ms(result.percentile(0.99))) ms, "
      + "errors: \(result.errorSummary)"
  }

  /// Milliseconds of CPU per successful request, by process.
  private static func cpu(_ result: PhaseResult) -> String {
    guard result.succeeded > 0 else { return "-" }
    let count = Double(result.succeeded)
    func each(_ seconds: Double?) -> String {
      seconds.map { String(format: "%.2f", $0 * 1000 / count) } ?? "n/a"
    }
    return [result.cpu.servers, result.cpu.postgres, result.cpu.client, result.cpu.others]
      .map(each).joined(separator: " / ")
  }

  /// The machine's busy share over the phase (100% is every core).
  private static func busy(_ result: PhaseResult) -> String {
    guard let machine = result.cpu.machine, result.seconds > 0 else { return "-" }
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    return "\(Int((machine / (cores * result.seconds) * 100).rounded()))%"
  }

  private static func whole(_ value: Double) -> String {
    value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
  }

  private static func ms(_ value: Double?) -> String {
    guard let value else { return "-" }
    return value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
  }
}
