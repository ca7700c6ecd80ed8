/// A live connection moved from the port it holds to another port of the same access point: one
/// step of a drain plan (`patchbay drain`), committed by `patchbay drain --apply`.
public struct ConnectionMove: Hashable, Sendable {
  /// A port of a device: where a moved connection was, or where it goes.
  public struct End: Hashable, Sendable {
    /// The device that has the port.
    public var device: DeviceID
    /// The port's name on the device, such as `1/1/1`.
    public var port: String

    /// Names a port as given; whoever uses the move checks that it exists.
    public init(device: DeviceID, port: String) {
      self.device = device
      self.port = port
    }
  }

  /// The connection (or interface) that moves.
  public var connection: ConnectionID
  /// The port it holds before the move.
  public var from: End
  /// The port it holds after the move.
  public var to: End

  /// Makes a move as given; a drain plan's check and the store's apply check it against the
  /// inventory.
  public init(connection: ConnectionID, from: End, to: End) {
    self.connection = connection
    self.from = from
    self.to = to
  }

  /// Whether the connection changes device, not only port.
  public var changesDevice: Bool { from.device != to.device }
}
