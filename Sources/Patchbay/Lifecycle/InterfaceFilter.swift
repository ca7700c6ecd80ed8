/// Which interfaces a paged listing (``Provisioner/interfaces(matching:pageToken:pageSize:)``)
/// returns: those that match every field that is set. A filter with no field set matches every
/// interface.
public struct InterfaceFilter: Sendable, Hashable {
  /// Only interfaces in this state.
  public var state: InterfaceState?
  /// Only interfaces at this access point.
  public var accessPoint: AccessPointID?
  /// Only this account's interfaces (what a customer's token limits a listing to).
  public var account: AccountID?

  /// A filter on any of the three fields; `nil` leaves a field open.
  ///
  /// - Parameters:
  ///   - state: only interfaces in this state.
  ///   - accessPoint: only interfaces at this access point.
  ///   - account: only this account's interfaces.
  public init(
    state: InterfaceState? = nil, accessPoint: AccessPointID? = nil, account: AccountID? = nil
  ) {
    self.state = state
    self.accessPoint = accessPoint
    self.account = account
  }

  /// Whether `interface` matches every field that is set.
  public func matches(_ interface: Interface) -> Bool {
    (state.map { $0 == interface.state } ?? true)
      && (accessPoint.map { $0 == interface.accessPoint } ?? true)
      && (account.map { $0 == interface.account } ?? true)
  }
}
