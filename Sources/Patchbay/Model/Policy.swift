/// Rules that are settings of the operator, not facts of the hardware.
public struct Policy: Hashable, Sendable {
  /// At most this many pending connections per account; `nil`: no limit.
  public var maxPendingPerAccount: Int?

  /// Makes a policy; by default, no limit.
  public init(maxPendingPerAccount: Int? = nil) {
    self.maxPendingPerAccount = maxPendingPerAccount
  }
}
