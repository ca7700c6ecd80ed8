/// A cloud access point: a colocation data centre in a region where leased lines end.
public struct AccessPoint: Hashable, Sendable {
  public var id: AccessPointID
  public var region: RegionID
  public var name: String?
  public var status: AccessPointStatus
  /// The line operators whose leased lines it serves.
  public var lineOperators: Set<LineOperator>
  /// The port types it offers to customers.
  public var portTypes: PortTypeSet

  public init(
    id: AccessPointID, region: RegionID, name: String? = nil,
    status: AccessPointStatus = .recommended, lineOperators: Set<LineOperator>,
    portTypes: PortTypeSet
  ) {
    self.id = id
    self.region = region
    self.name = name
    self.status = status
    self.lineOperators = lineOperators
    self.portTypes = portTypes
  }
}
