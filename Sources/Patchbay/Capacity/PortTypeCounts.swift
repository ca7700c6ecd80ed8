/// The ports whose cages accept one port type. A cage that accepts several types counts under
/// each of them, so the counts of different types of one device overlap.
public struct PortTypeCounts: Sendable, Hashable {
  /// The port type.
  public var portType: PortType
  /// Ports accepting it: all, held and free.
  public var ports: PortCounts

  /// Counts as given.
  public init(portType: PortType, ports: PortCounts) {
    self.portType = portType
    self.ports = ports
  }
}
