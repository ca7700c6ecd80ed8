/// Why a request can never be placed as asked (FORMATS.md). The order of the cases is the
/// precedence: when several apply, the first is reported.
public enum RejectionCode: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  case malformedRequest = "malformed_request"
  case unknownRegion = "unknown_region"
  case unknownAccessPoint = "unknown_access_point"
  case accessPointRegionMismatch = "access_point_region_mismatch"
  case accessPointUnavailable = "access_point_unavailable"
  case unknownLineOperator = "unknown_line_operator"
  case lineOperatorNotServed = "line_operator_not_served"
  case unsupportedInterface = "unsupported_interface"
  case unknownPortType = "unknown_port_type"
  case unknownPortSpec = "unknown_port_spec"
  case portSpecMismatch = "port_spec_mismatch"
  case portTypeNotOffered = "port_type_not_offered"
  case whitelistRequired = "whitelist_required"
  case unknownRedundantConnection = "unknown_redundant_connection"
  case redundantConnectionSelf = "redundant_connection_self"
  case redundantConnectionRegionMismatch = "redundant_connection_region_mismatch"
  case redundantConnectionNotReady = "redundant_connection_not_ready"
  case redundantPartnerRejected = "redundant_partner_rejected"
  case pendingLimitExceeded = "pending_limit_exceeded"

  /// Position in the precedence order (0 is reported first).
  public var precedence: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.precedence < rhs.precedence }
}
