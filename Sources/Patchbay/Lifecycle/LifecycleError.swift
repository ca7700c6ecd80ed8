/// Why the lifecycle refused a command. Every refusal has a stable ``code`` for scripts
/// (FORMATS.md "Provisioning state") and a sentence that says what to do.
///
/// A struct with an opaque ``Kind`` rather than an enumeration, as `GLPKError` is: a later
/// Patchbay may add kinds of refusal without breaking a caller's `switch`. Match on ``kind``
/// (or on ``code`` for the finer rejection and unplaced codes), and read the fields that the
/// kind documents.
public struct LifecycleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of refusal this is; an opaque code, so new kinds do not break callers' switches.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
      case invalidTransition
      case unknownInterface
      case duplicateInterface
      case rejected
      case unplaced
      case invalidLOA
      case invalidDeliveryReport
      case missingReason
      case malformedRequest
      case staleMove
      case invalidMove
    }

    let code: Code

    /// The action is not allowed from the interface's state (``LifecycleError/action``,
    /// ``LifecycleError/state``).
    public static let invalidTransition = Kind(code: .invalidTransition)
    /// No interface has this id; ``LifecycleError/isConnection`` says whether the id is a
    /// connection imported with the inventory, which the lifecycle does not manage.
    public static let unknownInterface = Kind(code: .unknownInterface)
    /// An application reused the id of an interface or a connection.
    public static let duplicateInterface = Kind(code: .duplicateInterface)
    /// Validation refused the request (when applying) or refuses it now (when approving);
    /// ``LifecycleError/rejection`` says why, with the validator's code.
    public static let rejected = Kind(code: .rejected)
    /// The request is valid but no port can be reserved for it now
    /// (``LifecycleError/unplacement``).
    public static let unplaced = Kind(code: .unplaced)
    /// The LOA is missing fields or has wrong ones; ``LifecycleError/problems`` names each.
    public static let invalidLOA = Kind(code: .invalidLOA)
    /// The delivery report has no line code or no cable label, or an empty one.
    public static let invalidDeliveryReport = Kind(code: .invalidDeliveryReport)
    /// A rejection needs a reason the customer can act on.
    public static let missingReason = Kind(code: .missingReason)
    /// The call itself is wrong, whatever the store holds: an interface listed twice for one
    /// batch, an empty list, a page size out of range. Code `malformed_request`;
    /// ``LifecycleError/interface`` names the interface when one is at fault.
    public static let malformedRequest = Kind(code: .malformedRequest)
    /// A move of ``Provisioner/applyMoves(_:)`` no longer fits the store: its connection is
    /// gone, or no longer holds the port the move takes it from. The state changed since the
    /// drain was planned; plan it again. Code `stale_move`; ``LifecycleError/move`` is the move.
    public static let staleMove = Kind(code: .staleMove)
    /// A move of ``Provisioner/applyMoves(_:)`` would break a guarantee: ``LifecycleError/code``
    /// says which (`move_unknown_port`, `move_port_type`, `move_port_taken`,
    /// `move_same_device_as_redundant`); ``LifecycleError/move`` is the move.
    public static let invalidMove = Kind(code: .invalidMove)

    public var description: String {
      switch code {
      case .invalidTransition: "invalid transition"
      case .unknownInterface: "unknown interface"
      case .duplicateInterface: "duplicate interface"
      case .rejected: "rejected"
      case .unplaced: "unplaced"
      case .invalidLOA: "invalid LOA"
      case .invalidDeliveryReport: "invalid delivery report"
      case .missingReason: "missing reason"
      case .malformedRequest: "malformed request"
      case .staleMove: "stale move"
      case .invalidMove: "invalid move"
      }
    }
  }

  /// What kind of refusal this is.
  public let kind: Kind
  /// The code scripts match on: `invalid_transition`, `unknown_interface`, ..., or the
  /// validator's rejection code or the allocator's unplaced code.
  public let code: String
  /// The sentence for people: what was refused and what to do.
  public let description: String
  /// The interface the refusal is about, when it is about one.
  public let interface: InterfaceID?
  /// For ``Kind/invalidTransition``: the refused action; `nil` when the LOA document was asked
  /// for (``Provisioner/loaDocument(_:)``).
  public let action: InterfaceAction?
  /// For ``Kind/invalidTransition``: the state the interface is in.
  public let state: InterfaceState?
  /// For ``Kind/unknownInterface``: the id is a connection imported with the inventory.
  public let isConnection: Bool
  /// For ``Kind/rejected``: the validator's rejection.
  public let rejection: Rejection?
  /// For ``Kind/unplaced``: why no port could be reserved.
  public let unplacement: Unplacement?
  /// For ``Kind/invalidLOA``: each problem, by field.
  public let problems: [InputError.Problem]
  /// For ``Kind/staleMove`` and ``Kind/invalidMove``, and a ``Kind/malformedRequest`` about a
  /// list of moves: the move at fault.
  public let move: ConnectionMove?

  private init(
    _ kind: Kind, code: String, description: String, interface: InterfaceID? = nil,
    action: InterfaceAction? = nil, state: InterfaceState? = nil, isConnection: Bool = false,
    rejection: Rejection? = nil, unplacement: Unplacement? = nil,
    problems: [InputError.Problem] = [], move: ConnectionMove? = nil
  ) {
    self.kind = kind
    self.code = code
    self.description = description
    self.interface = interface
    self.action = action
    self.state = state
    self.isConnection = isConnection
    self.rejection = rejection
    self.unplacement = unplacement
    self.problems = problems
    self.move = move
  }

  // MARK: Refusals

  static func invalidTransition(
    interface id: InterfaceID, action: InterfaceAction, from state: InterfaceState
  ) -> LifecycleError {
    let allowed = action.allowedFrom.sorted { $0.order < $1.order }.map(\.rawValue)
    return LifecycleError(
      .invalidTransition, code: "invalid_transition",
      description: "interface \(id) is \(state.rawValue) (\(state.consoleName)); "
        + "\(action.rawValue) is allowed only from \(allowed.joined(separator: ", "))",
      interface: id, action: action, state: state)
  }

  /// The LOA document of an interface that holds no port: before approval there is none yet,
  /// after cancel or terminate it no longer stands. Code `invalid_transition`, as for a command
  /// that is not allowed from the state; ``LifecycleError/action`` is `nil`.
  static func noLOADocument(interface id: InterfaceID, state: InterfaceState) -> LifecycleError {
    let holding = InterfaceState.allCases.filter(\.holdsPort).map(\.rawValue)
    let why =
      state.isFinal
      ? "its port is free again, so its LOA no longer stands"
      : "its LOA is issued when the LOA application is approved"
    return LifecycleError(
      .invalidTransition, code: "invalid_transition",
      description: "interface \(id) is \(state.rawValue) (\(state.consoleName)): \(why); the "
        + "LOA document exists only while it holds its port: "
        + holding.joined(separator: ", "),
      interface: id, state: state)
  }

  /// No interface `id`; a store's ``ProvisioningWriter/update(_:)`` throws it for an id it
  /// does not hold.
  public static func unknownInterface(_ id: InterfaceID, isConnection: Bool) -> LifecycleError {
    LifecycleError(
      .unknownInterface, code: "unknown_interface",
      description: isConnection
        ? "\(id) is a connection imported with the inventory, not an interface applied for "
          + "through this database; only interfaces go through the lifecycle"
        : "no interface \(id) in this database; `patchbay interface list` shows them",
      interface: id, isConnection: isConnection)
  }

  /// `id` is taken; a store's ``ProvisioningWriter/insert(_:)`` throws it for an id that an
  /// interface or an imported connection already has.
  public static func duplicateInterface(_ id: InterfaceID) -> LifecycleError {
    LifecycleError(
      .duplicateInterface, code: "duplicate_interface",
      description: "\(id) is already an interface or a connection in this database; "
        + "give the request a new id",
      interface: id)
  }

  static func rejected(_ rejection: Rejection) -> LifecycleError {
    LifecycleError(
      .rejected, code: rejection.code.rawValue, description: rejection.message,
      interface: InterfaceID(rejection.request.rawValue), rejection: rejection)
  }

  static func unplaced(_ unplacement: Unplacement) -> LifecycleError {
    LifecycleError(
      .unplaced, code: unplacement.code.rawValue, description: unplacement.message,
      interface: InterfaceID(unplacement.request.rawValue), unplacement: unplacement)
  }

  static func invalidLOA(_ problems: [InputError.Problem]) -> LifecycleError {
    LifecycleError(
      .invalidLOA, code: "invalid_loa",
      description: "the LOA is invalid: "
        + problems.map(\.description).joined(separator: "; "),
      problems: problems)
  }

  static func invalidDeliveryReport(_ problem: String) -> LifecycleError {
    LifecycleError(
      .invalidDeliveryReport, code: "invalid_delivery_report",
      description: "the delivery report is invalid: \(problem)")
  }

  static func missingReason(_ id: InterfaceID) -> LifecycleError {
    LifecycleError(
      .missingReason, code: "missing_reason",
      description: "give a reason for rejecting \(id)'s LOA, one the customer can act on",
      interface: id)
  }
}

