/// A client's `Idempotency-Key`, kept per caller: two callers may use the same key without
/// meeting. Made only by ``init(caller:key:)``, which checks it, so a stored key is always one
/// the database and the HTTP header can carry.
public struct IdempotencyKey: Sendable, Hashable {
  /// Who sent the key: the name of the caller's token.
  public let caller: String
  /// The key as the client sent it: 1 to ``maximumLength`` visible ASCII characters.
  public let key: String

  /// The longest key accepted, in characters.
  public static let maximumLength = 255
  /// How long a key is kept after it was first claimed; a claim of an older one starts afresh.
  public static let lifetime: Duration = .seconds(24 * 60 * 60)

  /// A key of `caller`, checked.
  ///
  /// - Parameters:
  ///   - caller: who sent it (the token's name); not empty.
  ///   - key: the header's value: 1 to 255 visible ASCII characters (`!` to `~`, no space).
  /// - Throws: ``IdempotencyKeyError``, saying what is wrong with the key, for a caller to
  ///   answer as a malformed request.
  public init(caller: String, key: String) throws(IdempotencyKeyError) {
    guard !caller.isEmpty else { throw .emptyCaller }
    guard !caller.utf8.contains(0) else { throw .callerHasNUL }
    guard !key.isEmpty else { throw .empty }
    let bytes = Array(key.utf8)
    guard bytes.count <= Self.maximumLength else { throw .tooLong(length: bytes.count) }
    if let index = bytes.firstIndex(where: { !(0x21...0x7E).contains($0) }) {
      throw .invalidCharacter(offset: index)
    }
    self.caller = caller
    self.key = key
  }
}

/// Why ``IdempotencyKey/init(caller:key:)`` refused a key.
public enum IdempotencyKeyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The key is empty.
  case empty
  /// The key is longer than ``IdempotencyKey/maximumLength`` bytes.
  case tooLong(length: Int)
  /// The byte at `offset` (counted from 0) is not visible ASCII (a space, a control character,
  /// or a byte of a non-ASCII character).
  case invalidCharacter(offset: Int)
  /// The caller's name is empty: a bug of the caller, not of the client.
  case emptyCaller
  /// The caller's name has a NUL character, which no database text may hold.
  case callerHasNUL

  /// What is wrong, and what a client sends instead.
  public var description: String {
    let rule =
      "an Idempotency-Key is 1 to \(IdempotencyKey.maximumLength) visible ASCII characters "
      + "(! to ~, no spaces), such as a UUID"
    switch self {
    case .empty: return "the Idempotency-Key is empty; \(rule)"
    case .tooLong(let length):
      return "the Idempotency-Key is \(length) bytes long; \(rule)"
    case .invalidCharacter(let offset):
      return "the Idempotency-Key has a character that is not visible ASCII at byte "
        + "\(offset + 1); \(rule)"
    case .emptyCaller: return "the caller of an Idempotency-Key has no name"
    case .callerHasNUL: return "the caller of an Idempotency-Key has a NUL character in its name"
    }
  }
}
