/// A typed identifier: an `Identifier<Device>` can never be passed where an
/// `Identifier<AccessPoint>` is expected, although both are strings in the files.
///
/// Two identifiers are equal when they are the same sequence of Unicode scalars (the same UTF-8
/// bytes), and order by those bytes: the rule of FORMATS.md "Identifiers", which the SQLite store
/// follows too. Swift's `String ==` would make a precomposed `é` equal to `e` and a combining
/// accent, so a batch and the store would disagree on which ids are one.
public struct Identifier<Subject>: Hashable, Sendable, Comparable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  /// The id as the files and the API spell it.
  public let rawValue: String

  /// An id with this spelling. Nothing is checked here: an id with a control character is
  /// refused where it is used (a file, a request's validation, the checked ``Inventory``).
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    ExactText.equal(lhs.rawValue, rhs.rawValue)
  }

  public func hash(into hasher: inout Hasher) { ExactText.hash(rawValue, into: &hasher) }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
  }

  public var description: String { rawValue }
}

/// The id of a ``Region``, such as `cn-hangzhou`.
public typealias RegionID = Identifier<Region>
/// The id of an ``AccessPoint``, such as `ap-cn-hangzhou-yh-B`.
public typealias AccessPointID = Identifier<AccessPoint>
/// The id of a ``Device``, such as `hz-yh-b-asw-01`.
public typealias DeviceID = Identifier<Device>
/// The id of a ``Connection``; a placed request becomes a connection with the request's id.
public typealias ConnectionID = Identifier<Connection>
/// The id of a ``Request``, unique in its batch.
public typealias RequestID = Identifier<Request>

/// A customer account (Alibaba's account UID). Accounts are not declared in the inventory; they
/// appear on connections, requests and the whitelist.
public typealias AccountID = Identifier<Account>

/// Tag type for ``AccountID``.
public enum Account: Sendable {}

/// A port name as a dictionary key: compared exactly, as identifiers are. Port names stay
/// `String`s in the model; only the indexes that find a port by name use this.
package typealias PortNameKey = Identifier<Port>

/// Text compared as its exact Unicode scalars, for identifiers and port names.
package enum ExactText {
  /// Whether two strings are the same UTF-8 bytes. Ids are short: a loop over the bytes is
  /// cheaper than a call to `memcmp`.
  @inline(__always)
  package static func equal(_ lhs: String, _ rhs: String) -> Bool {
    let count = lhs.utf8.count
    guard count == rhs.utf8.count else { return false }
    let fast = lhs.utf8.withContiguousStorageIfAvailable { left in
      rhs.utf8.withContiguousStorageIfAvailable { right in
        // One storage shared (the readers reuse a repeated id's string): equal at once.
        if left.baseAddress == right.baseAddress { return true }
        var index = 0
        while index < count {
          if left[index] != right[index] { return false }
          index += 1
        }
        return true
      }
    }
    if let fast, let fast { return fast }
    return lhs.utf8.elementsEqual(rhs.utf8)
  }

  /// Feeds the UTF-8 bytes to `hasher`, the same way whatever the string's storage.
  package static func hash(_ text: String, into hasher: inout Hasher) {
    let done: Void? = text.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if done == nil {
      var copy = text
      copy.makeContiguousUTF8()
      copy.utf8.withContiguousStorageIfAvailable {
        hasher.combine(bytes: UnsafeRawBufferPointer($0))
      }
    }
  }
}

/// The one rule for identifiers, accounts, references and port names (FORMATS.md
/// "Identifiers"): any Unicode text without control characters. A NUL would be cut by C
/// libraries (SQLite makes `a\0b` into `a`), and a newline or escape sequence printed in a
/// message would let an input fake output lines.
package enum IdentifierRule {
  /// C0 controls, DEL and C1 controls: U+0000-U+001F and U+007F-U+009F.
  package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// The first control character of `text`, or `nil` when it follows the rule.
  package static func controlCharacter(in text: String) -> Unicode.Scalar? {
    // Most ids are ASCII letters and digits: one pass over the bytes settles them.
    let clean = text.utf8.withContiguousStorageIfAvailable { bytes in
      !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
    }
    if clean == true { return nil }
    return text.unicodeScalars.first(where: isControl)
  }

  /// Why `text` is not a valid identifier, or `nil`.
  package static func problem(_ text: String) -> String? {
    guard let scalar = controlCharacter(in: text) else { return nil }
    return "\"\(text.escapingControlCharacters)\" contains the control character "
      + "\(scalar.escapedForText); ids, accounts, references and port names must not contain "
      + "control characters (U+0000 to U+001F, U+007F to U+009F)"
  }
}

extension Unicode.Scalar {
  /// `\u{1B}`: how a control character is written in text output.
  package var escapedForText: String { "\\u{\(String(value, radix: 16, uppercase: true))}" }
}

extension String {
  /// The text with every control character written as `\u{1B}`, for messages and summaries
  /// printed as text: an input cannot then end a line or move the cursor in a terminal.
  package var escapingControlCharacters: String {
    guard IdentifierRule.controlCharacter(in: self) != nil else { return self }
    var result = ""
    for scalar in unicodeScalars {
      if IdentifierRule.isControl(scalar) {
        result += scalar.escapedForText
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
