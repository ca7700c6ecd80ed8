/// One device in a capacity report: its ports, per type, and what its failure would strand.
public struct DeviceCapacity: Sendable, Hashable {
  /// The device's id.
  public var id: DeviceID
  /// All its ports.
  public var ports: PortCounts
  /// Its ports per type its cages accept, in ``PortType`` order; types no cage accepts are left
  /// out.
  public var portTypes: [PortTypeCounts]
  /// Live connections on it: those whose status holds a port.
  public var liveConnections: Int
  /// Live connections that could not be re-homed on the other devices of the access point if
  /// this device failed (N+1; ``NPlusOne``).
  public var nPlusOneShortfall: Int

  /// A device's figures as given.
  public init(
    id: DeviceID, ports: PortCounts, portTypes: [PortTypeCounts], liveConnections: Int,
    nPlusOneShortfall: Int
  ) {
    self.id = id
    self.ports = ports
    self.portTypes = portTypes
    self.liveConnections = liveConnections
    self.nPlusOneShortfall = nPlusOneShortfall
  }
}
