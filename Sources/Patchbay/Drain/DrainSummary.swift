/// The counts of a drain plan: `toMove = moved + stranded`; `portChanges` counts every move,
/// those that make room included.
public struct DrainSummary: Sendable, Hashable {
  /// Live connections on the drained devices.
  public var toMove: Int
  /// How many of them move.
  public var moved: Int
  /// How many of them cannot move.
  public var stranded: Int
  /// Every connection that changes port: the moved ones and those moved to make room.
  public var portChanges: Int

  /// Counts as given.
  public init(toMove: Int, moved: Int, stranded: Int, portChanges: Int) {
    self.toMove = toMove
    self.moved = moved
    self.stranded = stranded
    self.portChanges = portChanges
  }
}
