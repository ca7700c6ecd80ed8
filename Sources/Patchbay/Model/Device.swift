/// A physical access device of an access point: the unit of redundancy.
public struct Device: Hashable, Sendable {
  /// The device's id, such as `hz-yh-b-asw-01`.
  public var id: DeviceID
  /// The access point it stands in.
  public var accessPoint: AccessPointID
  /// Its ports, in inventory order; no two share a name.
  public var ports: [Port]
  /// Where it stands in the data centre (room, row, cabinet: `Room 2, row B, cabinet B07`), for
  /// the Letter of Authorization; `nil` when the inventory gives none. Never empty.
  public var cabinet: String?

  /// Makes a device as given; the inventory that holds it checks its access point and port names.
  public init(id: DeviceID, accessPoint: AccessPointID, ports: [Port], cabinet: String? = nil) {
    self.id = id
    self.accessPoint = accessPoint
    self.ports = ports
    self.cabinet = cabinet
  }
}
