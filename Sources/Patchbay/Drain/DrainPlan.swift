/// What `patchbay drain` plans (PLANNING.md "Drain and failure"): the moves that take every
/// live connection it can off the drained devices, the connections that cannot move and why,
/// and the counts.
public struct DrainPlan: Sendable, Hashable {
  /// The devices drained, as asked.
  public var drainedDevices: [DeviceID]
  /// Every move, in inventory order of the connections: those off a drained device and those
  /// that make room for them.
  public var moves: [ConnectionMove]
  /// The live connections of the drained devices that stay where they are, in inventory order.
  public var stranded: [StrandedConnection]
  /// The counts.
  public var summary: DrainSummary
  /// Every access point's answer is proven optimal (greedy where that is proven, otherwise the
  /// exact model solved to the end).
  public var optimal: Bool

  /// A plan as given; ``DrainPlanner`` makes them and ``DrainChecker`` checks them.
  public init(
    drainedDevices: [DeviceID], moves: [ConnectionMove], stranded: [StrandedConnection],
    summary: DrainSummary, optimal: Bool
  ) {
    self.drainedDevices = drainedDevices
    self.moves = moves
    self.stranded = stranded
    self.summary = summary
    self.optimal = optimal
  }
}
