import Foundation

/// Reads the common `loa.json` straight from its bytes, in one pass, without a ``JSONDocument``:
/// `approve --all` reads about 100,000 stored LOAs, and parsing each into a tape, then looking
/// each member up by name through values that each retain the document, cost 3.6 µs a letter.
///
/// The common case is a letter the explaining reader (``LOADecoder/explaining(_:file:)``)
/// accepts without a word: an object of the LOA's own members (each at most once), strings
/// without escapes (valid UTF-8, no control character), a construction type and a time that
/// read, a positive bandwidth written as plain digits or `null`, and 1 to 16 field engineers of
/// four members each, every value passing ``LetterOfAuthorization``'s and ``FieldEngineer``'s
/// initializers, which make the letter here too. Anything else (an unknown member, a member
/// given twice, an escape, another type, white space before the text's end aside, a rule
/// broken) is `nil`, for the explaining reader to read again and to report exactly as it always
/// has. On what this accepts, both make the same letter.
struct PlainLOAReader {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The letter in `bytes` when it is the common case; `nil` otherwise.
  static func letter(in bytes: UnsafeBufferPointer<UInt8>) -> LetterOfAuthorization? {
    guard bytes.count <= JSONDocument.maximumBytes else { return nil }
    var reader = PlainLOAReader(bytes)
    return reader.letter()
  }

  /// The LOA's members, by the length of their names (each length is one member's).
  private enum Member {
    case companyName, constructionCompany, constructionType, scheduledConstructionTime
    case location, bandwidthMbps, fieldEngineers

    @inline(__always)
    init?(_ name: UnsafeBufferPointer<UInt8>) {
      func named(_ text: StaticString) -> Bool { PlainLOAReader.same(name, text) }
      switch name.count {
      case 11 where named("companyName"): self = .companyName
      case 19 where named("constructionCompany"): self = .constructionCompany
      case 16 where named("constructionType"): self = .constructionType
      case 25 where named("scheduledConstructionTime"): self = .scheduledConstructionTime
      case 8 where named("location"): self = .location
      case 13 where named("bandwidthMbps"): self = .bandwidthMbps
      case 14 where named("fieldEngineers"): self = .fieldEngineers
      default: return nil
      }
    }

    var bit: UInt8 {
      switch self {
      case .companyName: 1
      case .constructionCompany: 2
      case .constructionType: 4
      case .scheduledConstructionTime: 8
      case .location: 16
      case .bandwidthMbps: 32
      case .fieldEngineers: 64
      }
    }
  }

  /// A field engineer's members, by the length of their names.
  private enum EngineerMember {
    case name, contact, certificateType, certificateNumber

    @inline(__always)
    init?(_ name: UnsafeBufferPointer<UInt8>) {
      func named(_ text: StaticString) -> Bool { PlainLOAReader.same(name, text) }
      switch name.count {
      case 4 where named("name"): self = .name
      case 7 where named("contact"): self = .contact
      case 15 where named("certificateType"): self = .certificateType
      case 17 where named("certificateNumber"): self = .certificateNumber
      default: return nil
      }
    }

    var bit: UInt8 {
      switch self {
      case .name: 1
      case .contact: 2
      case .certificateType: 4
      case .certificateNumber: 8
      }
    }
  }

  private mutating func letter() -> LetterOfAuthorization? {
    skipWhitespace()
    guard take(UInt8(ascii: "{")) else { return nil }
    var seen: UInt8 = 0
    var company: String?
    var installer: String?
    var type: ConstructionType?
    var time: Date?
    var location: String?
    var bandwidth: Int?
    var engineers: [FieldEngineer] = []
    repeat {
      guard let name = memberName(), let member = Member(name), seen & member.bit == 0 else {
        return nil
      }
      seen |= member.bit
      switch member {
      case .companyName:
        guard let text = requiredString() else { return nil }
        company = text
      case .constructionCompany:
        guard let text = requiredString() else { return nil }
        installer = text
      case .constructionType:
        guard let text = stringBytes(), let known = Self.constructionType(text) else {
          return nil
        }
        type = known
      case .scheduledConstructionTime:
        guard let text = stringBytes(), case .success(let date) = ISO8601Time.check(utf8: text)
        else { return nil }
        time = date
      case .location:
        if takeNull() { break }
        guard let text = stringBytes() else { return nil }
        location = String(decoding: text, as: UTF8.self)
      case .bandwidthMbps:
        if takeNull() { break }
        guard let number = positiveInteger() else { return nil }
        bandwidth = number
      case .fieldEngineers:
        guard let list = fieldEngineers() else { return nil }
        engineers = list
      }
      skipWhitespace()
    } while take(UInt8(ascii: ","))
    guard take(UInt8(ascii: "}")) else { return nil }
    skipWhitespace()
    guard position == bytes.count, let company, let installer, let type, let time,
      !engineers.isEmpty
    else { return nil }
    return try? LetterOfAuthorization(
      companyName: company, constructionCompany: installer, constructionType: type,
      scheduledConstructionTime: time, location: location, bandwidthMbps: bandwidth,
      fieldEngineers: engineers)
  }

  /// 1 to ``LetterOfAuthorization/maxFieldEngineers`` objects of the four members each.
  private mutating func fieldEngineers() -> [FieldEngineer]? {
    guard take(UInt8(ascii: "[")) else { return nil }
    var engineers: [FieldEngineer] = []
    repeat {
      skipWhitespace()
      guard engineers.count < LetterOfAuthorization.maxFieldEngineers,
        let engineer = fieldEngineer()
      else { return nil }
      engineers.append(engineer)
      skipWhitespace()
    } while take(UInt8(ascii: ","))
    guard take(UInt8(ascii: "]")) else { return nil }
    return engineers
  }

