/// The status of a physical connection, as Alibaba's API reports it.
public enum ConnectionStatus: String, CaseIterable, Sendable, Hashable, Codable {
  /// Applied for; no port yet.
  case initial = "Initial"
  /// Approved by the cloud; no port yet.
  case approved = "Approved"
  /// A device port is being allocated.
  case allocating = "Allocating"
  /// A device port is allocated to it: a plan's assignments are committed in this status.
  case allocated = "Allocated"
  /// Confirmed; the only status it can be enabled from.
  case confirmed = "Confirmed"
  /// In service.
  case enabled = "Enabled"
  /// Refused by the cloud; it holds no port.
  case rejected = "Rejected"
  /// Canceled before it was enabled; it holds no port.
  case canceled = "Canceled"
  /// No port could be allocated; it holds none. The API also spells it `Allocation Failed`.
  case allocationFailed = "AllocationFailed"
  /// Being taken out of service; it still holds its port.
  case terminating = "Terminating"
  /// Out of service; its port is free again.
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

  /// A connection in this status counts against `policy.maxConnectionsPerAccessPoint`: every
  /// status before `Canceled` and `Terminated` (FORMATS.md), that is every status but the ends
  /// of the lifecycle (`Rejected`, `Canceled`, `AllocationFailed`, `Terminated`). The same
  /// statuses as ``holdsPort``: a connection that is being set up or in service is live.
  public var isLive: Bool { holdsPort }

  /// A connection in this status may be named as a redundant connection.
  public var canBeRedundancyTarget: Bool {
    self == .allocated || self == .confirmed || self == .enabled
  }

  /// A connection in this status must name the device port it holds.
  public var mustNamePort: Bool {
    self == .allocated || self == .confirmed || self == .enabled || self == .terminating
  }
}
