/// Why a request can never be placed as asked (FORMATS.md "Rejection codes"): a stable code that
/// scripts match on. ``allCases`` is the precedence order: when several apply, the first is
/// reported. A struct rather than an enum, so that a new rule's code does not break a caller's
/// exhaustive `switch`: match the codes you handle and keep a `default`.
public struct RejectionCode: RawRepresentable, CaseIterable, Sendable, Hashable, Comparable,
  CustomStringConvertible
{
  /// The code as files, JSON and scripts spell it.
  public let rawValue: String
  /// Position in the precedence order (0 is reported first).
  public let precedence: Int

  private init(_ rawValue: String, _ precedence: Int) {
    self.rawValue = rawValue
    self.precedence = precedence
  }

  /// A required field is missing or has the wrong JSON type.
  public static let malformedRequest = RejectionCode("malformed_request", 0)
  /// The region is not in the inventory.
  public static let unknownRegion = RejectionCode("unknown_region", 1)
  /// The access point is not in the inventory.
  public static let unknownAccessPoint = RejectionCode("unknown_access_point", 2)
  /// The access point is in another region.
  public static let accessPointRegionMismatch = RejectionCode("access_point_region_mismatch", 3)
  /// The access point's status is `full` or `disabled`.
  public static let accessPointUnavailable = RejectionCode("access_point_unavailable", 4)
  /// Not one of CT, CU, CM, CO, Equinix, Other.
  public static let unknownLineOperator = RejectionCode("unknown_line_operator", 5)
  /// The access point does not serve that line operator.
  public static let lineOperatorNotServed = RejectionCode("line_operator_not_served", 6)
  /// An SDH interface: 155M CPOS, V.35, G.703, in any spelling.
  public static let unsupportedInterface = RejectionCode("unsupported_interface", 7)
  /// Any other port type not in the list.
  public static let unknownPortType = RejectionCode("unknown_port_type", 8)
  /// Not one of 1G, 10G, 40G, 100G.
  public static let unknownPortSpec = RejectionCode("unknown_port_spec", 9)
  /// The port type does not belong to the spec (10GBase-LR asked as 1G).
  public static let portSpecMismatch = RejectionCode("port_spec_mismatch", 10)
  /// The access point does not offer that port type.
  public static let portTypeNotOffered = RejectionCode("port_type_not_offered", 11)
  /// 40G or 100G for an account not on the whitelist.
  public static let whitelistRequired = RejectionCode("whitelist_required", 12)
  /// It names no connection and no request of the batch.
  public static let unknownRedundantConnection = RejectionCode("unknown_redundant_connection", 13)
  /// It names itself.
  public static let redundantConnectionSelf = RejectionCode("redundant_connection_self", 14)
  /// The named connection or request is in another region.
  public static let redundantConnectionRegionMismatch = RejectionCode(
    "redundant_connection_region_mismatch", 15)
  /// The named connection is not `Allocated`, `Confirmed` or `Enabled`.
  public static let redundantConnectionNotReady = RejectionCode(
    "redundant_connection_not_ready", 16)
  /// A request of its redundancy group was rejected.
  public static let redundantPartnerRejected = RejectionCode("redundant_partner_rejected", 17)
  /// `policy.maxPendingPerAccount` would be passed (the account's requests past the limit, in
  /// batch order).
  public static let pendingLimitExceeded = RejectionCode("pending_limit_exceeded", 18)
  /// `policy.maxConnectionsPerAccessPoint` would be passed at the request's access point (the
  /// account's requests there past the quota, in batch order).
  public static let accessPointQuotaExceeded = RejectionCode("access_point_quota_exceeded", 19)

  /// Every code, in precedence order.
  public static let allCases: [RejectionCode] = [
    malformedRequest, unknownRegion, unknownAccessPoint, accessPointRegionMismatch,
    accessPointUnavailable, unknownLineOperator, lineOperatorNotServed, unsupportedInterface,
    unknownPortType, unknownPortSpec, portSpecMismatch, portTypeNotOffered, whitelistRequired,
    unknownRedundantConnection, redundantConnectionSelf, redundantConnectionRegionMismatch,
    redundantConnectionNotReady, redundantPartnerRejected, pendingLimitExceeded,
    accessPointQuotaExceeded,
  ]

  /// The code with this spelling, if there is one.
  public init?(rawValue: String) {
    guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = code
  }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.precedence < rhs.precedence }
}
