/// A request that passed validation: every field resolved against the inventory.
public struct ValidatedRequest: Hashable, Sendable {
  public var id: RequestID
  /// Position in the batch, which orders ties deterministically.
  public var batchIndex: Int
  public var account: AccountID
  public var region: RegionID
  public var accessPoint: AccessPointID
  public var lineOperator: LineOperator
  public var portType: PortType
  /// The connection or request this one backs up, if any.
  public var partner: RedundancyPartner?
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
