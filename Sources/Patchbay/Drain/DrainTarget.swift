/// Where the planner sends one live connection of a site: a device that is not drained, and
/// the pool when the planner chose it (the greedy does; the exact model leaves pools to
/// ``DrainExpansion``). A connection without a target stays where it is: in place when its
/// device is not drained, stranded when it is.
struct DrainTarget: Hashable {
  /// Local device (position in ``DrainSite/devices``).
  var device: Int
  /// Pool of that device, or `nil` to be chosen by the expansion.
  var pool: Int?
}
