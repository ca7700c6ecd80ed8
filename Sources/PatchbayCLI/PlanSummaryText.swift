import Patchbay

/// The summary of a plan for people, on standard error.
enum PlanSummaryText {
  static func render(_ plan: Plan, timer: PhaseTimer) -> String {
    let summary = plan.summary
    var lines = [
      "patchbay allocate: \(summary.requests) requests: \(summary.placed) placed, "
        + "\(summary.rejected) rejected, \(summary.unplaced) unplaced; "
        + (summary.optimal ? "every access point proven optimal" : "NOT proven optimal everywhere")
        + "; \(timer.summary)"
    ]
    let shown =
      plan.accessPoints.count <= 20
      ? plan.accessPoints
      : plan.accessPoints.filter {
        !$0.optimal || $0.placed < $0.requests
      }
    let width = shown.map(\.id.rawValue.count).max() ?? 0
    for outcome in shown.prefix(40) {
      let name = outcome.id.rawValue
      lines.append(
        "  " + name + String(repeating: " ", count: width - name.count)
          + "  \(outcome.placed)/\(outcome.requests) placed  \(outcome.method.rawValue)  "
          + (outcome.optimal ? "optimal" : "not proven optimal" + gapText(outcome.gap)))
    }
    if shown.count > 40 { lines.append("  ... and \(shown.count - 40) more access points") }
    if shown.count < plan.accessPoints.count {
      lines.append(
        "  (\(plan.accessPoints.count - shown.count) more access points placed everything, "
          + "proven optimal)")
    }
    return lines.joined(separator: "\n")
  }

  private static func gapText(_ gap: OptimalityGap?) -> String {
    guard let gap else { return "" }
    return " (priority \(gap.priority): \(gap.placed) placed, at most \(gap.atMost) possible)"
  }
}
