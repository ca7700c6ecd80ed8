/// An access point as a customer chooses among them: where it is, whether it takes new
/// connections, what it offers, and how many ports are free for each port type it offers.
public struct AccessPointOffer: Sendable, Hashable {
  /// The access point's id.
  public var id: AccessPointID
  /// Its region.
  public var region: RegionID
  /// Its name for people, when the inventory gives one.
  public var name: String?
  /// Its declared status (`recommended`, `hot`, `full`, `disabled`).
  public var status: AccessPointStatus
  /// The line operators it serves, in FORMATS.md's order.
  public var lineOperators: [LineOperator]
  /// The port types it offers, from the slowest.
  public var portTypes: [PortType]
  /// Per offered port type, the free ports (held by no live connection) that accept it; a port
  /// that accepts several types counts under each.
  public var freePorts: [PortType: Int]

  /// The offers of every access point of `inventory`, in its order.
  public static func offers(of inventory: Inventory) -> [AccessPointOffer] {
    var held: Set<PortHolding> = []
    for connection in inventory.connections where connection.status.holdsPort {
      if let device = connection.device, let port = connection.port {
        held.insert(PortHolding(device: device, port: port))
      }
    }
    return inventory.accessPoints.map { accessPoint in
      let offered = accessPoint.portTypes.members
      var free = Dictionary(uniqueKeysWithValues: offered.map { ($0, 0) })
      for device in inventory.devices(of: accessPoint.id) {
        for port in device.ports
        where !held.contains(PortHolding(device: device.id, port: port.name)) {
          for type in offered where port.accepts.contains(type) { free[type, default: 0] += 1 }
        }
      }
      return AccessPointOffer(
        id: accessPoint.id, region: accessPoint.region, name: accessPoint.name,
        status: accessPoint.status,
        lineOperators: LineOperator.allCases.filter(accessPoint.lineOperators.contains),
        portTypes: offered, freePorts: free)
    }
  }

  private struct PortHolding: Hashable {
    var device: DeviceID
    var port: String
  }
}
