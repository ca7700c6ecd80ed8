/// One port of a physical access device, and what its cage accepts.
public struct Port: Hashable, Sendable {
  /// `slot/card/port`, such as `1/1/1`.
  public var name: String
  public var accepts: PortTypeSet

  public init(name: String, accepts: PortTypeSet) {
    self.name = name
    self.accepts = accepts
  }
}
