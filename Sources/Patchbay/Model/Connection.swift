/// An existing physical connection. Connections that do not hold a port yet (`Initial`,
/// `Approved`) name no device and port.
public struct Connection: Hashable, Sendable {
  /// The connection's id, such as `pc-0001`.
  public var id: ConnectionID
  /// The customer account that owns it.
  public var account: AccountID
  /// The access point where its leased line ends.
  public var accessPoint: AccessPointID
  /// The device that holds its port; `nil` while it holds none (`Initial`, `Approved`).
  public var device: DeviceID?
  /// The name of the port it holds on ``device``, such as `1/1/1`; `nil` while it holds none.
  public var port: String?
  /// The port type it was applied for; the port it holds accepts it.
  public var portType: PortType
  /// Where it is in its lifecycle: ``ConnectionStatus/holdsPort`` says whether it occupies
  /// ``port``.
  public var status: ConnectionStatus
  /// The earlier connection this one backs up, if any: at the same access point, the two must be
  /// on different devices.
  public var redundantConnection: ConnectionID?

  /// Makes a connection as given; the inventory that holds it checks its references and its port.
  public init(
    id: ConnectionID, account: AccountID, accessPoint: AccessPointID, device: DeviceID?,
    port: String?, portType: PortType, status: ConnectionStatus,
    redundantConnection: ConnectionID? = nil
  ) {
    self.id = id
    self.account = account
    self.accessPoint = accessPoint
    self.device = device
    self.port = port
    self.portType = portType
    self.status = status
    self.redundantConnection = redundantConnection
  }
}
