/// The status of a physical connection, as Alibaba's API reports it.
public enum ConnectionStatus: String, CaseIterable, Sendable, Hashable, Codable {
  case initial = "Initial"
  case approved = "Approved"
  case allocating = "Allocating"
  case allocated = "Allocated"
  case confirmed = "Confirmed"
  case enabled = "Enabled"
  case rejected = "Rejected"
  case canceled = "Canceled"
  case allocationFailed = "AllocationFailed"
  case terminating = "Terminating"
  case terminated = "Terminated"

  /// Parses the API's spelling, including `Allocation Failed` with a space.
  public init?(apiName: String) {
    if apiName == "Allocation Failed" {
      self = .allocationFailed
    } else {
      self.init(rawValue: apiName)
    }
  }

  /// A connection in this status occupies the port it names.
  public var holdsPort: Bool {
    switch self {
    case .rejected, .canceled, .allocationFailed, .terminated: false
    default: true
    }
  }

  /// A connection in this status counts against `policy.maxPendingPerAccount`.
  public var isPending: Bool {
    switch self {
    case .initial, .approved, .allocating, .allocated, .confirmed: true
    default: false
    }
  }

  /// A connection in this status may be named as a redundant connection.
  public var canBeRedundancyTarget: Bool {
    self == .allocated || self == .confirmed || self == .enabled
  }

  /// A connection in this status must name the device port it holds.
  public var mustNamePort: Bool {
    self == .allocated || self == .confirmed || self == .enabled || self == .terminating
  }
}
