/// Rules that are settings of the operator, not facts of the hardware.
public struct Policy: Hashable, Sendable {
  /// At most this many pending connections per account; `nil`: no limit.
  public var maxPendingPerAccount: Int?
  /// At most this many live connections (``ConnectionStatus/isLive``) per account at one access
  /// point (Alibaba's `pConnPerAP` quota); `nil`: no limit.
  public var maxConnectionsPerAccessPoint: Int?

  /// Makes a policy; by default, no limit.
  public init(maxPendingPerAccount: Int? = nil, maxConnectionsPerAccessPoint: Int? = nil) {
    self.maxPendingPerAccount = maxPendingPerAccount
    self.maxConnectionsPerAccessPoint = maxConnectionsPerAccessPoint
  }
}
