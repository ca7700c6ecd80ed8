/// Why the lifecycle refused a command. Every case has a stable ``code`` for scripts
/// (FORMATS.md "Provisioning state") and a sentence that says what to do.
public enum LifecycleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The action is not allowed from the interface's state.
  case invalidTransition(interface: InterfaceID, action: InterfaceAction, from: InterfaceState)
  /// No interface has this id. `isConnection` is true when the id is a connection imported with
  /// the inventory, which the lifecycle does not manage.
  case unknownInterface(InterfaceID, isConnection: Bool)
  /// An application reused the id of an interface or a connection.
  case duplicateInterface(InterfaceID)
  /// Validation refused the request (when applying) or refuses it now (when approving).
  case rejected(Rejection)
  /// The request is valid but no port can be reserved for it now.
  case unplaced(Unplacement)
  /// The LOA is missing fields or has wrong ones; each problem names its field.
  case invalidLOA([InputError.Problem])
  case invalidDeliveryReport(String)
  /// A rejection needs a reason the customer can act on.
  case missingReason(InterfaceID)

  /// The code scripts match on.
  public var code: String {
    switch self {
    case .invalidTransition: "invalid_transition"
    case .unknownInterface: "unknown_interface"
    case .duplicateInterface: "duplicate_interface"
    case .rejected(let rejection): rejection.code.rawValue
    case .unplaced(let unplacement): unplacement.code.rawValue
    case .invalidLOA: "invalid_loa"
    case .invalidDeliveryReport: "invalid_delivery_report"
    case .missingReason: "missing_reason"
    }
  }

  public var description: String {
    switch self {
    case .invalidTransition(let id, let action, let from):
      let allowed = action.allowedFrom.sorted { $0.order < $1.order }.map(\.rawValue)
      return "interface \(id) is \(from.rawValue) (\(from.consoleName)); \(action.rawValue) is "
        + "allowed only from \(allowed.joined(separator: ", "))"
    case .unknownInterface(let id, let isConnection):
      return isConnection
        ? "\(id) is a connection imported with the inventory, not an interface applied for "
          + "through this database; only interfaces go through the lifecycle"
        : "no interface \(id) in this database; `patchbay interface list` shows them"
    case .duplicateInterface(let id):
      return "\(id) is already an interface or a connection in this database; "
        + "give the request a new id"
    case .rejected(let rejection): return rejection.message
    case .unplaced(let unplacement): return unplacement.message
    case .invalidLOA(let problems):
      return "the LOA is invalid: " + problems.map(\.description).joined(separator: "; ")
    case .invalidDeliveryReport(let problem): return "the delivery report is invalid: \(problem)"
    case .missingReason(let id):
      return "give a reason for rejecting \(id)'s LOA, one the customer can act on"
    }
  }
}

extension InterfaceState {
  /// Position in the customer's process, for listing states in a stable order.
  var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
