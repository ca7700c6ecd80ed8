/// A physical access device of an access point: the unit of redundancy.
public struct Device: Hashable, Sendable {
  public var id: DeviceID
  public var accessPoint: AccessPointID
  public var ports: [Port]

  public init(id: DeviceID, accessPoint: AccessPointID, ports: [Port]) {
    self.id = id
    self.accessPoint = accessPoint
    self.ports = ports
  }
}
