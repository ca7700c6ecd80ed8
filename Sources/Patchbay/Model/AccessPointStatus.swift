/// Whether an access point takes new connections.
public enum AccessPointStatus: String, CaseIterable, Sendable, Hashable, Codable {
  /// Open, and recommended for new connections.
  case recommended
  /// Busy, still open.
  case hot
  /// No new connections.
  case full
  /// Out of service: no new connections.
  case disabled

  /// `full` and `disabled` access points refuse new connections.
  public var acceptsNewConnections: Bool { self == .recommended || self == .hot }
}
