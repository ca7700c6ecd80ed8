/// One access point in a capacity report: its ports, its devices, its headroom per offered
/// type, the N+1 check and the status its figures suggest beside the one it declares.
public struct AccessPointCapacity: Sendable, Hashable {
  /// The access point's id.
  public var id: AccessPointID
  /// Its region.
  public var region: RegionID
  /// The status the inventory declares.
  public var declaredStatus: AccessPointStatus
  /// The status its figures suggest (``CapacityThresholds``): `full`, `hot` or `recommended`;
  /// `disabled` stays `disabled`, since taking an access point out of service is not a matter
  /// of capacity.
  public var suggestedStatus: AccessPointStatus
  /// All the ports of its devices.
  public var ports: PortCounts
  /// Its ports per type their cages accept, in ``PortType`` order (a cage accepting several
  /// types counts under each).
  public var portTypes: [PortTypeCounts]
  /// Its devices, in inventory order.
  public var devices: [DeviceCapacity]
  /// Headroom for every port type it offers, in ``PortType`` order.
  public var headroom: [Headroom]
  /// The worst single-device failure.
  public var nPlusOne: NPlusOne

  /// An access point's figures as given.
  public init(
    id: AccessPointID, region: RegionID, declaredStatus: AccessPointStatus,
    suggestedStatus: AccessPointStatus, ports: PortCounts, portTypes: [PortTypeCounts],
    devices: [DeviceCapacity], headroom: [Headroom], nPlusOne: NPlusOne
  ) {
    self.id = id
    self.region = region
    self.declaredStatus = declaredStatus
    self.suggestedStatus = suggestedStatus
    self.ports = ports
    self.portTypes = portTypes
    self.devices = devices
    self.headroom = headroom
    self.nPlusOne = nPlusOne
  }
}

extension CapacityThresholds {
  /// `disabled` when declared so; `full` when no offered type has room for a single request
  /// (an access point that offers no type, or has no port, is full); `hot` when utilization
  /// reaches ``hotUtilization`` or an offered type's pair headroom is below ``hotPairs``;
  /// otherwise `recommended`.
  public func suggestedStatus(
    declared: AccessPointStatus, ports: PortCounts, headroom: [Headroom]
  ) -> AccessPointStatus {
    if declared == .disabled { return .disabled }
    if !headroom.contains(where: { $0.singles > 0 }) { return .full }
    if ports.utilization >= hotUtilization || headroom.contains(where: { $0.pairs < hotPairs }) {
      return .hot
    }
    return .recommended
  }
}
