/// A cloud access point: a colocation data centre in a region where leased lines end.
public struct AccessPoint: Hashable, Sendable {
  /// The access point's id, such as `ap-cn-hangzhou-yh-B`.
  public var id: AccessPointID
  /// The region it is in.
  public var region: RegionID
  /// A name for people, such as `Hangzhou-Yuhang-B`; `nil` when the inventory gives none.
  public var name: String?
  /// Whether it takes new connections (``AccessPointStatus/acceptsNewConnections``).
  public var status: AccessPointStatus
  /// The line operators whose leased lines it serves.
  public var lineOperators: Set<LineOperator>
  /// The port types it offers to customers.
  public var portTypes: PortTypeSet
  /// The data centre's address, for the Letter of Authorization the installers take there;
  /// `nil` when the inventory gives none. Never empty.
  public var location: String?

  /// Makes an access point as given; the inventory that holds it checks that its region exists.
  public init(
    id: AccessPointID, region: RegionID, name: String? = nil,
    status: AccessPointStatus = .recommended, lineOperators: Set<LineOperator>,
    portTypes: PortTypeSet, location: String? = nil
  ) {
    self.id = id
    self.region = region
    self.name = name
    self.status = status
    self.lineOperators = lineOperators
    self.portTypes = portTypes
    self.location = location
  }
}
