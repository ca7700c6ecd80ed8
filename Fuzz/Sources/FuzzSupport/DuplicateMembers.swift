/// The contract's rule that a JSON object never names a member twice (issue 9: a doubled
/// `status` can free a live port), checked on its own: a small scanner that shares nothing with
/// the library's parser, so that a decoder that accepts a file with a doubled member is caught.
///
/// Member names are compared after their escapes are decoded (`"a"` and `"\u0061"` are the same
/// name), scalar by scalar: two spellings that are only canonically equivalent are different
/// names here, so the check never depends on the identifier rule.
public enum DuplicateMembers {
  /// The first doubled member as `path.name`, or `nil` when there is none or `bytes` is not
  /// JSON this scanner reads (then the decoder's own refusal is what counts).
  public static func first(in bytes: [UInt8]) -> String? {
    var scanner = Scanner(bytes: bytes)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.at = 3 }
    guard scanner.value(path: "", depth: 0), scanner.finished() else { return nil }
    return scanner.duplicate
  }

  private struct Scanner {
    let bytes: [UInt8]
    var at = 0
    var duplicate: String?

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func finished() -> Bool {
      skipSpace()
      return at == bytes.count
    }

    mutating func skipSpace() {
      while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    /// Reads one value; false when the text is not JSON.
    mutating func value(path: String, depth: Int) -> Bool {
      skipSpace()
      guard at < bytes.count, depth < 256 else { return false }
      switch bytes[at] {
      case UInt8(ascii: "{"): return object(path: path, depth: depth + 1)
      case UInt8(ascii: "["): return array(path: path, depth: depth + 1)
      case UInt8(ascii: "\""): return string() != nil
      default:
        let start = at
        while at < bytes.count, !Array(",]}: \t\r\n".utf8).contains(bytes[at]) { at += 1 }
        return at > start
      }
    }

    mutating func object(path: String, depth: Int) -> Bool {
      at += 1
      var names: Set<[UInt32]> = []
      skipSpace()
      if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
        at += 1
        return true
      }
      while true {
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let name = string() else {
          return false
        }
        let member = path.isEmpty ? name : "\(path).\(name)"
        if !names.insert(name.unicodeScalars.map(\.value)).inserted, duplicate == nil {
          duplicate = member
        }
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return false }
        at += 1
        guard value(path: member, depth: depth) else { return false }
        skipSpace()
        guard at < bytes.count else { return false }
        if bytes[at] == UInt8(ascii: "}") {
          at += 1
          return true
        }
        guard bytes[at] == UInt8(ascii: ",") else { return false }
        at += 1
      }
    }

    mutating func array(path: String, depth: Int) -> Bool {
      at += 1
      skipSpace()
      if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
        at += 1
        return true
      }
      var index = 0
      while true {
        guard value(path: "\(path)[\(index)]", depth: depth) else { return false }
        index += 1
        skipSpace()
        guard at < bytes.count else { return false }
        if bytes[at] == UInt8(ascii: "]") {
          at += 1
          return true
        }
        guard bytes[at] == UInt8(ascii: ",") else { return false }
        at += 1
      }
    }

    /// A string at `at` (on its opening quote), its escapes decoded.
    mutating func string() -> String? {
      at += 1
      var scalars = String.UnicodeScalarView()
      var raw: [UInt8] = []
      func flush() {
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        raw.removeAll()
      }
      while at < bytes.count {
        let byte = bytes[at]
        at += 1
        if byte == UInt8(ascii: "\"") {
          flush()
          return String(scalars)
        }
        guard byte == UInt8(ascii: "\\") else {
          raw.append(byte)
          continue
        }
        flush()
        guard at < bytes.count else { return nil }
        let escape = bytes[at]
        at += 1
        switch escape {
        case UInt8(ascii: "u"):
          guard var code = hex4() else { return nil }
          if (0xD800..<0xDC00).contains(code), bytes[at...].starts(with: Array("\\u".utf8)) {
            let saved = at
            at += 2
            if let low = hex4(), (0xDC00..<0xE000).contains(low) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else {
              at = saved
            }
          }
          scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        default: scalars.append(Unicode.Scalar(escape))
        }
      }
      return nil
    }

    mutating func hex4() -> UInt32? {
      guard at + 4 <= bytes.count,
        let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
      else { return nil }
      at += 4
      return code
    }
  }
}
