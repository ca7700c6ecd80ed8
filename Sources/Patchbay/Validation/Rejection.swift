/// A request that validation refused, with its code and a sentence that says what is wrong,
/// with which value, and what is allowed instead.
public struct Rejection: Error, Hashable, Sendable {
  public var request: RequestID
  public var code: RejectionCode
  public var message: String

  public init(request: RequestID, code: RejectionCode, message: String) {
    self.request = request
    self.code = code
    self.message = message
  }
}
