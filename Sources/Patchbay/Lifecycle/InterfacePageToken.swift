/// Where a paged listing goes on: the ``InterfacePage/next`` of one page, given back to get the
/// page after it.
///
/// Opaque to callers: its text (``description``) is short and URL-safe (base64url without
/// padding), and only ``init(_:)`` turns text back into a token. The token names a place in the
/// order interfaces were applied for, not a count of rows, so it keeps working while
/// interfaces are applied for: the next page starts right after the last interface the caller
/// saw, with nothing skipped and nothing twice.
public struct InterfacePageToken: Sendable, Hashable, CustomStringConvertible {
  /// The store's application order of the last interface of the page before (its `position`);
  /// the next page holds interfaces applied for earlier, that is with a lower position.
  package let position: Int64

  /// The version byte at the start of the text: a later Patchbay that changes what a token
  /// holds gives it another version, and refuses this one rather than misread it.
  private static let version: UInt8 = 1

  /// The token after the interface at `position` in a store's application order.
  package init(position: Int64) {
    self.position = position
  }

  /// The token whose text is `text`, or `nil` when `text` is not one this code made (damaged,
  /// cut short, from another version, or made up): a caller answers that as a malformed request.
  ///
  /// - Parameter text: a token's ``description``.
  public init?(_ text: String) {
    guard let bytes = Base64URL.decode(text), bytes.count == 9, bytes[0] == Self.version
    else { return nil }
    var position: Int64 = 0
    for byte in bytes[1...] { position = position << 8 | Int64(byte) }
    guard position > 0 else { return nil }
    self.position = position
  }

  /// The token as text, for a URL's query or a JSON string: twelve characters of base64url.
  public var description: String {
    var bytes: [UInt8] = [Self.version]
    for shift in stride(from: 56, through: 0, by: -8) {
      bytes.append(UInt8(truncatingIfNeeded: position >> Int64(shift)))
    }
    return Base64URL.encode(bytes)
  }
}

/// Base64url (RFC 4648 section 5) without padding, strict: one spelling per byte string, so a
/// token has exactly one text.
enum Base64URL {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value: UInt32 = 0
      for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
      for offset in 0...chunk.count {
        out.append(alphabet[Int(value >> (18 - 6 * UInt32(offset)) & 0x3F)])
      }
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func decode(_ text: String) -> [UInt8]? {
    let characters = Array(text.utf8)
    guard characters.count % 4 != 1, characters.count <= 1_000 else { return nil }
    var values: [UInt32] = []
    for character in characters {
      guard let value = alphabet.firstIndex(of: character) else { return nil }
      values.append(UInt32(value))
    }
    var bytes: [UInt8] = []
    var index = 0
    while index < values.count {
      let group = values[index..<min(index + 4, values.count)]
      var value: UInt32 = 0
      for (offset, digit) in group.enumerated() { value |= digit << (18 - 6 * UInt32(offset)) }
      let count = group.count - 1
      for offset in 0..<count {
        bytes.append(UInt8(truncatingIfNeeded: value >> (16 - 8 * offset)))
      }
      // Bits below the last whole byte must be zero, or two texts would give one token.
      let unused = value & ((1 << (24 - 8 * UInt32(count))) - 1)
      guard unused == 0 else { return nil }
      index += 4
    }
    return bytes
  }
}
