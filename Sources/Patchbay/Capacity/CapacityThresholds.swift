/// When a capacity report suggests `hot` for an access point (docs/CAPACITY.md).
///
/// An access point is `hot` when its utilization reaches ``hotUtilization``, or when some port
/// type it offers has fewer than ``hotPairs`` redundant pairs of headroom; `full` (no offered
/// type has room for one more single request) comes first.
public struct CapacityThresholds: Sendable, Hashable {
  /// Held ports over all ports at or above which the access point is `hot`: 0.8 by default. A
  /// value above 1 never makes an access point hot by utilization.
  public var hotUtilization: Double
  /// An offered port type with pair headroom below this makes the access point `hot`: 2 by
  /// default. 0 never makes an access point hot by pairs.
  public var hotPairs: Int

  /// Thresholds as given; the defaults are those of `patchbay capacity`.
  public init(hotUtilization: Double = 0.8, hotPairs: Int = 2) {
    self.hotUtilization = hotUtilization
    self.hotPairs = hotPairs
  }
}