extension LifecycleError {
  /// A call that is wrong in itself (``Kind/malformedRequest``), with a sentence that says what
  /// to change.
  static func malformedRequest(_ description: String, interface: InterfaceID? = nil)
    -> LifecycleError
  {
    LifecycleError(
      .malformedRequest, code: "malformed_request", description: description,
      interface: interface)
  }
}

extension LifecycleError {
  /// `move` no longer fits the store (``Kind/staleMove``): `problem` says what changed.
  static func staleMove(_ move: ConnectionMove, _ problem: String, state: InterfaceState? = nil)
    -> LifecycleError
  {
    LifecycleError(
      .staleMove, code: "stale_move",
      description: "cannot move \(move.connection) from \(move.from.device) port "
        + "\(move.from.port): \(problem); the state changed since the drain was planned: plan the drain again",
      interface: move.connection, state: state, move: move)
  }

  /// `move` would break a guarantee (``Kind/invalidMove``), with its finer `code`.
  static func invalidMove(_ move: ConnectionMove, code: String, _ problem: String)
    -> LifecycleError
  {
    LifecycleError(
      .invalidMove, code: code,
      description: "cannot move \(move.connection) to \(move.to.device) port \(move.to.port): "
        + "\(problem)",
      interface: move.connection, move: move)
  }

  /// A list of moves that is wrong in itself (``Kind/malformedRequest``), naming the move.
  static func malformedMoves(_ description: String, move: ConnectionMove) -> LifecycleError {
    LifecycleError(
      .malformedRequest, code: "malformed_request", description: description,
      interface: move.connection, move: move)
  }
}

extension InterfaceState {
  /// Position in the customer's process, for listing states in a stable order.
  var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
