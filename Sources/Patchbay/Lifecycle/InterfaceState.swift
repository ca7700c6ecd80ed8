/// Where a physical connection interface is in the customer's process (DOMAIN.md), with the
/// console's name for people and the API's `Status` and `LoaStatus` for machines.
public enum InterfaceState: String, CaseIterable, Sendable, Hashable, Codable {
  /// Applied for; the customer has not asked for the LOA yet.
  case toApplyForLOA
  /// The LOA is under review.
  case inApplication
  /// The review refused the LOA; the customer may apply again.
  case loaRejected
  /// The LOA is approved and names the reserved device port.
  case approvedLOA
  /// The delivery report is filed; the cloud is patching the cable to the port.
  case waitingForConnection
  /// The cable is patched; the port's fee is due.
  case waitingForPayment
  /// Paid and in service.
  case enabled
  /// Given up before it was enabled; holds no port.
  case canceled
  /// Taken out of service; holds no port.
  case terminated

  /// The state as the console shows it.
  public var consoleName: String {
    switch self {
    case .toApplyForLOA: "To Apply for LOA"
    case .inApplication: "In Application"
    case .loaRejected: "LOA Rejected"
    case .approvedLOA: "Approved LOA"
    case .waitingForConnection, .waitingForPayment: "Waiting"
    case .enabled: "Enabled"
    case .canceled: "Canceled"
    case .terminated: "Terminated"
    }
  }

  /// The API's `Status` of the physical connection in this state.
  public var apiStatus: ConnectionStatus {
    switch self {
    case .toApplyForLOA, .inApplication, .loaRejected: .initial
    case .approvedLOA, .waitingForConnection: .allocated
    case .waitingForPayment: .confirmed
    case .enabled: .enabled
    case .canceled: .canceled
    case .terminated: .terminated
    }
  }

  /// The API's `LoaStatus` in this state; `nil` before the customer applies for the LOA.
  public var loaStatus: LOAStatus? {
    switch self {
    case .toApplyForLOA: nil
    case .inApplication: .applying
    case .loaRejected: .rejected
    case .approvedLOA: .available
    case .waitingForConnection: .completing
    case .waitingForPayment, .enabled, .terminated: .complete
    case .canceled: .deleted
    }
  }

  /// An interface in this state holds its reserved device port.
  public var holdsPort: Bool { !isBeforeApproval && !isFinal }

  /// Before approval no port is reserved.
  public var isBeforeApproval: Bool {
    self == .toApplyForLOA || self == .inApplication || self == .loaRejected
  }

  /// The interface's lifecycle is over: no action applies any more.
  public var isFinal: Bool { self == .canceled || self == .terminated }
}
