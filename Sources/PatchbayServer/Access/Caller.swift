import Patchbay

/// Who is calling, as the tokens file says: a name (kept with its idempotency keys and logged,
/// never the token), a role, and for a customer the one account it acts for.
public struct Caller: Sendable, Hashable {
  /// What a caller may do (SERVICE.md "Roles").
  public enum Role: String, Sendable, Hashable, CaseIterable {
    /// Everything: also reject, approve, connect, enable, plan, export.
    case `operator`
    /// Its own account's interfaces only, and reading the access points.
    case customer
  }

  /// The token's name in the tokens file, unique there.
  public let name: String
  /// What the token may do.
  public let role: Role
  /// A customer's account; `nil` for an operator.
  public let account: AccountID?

  /// Whether the caller may see and act on an interface of `account`.
  func mayTouch(_ account: AccountID) -> Bool {
    role == .operator || self.account == account
  }
}
