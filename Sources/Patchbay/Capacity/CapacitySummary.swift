/// The figures of a whole capacity report: what a planner reads first.
public struct CapacitySummary: Sendable, Hashable {
  /// Access points in the report.
  public var accessPoints: Int
  /// Access points whose suggested status is `full`.
  public var full: Int
  /// Access points whose suggested status is `hot`.
  public var hot: Int
  /// Access points whose suggested status is `recommended`.
  public var recommended: Int
  /// Access points declared (and so suggested) `disabled`.
  public var disabled: Int
  /// Access points whose suggested status differs from the declared one.
  public var statusChanges: Int
  /// The N+1 shortfalls of every access point, added up.
  public var nPlusOneShortfall: Int
  /// All the ports of every device.
  public var ports: PortCounts

  /// The summary of these access points.
  public init(_ accessPoints: [AccessPointCapacity]) {
    self.accessPoints = accessPoints.count
    func count(_ status: AccessPointStatus) -> Int {
      accessPoints.count { $0.suggestedStatus == status }
    }
    full = count(.full)
    hot = count(.hot)
    recommended = count(.recommended)
    disabled = count(.disabled)
    statusChanges = accessPoints.count { $0.suggestedStatus != $0.declaredStatus }
    nPlusOneShortfall = accessPoints.reduce(0) { $0 + $1.nPlusOne.shortfall }
    var ports = PortCounts()
    for accessPoint in accessPoints { ports.add(accessPoint.ports) }
    self.ports = ports
  }
}
