/// One port of a physical access device, and what its cage accepts.
public struct Port: Hashable, Sendable {
  /// `slot/card/port`, such as `1/1/1`.
  public var name: String
  /// The port types its cage accepts.
  public var accepts: PortTypeSet

  /// Makes a port named `slot/card/port` whose cage accepts the types of `accepts`.
  public init(name: String, accepts: PortTypeSet) {
    self.name = name
    self.accepts = accepts
  }
}