  private mutating func fieldEngineer() -> FieldEngineer? {
    guard take(UInt8(ascii: "{")) else { return nil }
    var seen: UInt8 = 0
    var name: String?
    var contact: String?
    var certificate: CertificateType?
    var number: String?
    repeat {
      guard let memberName = memberName(), let member = EngineerMember(memberName),
        seen & member.bit == 0
      else { return nil }
      seen |= member.bit
      switch member {
      case .name:
        guard let text = requiredString() else { return nil }
        name = text
      case .contact:
        guard let text = requiredString() else { return nil }
        contact = text
      case .certificateType:
        guard let text = stringBytes(), let known = Self.certificateType(text) else { return nil }
        certificate = known
      case .certificateNumber:
        guard let text = requiredString() else { return nil }
        number = text
      }
      skipWhitespace()
    } while take(UInt8(ascii: ","))
    guard take(UInt8(ascii: "}")), let name, let contact, let certificate, let number else {
      return nil
    }
    return try? FieldEngineer(
      name: name, contact: contact, certificateType: certificate, certificateNumber: number)
  }

  // MARK: JSON, the common case only

  @inline(__always)
  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  /// Whether the next byte is `byte`, taking it if so.
  @inline(__always)
  private mutating func take(_ byte: UInt8) -> Bool {
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  /// A member's name and the colon after it, white space around both skipped.
  @inline(__always)
  private mutating func memberName() -> UnsafeBufferPointer<UInt8>? {
    skipWhitespace()
    guard let name = stringBytes() else { return nil }
    skipWhitespace()
    guard take(UInt8(ascii: ":")) else { return nil }
    skipWhitespace()
    return name
  }

  /// The bytes between the quotes of a string without escapes that is valid UTF-8 and holds no
  /// raw control character (which JSON refuses); `nil` for anything else.
  private mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
    guard take(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return nil }
    let start = position
    let end = bytes.count
    var index = start
    // Eight bytes at a time while none of them is a quote, a backslash, a control character
    // or beyond ASCII; then straight to the first that is, for the loop below to look at.
    while index + 8 <= end {
      let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
      let special = Self.specialBytes(word)
      guard special == 0 else {
        index += special.trailingZeroBitCount >> 3
        break
      }
      index += 8
    }
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        position = index + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
      }
      if byte >= 0x20 && byte < 0x80 {
        guard byte != UInt8(ascii: "\\") else { return nil }
        index += 1
      } else {
        guard byte >= 0x80, let length = UTF8Validation.sequenceLength(in: bytes, at: index)
        else { return nil }
        index += length
      }
    }
    return nil
  }

  /// The top bit of each byte of `word` (the first byte the lowest) that is a quote, a
  /// backslash, below 0x20 or 0x80 and above, by the classic "has a zero byte" and "has a byte
  /// less than" tests. A byte above one of those may be marked too (a borrow carries upward),
  /// so only the lowest mark is sure, and only the lowest is used.
  @inline(__always)
  private static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
    let belowSpace = (word &- ones &* 0x20) & ~word & highs
    return (word & highs) | belowSpace | zeroBytes(word ^ (ones &* 0x22))
      | zeroBytes(word ^ (ones &* 0x5C))
  }

  /// Whether `bytes` are the UTF-8 of `text`.
  @inline(__always)
  private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
    guard bytes.count == text.utf8CodeUnitCount else { return false }
    guard let base = bytes.baseAddress else { return true }
    return memcmp(base, text.utf8Start, bytes.count) == 0
  }

  /// A string that is not empty (the explaining reader refuses an empty required member).
  @inline(__always)
  private mutating func requiredString() -> String? {
    guard let text = stringBytes(), !text.isEmpty else { return nil }
    return String(decoding: text, as: UTF8.self)
  }

  /// Whether the next value is `null`, taking it if so.
  @inline(__always)
  private mutating func takeNull() -> Bool {
    guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"),
      bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
      bytes[position + 3] == UInt8(ascii: "l")
    else { return false }
    position += 4
    return true
  }

  /// A number written as 1 to 18 digits, the first not 0 (so it fits and is positive), not
  /// followed by a fraction or an exponent: those, and anything else, are `nil`.
  private mutating func positiveInteger() -> Int? {
    let start = position
    var value = 0
    while position < bytes.count, position - start < 18 {
      let digit = bytes[position] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      guard digit > 0 || position > start else { return nil }
      value = value * 10 + Int(digit)
      position += 1
    }
    guard position > start, position < bytes.count else { return nil }
    switch bytes[position] {
    case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "}"): return value
    default: return nil
    }
  }

  private static func constructionType(_ text: UnsafeBufferPointer<UInt8>) -> ConstructionType? {
    func named(_ name: StaticString) -> Bool { same(text, name) }
    switch text.count {
    case 4 where named("MSTP"): return .mstp
    case 7 where named("MPLSVPN"): return .mplsvpn
    case 5 where named("FIBRE"): return .fibre
    case 6 where named("Others"): return .others
    default: return nil
    }
  }

  private static func certificateType(_ text: UnsafeBufferPointer<UInt8>) -> CertificateType? {
    func named(_ name: StaticString) -> Bool { same(text, name) }
    switch text.count {
    case 6 where named("IDCard"): return .idCard
    case 8 where named("Passport"): return .passport
    default: return nil
    }
  }
}
