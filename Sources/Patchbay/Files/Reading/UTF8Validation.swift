/// Strict UTF-8 checks (no overlong forms, no surrogates, nothing past U+10FFFF), shared by the
/// JSON and CSV readers so that invalid bytes are reported with their place.
enum UTF8Validation {
  /// The length of the valid multi-byte sequence starting at `offset`, or `nil` if invalid.
  static func sequenceLength<Bytes: RandomAccessCollection<UInt8>>(
    in bytes: Bytes, at offset: Int
  ) -> Int? where Bytes.Index == Int {
    let lead = bytes[offset]
    let length: Int
    var lowerBound: UInt8 = 0x80
    var upperBound: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      lowerBound = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      upperBound = 0x9F
    case 0xF0:
      length = 4
      lowerBound = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      upperBound = 0x8F
    default: return nil
    }
    guard offset + length <= bytes.count else { return nil }
    let second = bytes[offset + 1]
    guard second >= lowerBound && second <= upperBound else { return nil }
    for index in (offset + 2)..<(offset + length) where bytes[index] & 0xC0 != 0x80 {
      return nil
    }
    return length
  }

  /// The byte offset of the first invalid sequence, or `nil` when all of `bytes` is UTF-8.
  static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset < bytes.count {
      if bytes[offset] < 0x80 {
        offset += 1
      } else if let length = sequenceLength(in: bytes, at: offset) {
        offset += length
      } else {
        return offset
      }
    }
    return nil
  }
}
