import Foundation

/// A physical connection interface and everything the customer has given for it so far.
///
/// Its id is the id of the request it was applied with, and becomes the id of the connection it
/// is once it holds a port, so later requests can name it as their redundant connection. Its
/// fields were validated when it was applied for, so they are typed.
public struct Interface: Sendable, Hashable {
  /// The interface's id: its request's id, and its connection's once it holds a port.
  public var id: InterfaceID
  /// The customer account that applied.
  public var account: AccountID
  /// The region applied for.
  public var region: RegionID
  /// The access point applied for, where its port is reserved.
  public var accessPoint: AccessPointID
  /// The line operator that brings the leased line.
  public var lineOperator: LineOperator
  /// The port type applied for.
  public var portType: PortType
  /// The connection or interface this one backs up.
  public var redundantConnection: ConnectionID?
  /// Higher is more important, when several interfaces are approved as one batch.
  public var priority: Int
  /// Where it is in its lifecycle.
  public var state: InterfaceState
  /// The Letter of Authorization applied for; `nil` before the customer applies for one.
  public var loa: LetterOfAuthorization?
  /// Why the LOA review refused it, in ``InterfaceState/loaRejected``.
  public var rejectionReason: String?
  /// The reserved device port, from approval until cancel or terminate.
  public var device: DeviceID?
  /// The reserved port's name on ``device``, such as `1/1/1`; present whenever ``device`` is.
  public var port: String?
  /// What the customer filed once the cable was laid; `nil` before that.
  public var delivery: DeliveryReport?
  /// When it was applied for.
  public var createdAt: Date
  /// When it last changed.
  public var updatedAt: Date

  /// Makes an interface as given (a store reading one back uses it); `updatedAt` is `createdAt`
  /// when `nil`.
  public init(
    id: InterfaceID, account: AccountID, region: RegionID, accessPoint: AccessPointID,
    lineOperator: LineOperator, portType: PortType, redundantConnection: ConnectionID? = nil,
    priority: Int = 0, state: InterfaceState = .toApplyForLOA,
    loa: LetterOfAuthorization? = nil, rejectionReason: String? = nil, device: DeviceID? = nil,
    port: String? = nil, delivery: DeliveryReport? = nil, createdAt: Date, updatedAt: Date? = nil
  ) {
    self.id = id
    self.account = account
    self.region = region
    self.accessPoint = accessPoint
    self.lineOperator = lineOperator
    self.portType = portType
    self.redundantConnection = redundantConnection
    self.priority = priority
    self.state = state
    self.loa = loa
    self.rejectionReason = rejectionReason
    self.device = device
    self.port = port
    self.delivery = delivery
    self.createdAt = createdAt
    self.updatedAt = updatedAt ?? createdAt
  }

  /// An interface for a request that validation accepted.
  public init(applying request: ValidatedRequest, at time: Date) {
    let partner: ConnectionID? =
      switch request.partner {
      case .connection(let id): id
      case .request(let id): ConnectionID(id.rawValue)
      case nil: nil
      }
    self.init(
      id: InterfaceID(request.id.rawValue), account: request.account, region: request.region,
      accessPoint: request.accessPoint, lineOperator: request.lineOperator,
      portType: request.portType, redundantConnection: partner, priority: request.priority,
      createdAt: time)
  }

  /// The port specification, which the port type decides.
  public var portSpec: PortSpec { portType.spec }

  /// The request this interface was applied with, for validating it again at approval.
  public var request: Request {
    Request(
      id: RequestID(id.rawValue), account: account.rawValue, region: region.rawValue,
      accessPoint: accessPoint.rawValue, lineOperator: lineOperator.rawValue,
      portSpec: portSpec.rawValue, portType: portType.rawValue,
      redundantConnection: redundantConnection?.rawValue, priority: priority)
  }

  /// The interface as the allocator and validator see it: a connection in its state's API
  /// status, holding its port from approval until it is canceled or terminated.
  public var connection: Connection {
    Connection(
      id: id, account: account, accessPoint: accessPoint,
      device: state.holdsPort ? device : nil, port: state.holdsPort ? port : nil,
      portType: portType, status: state.apiStatus, redundantConnection: redundantConnection)
  }
}

/// Interfaces and connections share one id space: a placed interface is a connection.
public typealias InterfaceID = ConnectionID
