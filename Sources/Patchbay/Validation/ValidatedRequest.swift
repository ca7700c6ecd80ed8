/// A request that passed validation: every field resolved against the inventory.
public struct ValidatedRequest: Hashable, Sendable {
  /// The request's id.
  public var id: RequestID
  /// Position in the batch, which orders ties deterministically.
  public var batchIndex: Int
  /// The account that applies.
  public var account: AccountID
  /// The region, which exists in the inventory.
  public var region: RegionID
  /// The access point, in ``region``, which takes new connections.
  public var accessPoint: AccessPointID
  /// The line operator, which the access point serves.
  public var lineOperator: LineOperator
  /// The port type, which the access point offers and the account may have.
  public var portType: PortType
  /// The connection or request this one backs up, if any.
  public var partner: RedundancyPartner?
  /// Higher is more important; 0 when the request gave none.
  public var priority: Int

  init(
    id: RequestID, batchIndex: Int, account: AccountID, region: RegionID,
    accessPoint: AccessPointID, lineOperator: LineOperator, portType: PortType,
    partner: RedundancyPartner?, priority: Int
  ) {
    self.id = id
    self.batchIndex = batchIndex
    self.account = account
    self.region = region
    self.accessPoint = accessPoint
    self.lineOperator = lineOperator
    self.portType = portType
    self.partner = partner
    self.priority = priority
  }
}

/// What a request's `redundantConnection` names.
public enum RedundancyPartner: Hashable, Sendable {
  /// An existing connection of the inventory (`Allocated`, `Confirmed` or `Enabled`).
  case connection(ConnectionID)
  /// Another request of the same batch.
  case request(RequestID)
}
