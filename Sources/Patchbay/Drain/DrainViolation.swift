/// One way a drain plan breaks its guarantees, found by ``DrainChecker``: what kind of break,
/// the connection to blame (when there is one) and a sentence naming it, the devices and ports.
public struct DrainViolation: Hashable, Sendable, CustomStringConvertible {
  /// What is broken. A struct rather than an enum, so that a new check's kind does not break a
  /// caller's exhaustive `switch`.
  public struct Kind: RawRepresentable, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// The code as messages spell it.
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// A move or stranded entry names a connection that is not a live connection of the
    /// inventory.
    public static let unknownConnection = Kind("unknown_connection")
    /// A connection is listed more than once in `moves` and `stranded` together.
    public static let connectionListedTwice = Kind("connection_listed_twice")
    /// A move's `from` is not the port the connection holds.
    public static let wrongFrom = Kind("wrong_from")
    /// A move's `to` is a device or port the inventory does not have, or the port it leaves.
    public static let unknownPort = Kind("unknown_port")
    /// A move's `to` is at another access point than the connection's.
    public static let otherAccessPoint = Kind("other_access_point")
    /// A move's `to` is on a drained device.
    public static let ontoDrainedDevice = Kind("onto_drained_device")
    /// The `to` port's cage does not accept the connection's port type.
    public static let portTypeNotAccepted = Kind("port_type_not_accepted")
    /// After the moves, two live connections hold the same port.
    public static let portHeldTwice = Kind("port_held_twice")
    /// After the moves, a moved connection is on the same device as a redundant partner.
    public static let redundantOnSameDevice = Kind("redundant_on_same_device")
    /// A live connection of a drained device is neither moved nor stranded.
    public static let drainedConnectionMissing = Kind("drained_connection_missing")
    /// A stranded connection is not on a drained device.
    public static let strandedNotDrained = Kind("stranded_not_drained")
    /// A `summary` count disagrees with the lists.
    public static let summaryMismatch = Kind("summary_mismatch")

    /// Every kind.
    public static let allCases: [Kind] = [
      unknownConnection, connectionListedTwice, wrongFrom, unknownPort, otherAccessPoint,
      ontoDrainedDevice, portTypeNotAccepted, portHeldTwice, redundantOnSameDevice,
      drainedConnectionMissing, strandedNotDrained, summaryMismatch,
    ]

    /// The kind with this spelling, if there is one.
    public init?(rawValue: String) {
      guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
      self = kind
    }

    public var description: String { rawValue }
  }

  /// What is broken.
  public var kind: Kind
  /// The connection to blame, when one is.
  public var connection: ConnectionID?
  /// A sentence for people.
  public var message: String

  /// A violation as given.
  public init(kind: Kind, connection: ConnectionID?, message: String) {
    self.kind = kind
    self.connection = connection
    self.message = message.escapingControlCharacters
  }

  /// `kind: message`.
  public var description: String { "\(kind.rawValue): \(message)" }
}
