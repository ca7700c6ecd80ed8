/// An existing physical connection. Connections that do not hold a port yet (`Initial`,
/// `Approved`) name no device and port.
public struct Connection: Hashable, Sendable {
  public var id: ConnectionID
  public var account: AccountID
  public var accessPoint: AccessPointID
  public var device: DeviceID?
  public var port: String?
  public var portType: PortType
  public var status: ConnectionStatus
  public var redundantConnection: ConnectionID?

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
