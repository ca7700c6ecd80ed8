/// A request that validation refused, with its code and a sentence that says what is wrong,
/// with which value, and what is allowed instead.
public struct Rejection: Error, Hashable, Sendable {
  /// The refused request.
  public var request: RequestID
  /// Why, as a stable code; the first that applies in precedence order.
  public var code: RejectionCode
  /// Why, as a sentence for people: what is wrong, with which value, and what is allowed instead.
  /// One line: a control character the request's values brought in is written escaped
  /// (`\u{A}`), so printing the message can never fake another line of output.
  public var message: String

  /// Makes a rejection, escaping any control character of `message`.
  public init(request: RequestID, code: RejectionCode, message: String) {
    self.request = request
    self.code = code
    self.message = message.escapingControlCharacters
  }
}
