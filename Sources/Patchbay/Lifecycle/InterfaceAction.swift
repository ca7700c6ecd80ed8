/// What can happen to an interface: the commands of FORMATS.md's "Provisioning state" table,
/// and ``move``, the one step that changes the port and not the state. The transition table
/// lives here, in one place, so the lifecycle and its documentation agree.
public enum InterfaceAction: String, CaseIterable, Sendable, Hashable, Codable {
  /// `apply`: applies for an interface, which starts in `toApplyForLOA`.
  case apply
  /// `apply-loa`: files the LOA, from `toApplyForLOA` or `loaRejected` to `inApplication`.
  case applyForLOA = "apply-loa"
  /// `reject`: the review refuses the LOA, with a reason; to `loaRejected`.
  case reject
  /// `approve`: the review approves the LOA and reserves a device port; to `approvedLOA`.
  case approve
  /// `deliver`: the customer files the delivery report; to `waitingForConnection`.
  case deliver
  /// `connect`: the cable is patched to the port; to `waitingForPayment`.
  case connect
  /// `enable`: the port's fee is paid; to `enabled`.
  case enable
  /// `cancel`: gives the interface up before it is enabled; to `canceled`, its port free again.
  case cancel
  /// `terminate`: takes an enabled interface out of service; to `terminated`, its port free again.
  case terminate
  /// `move`: `patchbay drain --apply` moves the interface to another port of its access point
  /// (``Provisioner/applyMoves(_:)``); allowed from the states that hold a port, and the state
  /// stays as it was. Its history entry's `from` and `to` are that state.
  case move

  /// The states the action may start from; `apply` creates the interface and starts from none.
  public var allowedFrom: Set<InterfaceState> {
    switch self {
    case .apply: []
    case .applyForLOA: [.toApplyForLOA, .loaRejected]
    case .reject, .approve: [.inApplication]
    case .deliver: [.approvedLOA]
    case .connect: [.waitingForConnection]
    case .enable: [.waitingForPayment]
    case .cancel:
      [
        .toApplyForLOA, .inApplication, .loaRejected, .approvedLOA, .waitingForConnection,
        .waitingForPayment,
      ]
    case .terminate: [.enabled]
    case .move: Set(InterfaceState.allCases.filter(\.holdsPort))
    }
  }

  /// The state the action leads to; `nil` for ``move``, which keeps the state it starts from
  /// (``transition(from:interface:)`` gives the state after any action).
  public var target: InterfaceState? {
    switch self {
    case .apply: .toApplyForLOA
    case .applyForLOA: .inApplication
    case .reject: .loaRejected
    case .approve: .approvedLOA
    case .deliver: .waitingForConnection
    case .connect: .waitingForPayment
    case .enable: .enabled
    case .cancel: .canceled
    case .terminate: .terminated
    case .move: nil
    }
  }

  /// The state after this action from `state`, or the refusal that names what is allowed.
  public func transition(from state: InterfaceState, interface: InterfaceID) throws(LifecycleError)
    -> InterfaceState
  {
    guard allowedFrom.contains(state) else {
      throw .invalidTransition(interface: interface, action: self, from: state)
    }
    return target ?? state
  }
}
