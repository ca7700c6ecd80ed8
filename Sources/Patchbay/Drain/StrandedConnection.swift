/// A live connection of a drained device that the plan leaves where it is, with the reason in
/// numbers.
public struct StrandedConnection: Sendable, Hashable {
  /// The connection.
  public var connection: ConnectionID
  /// Why, as a stable code.
  public var code: StrandedCode
  /// Why, as a sentence for people, on one line (control characters written escaped).
  public var message: String

  /// Makes a stranded entry, escaping any control character of `message`.
  public init(connection: ConnectionID, code: StrandedCode, message: String) {
    self.connection = connection
    self.code = code
    self.message = message.escapingControlCharacters
  }
}
