/// Why ``LiveInventory/release(_:as:)`` cannot free a port: what kind of refusal, the
/// connection, and a sentence that says what to do.
public struct ProvisioningError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of refusal. A struct rather than an enum, so that a new kind does not break a
  /// caller's exhaustive `switch`.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    private let name: String

    /// The inventory has no connection with that id.
    public static let unknownConnection = Kind(name: "unknown_connection")
    /// The connection holds no port (it is canceled, rejected, ... already).
    public static let notHoldingPort = Kind(name: "not_holding_port")
    /// The status asked for would still hold the port (`Enabled`, `Allocated`, ...).
    public static let statusHoldsPort = Kind(name: "status_holds_port")

    public var description: String { name }
  }

  /// What kind of refusal this is.
  public let kind: Kind
  /// The connection the release named.
  public let connection: ConnectionID
  public let description: String
}
