import Foundation

/// One step of an interface's life, appended in the same transaction as the step itself and
/// never changed afterwards.
public struct HistoryEntry: Sendable, Hashable {
  /// The interface whose step this is.
  public var interface: InterfaceID
  /// 1 for the application, then one more per step.
  public var sequence: Int
  /// When the step was taken.
  public var at: Date
  /// The command that took the step.
  public var action: InterfaceAction
  /// `nil` for the application, which creates the interface.
  public var from: InterfaceState?
  /// The state the step led to.
  public var to: InterfaceState
  /// What the step carried, for people: the port reserved, the rejection reason, the line code.
  public var detail: String?

  /// Makes an entry as given (a store reading one back uses it).
  public init(
    interface: InterfaceID, sequence: Int, at: Date, action: InterfaceAction,
    from: InterfaceState?, to: InterfaceState, detail: String? = nil
  ) {
    self.interface = interface
    self.sequence = sequence
    self.at = at
    self.action = action
    self.from = from
    self.to = to
    self.detail = detail
  }
}
