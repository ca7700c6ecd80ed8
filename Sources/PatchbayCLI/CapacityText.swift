import Patchbay

/// The people's form of `patchbay capacity`: a summary, then one block per access point, the
/// most pressed first (full, hot, recommended, disabled; then the larger N+1 shortfall, then the
/// higher utilization), with the figures before a what-if batch beside those after it.
enum CapacityText {
  static func render(_ report: CapacityReport, before: CapacityReport? = nil, batch: Plan? = nil)
    -> String
  {
    var lines: [String] = []
    if let batch {
      let summary = batch.summary
      lines.append(
        "after the batch: \(summary.placed) of \(summary.requests) requests placed, "
          + "\(summary.rejected) rejected, \(summary.unplaced) unplaced (nothing committed)")
    }
    let summary = report.summary
    lines.append(
      "\(summary.accessPoints) access points: \(summary.full) full, \(summary.hot) hot, "
        + "\(summary.recommended) recommended, \(summary.disabled) disabled; "
        + "\(summary.statusChanges) to change status; N+1 shortfall \(summary.nPlusOneShortfall)"
        + (before.map {
          " (before: \($0.summary.full) full, \($0.summary.hot) hot, N+1 "
            + "shortfall \($0.summary.nPlusOneShortfall))"
        } ?? ""))
    lines.append(
      "hot at utilization >= \(JSONDecimal.text(report.thresholds.hotUtilization)) or pair "
        + "headroom < \(report.thresholds.hotPairs) for an offered type; full when no offered "
        + "type has a free port")
    var earlier: [AccessPointID: AccessPointCapacity] = [:]
    for accessPoint in before?.accessPoints ?? [] { earlier[accessPoint.id] = accessPoint }
    for accessPoint in CapacityPressure.sorted(report.accessPoints) {
      lines.append("")
      lines += block(accessPoint, before: earlier[accessPoint.id])
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func block(_ accessPoint: AccessPointCapacity, before: AccessPointCapacity?)
    -> [String]
  {
    func was<T: Equatable>(_ now: T, _ then: T?, _ text: (T) -> String) -> String {
      guard let then, then != now else { return "" }
      return " (before: \(text(then)))"
    }
    let change =
      accessPoint.suggestedStatus == accessPoint.declaredStatus
      ? "" : "  <- mark \(accessPoint.suggestedStatus.rawValue)"
    var lines = [
      "\(accessPoint.id.rawValue.escapingControlCharacters) "
        + "(\(accessPoint.region.rawValue.escapingControlCharacters)): suggested "
        + "\(accessPoint.suggestedStatus.rawValue)"
        + was(accessPoint.suggestedStatus, before?.suggestedStatus) { $0.rawValue }
        + ", declared \(accessPoint.declaredStatus.rawValue)\(change)",
      "  ports: \(held(accessPoint.ports))"
        + was(accessPoint.ports.held, before?.ports.held) { "\($0) held" },
    ]
    if accessPoint.headroom.isEmpty {
      lines.append("  headroom: it offers no port type")
    } else {
      lines.append("  headroom (each type as if all new demand were of it):")
      for entry in accessPoint.headroom {
        let earlier = before?.headroom.first { $0.portType == entry.portType }
        lines.append(
          "    \(entry.portType.rawValue): \(entry.singles) singles, \(entry.pairs) pairs"
            + was([entry.singles, entry.pairs], earlier.map { [$0.singles, $0.pairs] }) {
              "\($0[0]), \($0[1])"
            })
      }
    }
    let nPlusOne = accessPoint.nPlusOne
    let previously = was(nPlusOne.shortfall, before?.nPlusOne.shortfall) { "\($0)" }
    if let worst = nPlusOne.worstDevice,
      let device = accessPoint.devices.first(where: { $0.id == worst })
    {
      lines.append(
        nPlusOne.shortfall == 0
          ? "  N+1: holds: any one device's connections fit on the others\(previously)"
          : "  N+1: shortfall \(nPlusOne.shortfall)\(previously): if "
            + "\(worst.rawValue.escapingControlCharacters) failed, \(nPlusOne.shortfall) of its "
            + "\(device.liveConnections) live connections could not be re-homed")
    } else {
      lines.append(
        accessPoint.devices.isEmpty
          ? "  N+1: no device" : "  N+1: no live connection\(previously)")
    }
    if accessPoint.devices.isEmpty { return lines }
    lines.append("  devices:")
    for device in accessPoint.devices {
      lines.append(
        "    \(device.id.rawValue.escapingControlCharacters): \(held(device.ports)); "
          + "\(device.liveConnections) live, N+1 shortfall \(device.nPlusOneShortfall)")
    }
    return lines
  }

  /// `80 of 96 held (83.3%), 16 free`.
  private static func held(_ ports: PortCounts) -> String {
    let tenths = ports.total == 0 ? 0 : (ports.held * 1000 + ports.total / 2) / ports.total
    return "\(ports.held) of \(ports.total) held (\(tenths / 10).\(tenths % 10)%), "
      + "\(ports.free) free"
  }
}
