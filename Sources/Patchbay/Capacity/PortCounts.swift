/// How many ports there are, how many a live connection holds and how many are free.
public struct PortCounts: Sendable, Hashable {
  /// Every port counted.
  public var total: Int
  /// Ports held by a connection whose status holds a port (``ConnectionStatus/holdsPort``).
  public var held: Int
  /// Ports no connection holds: `total - held`.
  public var free: Int { total - held }

  /// Counts as given; `held` is at most `total`.
  public init(total: Int = 0, held: Int = 0) {
    self.total = total
    self.held = held
  }

  /// Held over total, from 0 to 1; 0 when there is no port (nothing is used).
  public var utilization: Double { total == 0 ? 0 : Double(held) / Double(total) }

  /// Adds the counts of `other`.
  mutating func add(_ other: PortCounts) {
    total += other.total
    held += other.held
  }
}
