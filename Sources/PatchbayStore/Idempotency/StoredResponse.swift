/// The answer to a request that claimed an ``IdempotencyKey``, kept to be given again to a
/// retry with the same key and body.
public struct StoredResponse: Sendable, Hashable {
  /// The HTTP status.
  public var status: Int
  /// The `Content-Type` of ``body``.
  public var contentType: String
  /// The `Location` header, when the answer had one (a created interface).
  public var location: String?
  /// The body's bytes, as they were sent.
  public var body: [UInt8]

  /// An answer to keep.
  ///
  /// - Parameters:
  ///   - status: the HTTP status.
  ///   - contentType: the `Content-Type` of `body`.
  ///   - location: the `Location` header, or `nil`.
  ///   - body: the body's bytes.
  public init(status: Int, contentType: String, location: String? = nil, body: [UInt8]) {
    self.status = status
    self.contentType = contentType
    self.location = location
    self.body = body
  }
}
