import Foundation
import Testing

@testable import Patchbay

/// The two ways an LOA is read: the plain reader, which takes the common case straight from the
/// bytes, and the reader that explains problems, which takes everything. Where the plain one
/// accepts, both must make the same letter; where it declines, `decode` must give exactly what
/// the explaining reader gives, letter or error; and the common shapes must be plain, or the
/// fast path would never run.
@Suite struct PlainLOAReaderTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let json: String
    /// Whether the plain reader is expected to take it.
    let plain: Bool
    /// Whether the explaining reader refuses it.
    let refused: Bool
    var testDescription: String { name }
  }

  static let engineer =
    #"{ "name": "Li Wei", "contact": "+86 138 0000 0000", "certificateType": "IDCard", "certificateNumber": "330100199001010000" }"#

  /// An LOA as the store writes it, with members replaced or added.
  static func loa(
    company: String = #""Example Trading Co.""#, installer: String = #""Hangzhou Cabling Ltd""#,
    type: String = #""FIBRE""#, time: String = #""2099-03-01T09:00:00.000Z""#,
    location: String? = #""Yuhang B, room 3""#, bandwidth: String? = "10000",
    engineers: String = "[\(engineer)]", extra: String = ""
  ) -> String {
    var members = [
      #""companyName": "# + company, #""constructionCompany": "# + installer,
      #""constructionType": "# + type, #""scheduledConstructionTime": "# + time,
    ]
    if let location { members.append(#""location": "# + location) }
    if let bandwidth { members.append(#""bandwidthMbps": "# + bandwidth) }
    members.append(#""fieldEngineers": "# + engineers)
    return "{ " + members.joined(separator: ", ") + extra + " }"
  }

  static func engineers(_ count: Int) -> String {
    "[" + Array(repeating: engineer, count: count).joined(separator: ", ") + "]"
  }

  static func engineer(
    name: String = #""Li Wei""#, contact: String = #""+86 571 0000""#,
    type: String = #""IDCard""#, number: String = #""330100""#, extra: String = ""
  ) -> String {
    #"[{"name": "# + name + #", "contact": "# + contact + #", "certificateType": "# + type
      + #", "certificateNumber": "# + number + extra + "}]"
  }

  static func plain(_ name: String, _ json: String) -> Case {
    Case(name: name, json: json, plain: true, refused: false)
  }

  static func declined(_ name: String, _ json: String) -> Case {
    Case(name: name, json: json, plain: false, refused: false)
  }

  static func refused(_ name: String, _ json: String) -> Case {
    Case(name: name, json: json, plain: false, refused: true)
  }

  static let cases: [Case] = [
    plain("the stored shape", loa()),
    plain(
      "the fixture's layout, over several lines",
      """
      { "companyName": "Example Trading Co.", "constructionCompany": "Hangzhou Cabling Ltd",
        "constructionType": "FIBRE", "scheduledConstructionTime": "2099-03-01T09:00:00Z",
        "location": "Yuhang B, room 3", "bandwidthMbps": 10000,
        "fieldEngineers": [
          { "name": "Li Wei", "contact": "+86 138 0000 0000", "certificateType": "IDCard",
            "certificateNumber": "330100199001010000" } ] }

      """),
    plain(
      "compact, no white space at all",
      #"{"companyName":"A","constructionCompany":"B","constructionType":"MSTP","scheduledConstructionTime":"2099-03-01T09:00:00Z","fieldEngineers":[{"name":"L","contact":"1","certificateType":"Passport","certificateNumber":"3"}]}"#
    ),
    plain(
      "tabs and CRLF between the tokens",
      "{\r\n\t\"companyName\" :\t\"A\" ,\r\n\"constructionCompany\":\"B\",\"constructionType\":"
        + "\"Others\",\"scheduledConstructionTime\":\"2099-03-01T09:00:00Z\",\"fieldEngineers\":"
        + "[ {\"name\":\"L\",\"contact\":\"1\",\"certificateType\":\"IDCard\","
        + "\"certificateNumber\":\"3\"} ]\r\n}\r\n"),
    plain(
      "members in another order",
      #"{"fieldEngineers": [{"certificateNumber": "3", "certificateType": "IDCard", "contact": "1", "name": "L"}], "bandwidthMbps": 100, "location": "X", "scheduledConstructionTime": "2099-03-01T09:00:00Z", "constructionType": "MPLSVPN", "constructionCompany": "B", "companyName": "A"}"#
    ),
    plain("location and bandwidth absent", loa(location: nil, bandwidth: nil)),
    plain("location and bandwidth null", loa(location: "null", bandwidth: "null")),
    plain("an empty location (optional)", loa(location: #""""#)),
    plain("a time with an offset", loa(time: #""2099-03-01T17:00:00+08:00""#)),
    plain("a time with nanoseconds", loa(time: #""2099-03-01T09:00:00.123456789Z""#)),
    plain(
      "text beyond ASCII", loa(company: #""杭州贸易有限公司 🚀""#, installer: #""Ünïcödé GmbH""#)),
    plain("a DEL, which JSON and the LOA allow", loa(company: "\"Trading\u{7F}\"")),
    plain(
      "a long company name", loa(company: "\"" + String(repeating: "Example ", count: 40) + "\"")),
    plain("three field engineers", loa(engineers: engineers(3))),
    plain("16 field engineers", loa(engineers: engineers(16))),
    plain("a bandwidth of 18 digits", loa(bandwidth: "123456789012345678")),
    plain("a bandwidth of 1", loa(bandwidth: "1")),
    plain("a passport", loa(engineers: engineer(type: #""Passport""#))),
    declined("an escape in a value", loa(company: #""Example \"Trading\" Co.""#)),
    declined("a \\u escape in a value", loa(company: #""Example \u0054rading""#)),
    declined("an escaped slash in a value", loa(location: #""Room 3\/4""#)),
    declined(
      "an escape in a member name",
      loa().replacingOccurrences(
        of: #""companyName""#, with: #""\u0063ompanyName""#)),
    declined("an extra member", loa(extra: #", "note": {"a": [1, 2]}"#)),
    declined("an extra member of an engineer", loa(engineers: engineer(extra: #", "age": 40"#))),
    declined("a byte order mark", "\u{FEFF}" + loa()),
    declined("a bandwidth of Int.max, 19 digits", loa(bandwidth: "9223372036854775807")),
    refused("no field engineers", loa(engineers: "[]")),
    refused("17 field engineers", loa(engineers: engineers(17))),
    refused("field engineers not an array", loa(engineers: engineer)),
    refused("a field engineer that is a string", loa(engineers: #"["Li Wei"]"#)),
    refused("a field engineer null", loa(engineers: "[null]")),
    refused("a number for the company", loa(company: "5")),
    refused("null for the company", loa(company: "null")),
    refused("an array for the installer", loa(installer: #"["B"]"#)),
    refused("a number for the location", loa(location: "7")),
    refused("a string for the bandwidth", loa(bandwidth: #""10000""#)),
    refused("true for the bandwidth", loa(bandwidth: "true")),
    refused("a number for the construction type", loa(type: "1")),
    refused("a number for a certificate number", loa(engineers: engineer(number: "330100"))),
    refused("null for an engineer's name", loa(engineers: engineer(name: "null"))),
    refused(
      "the company given twice",
      loa(extra: #", "companyName": "Other""#)),
    refused(
      "an engineer's name given twice", loa(engineers: engineer(extra: #", "name": "Wang""#))),
    refused("the fieldEngineers given twice", loa(extra: #", "fieldEngineers": []"#)),
    refused("a day that does not exist", loa(time: #""2099-02-30T10:00:00.000Z""#)),
    refused("a time that is not one", loa(time: #""next Tuesday""#)),
    refused("a time without a zone", loa(time: #""2099-03-01T09:00:00""#)),
    refused("an empty time", loa(time: #""""#)),
    refused("SDH", loa(type: #""SDH""#)),
    refused("a construction type in lower case", loa(type: #""fibre""#)),
    refused("an unknown certificate type", loa(engineers: engineer(type: #""Visa""#))),
    refused("an empty company", loa(company: #""""#)),
    refused("a blank company", loa(company: #""   ""#)),
    refused("a blank installer, white space beyond ASCII", loa(installer: "\"\u{3000}\u{A0}\"")),
    refused("an empty engineer's name", loa(engineers: engineer(name: #""""#))),
    refused("a blank certificate number", loa(engineers: engineer(number: #"" ""#))),
    refused("a blank contact, a tab", loa(engineers: engineer(contact: "\"\\t\""))),
    refused("a bandwidth of 0", loa(bandwidth: "0")),
    refused("a negative bandwidth", loa(bandwidth: "-5")),
    refused("a bandwidth with a fraction", loa(bandwidth: "1.5")),
    refused("a bandwidth with an exponent", loa(bandwidth: "1e3")),
    refused("a bandwidth too large for an integer", loa(bandwidth: "99999999999999999999")),
    refused("a bandwidth with a leading zero", loa(bandwidth: "010")),
    refused(
      "a missing construction type",
      loa().replacingOccurrences(
        of: #""constructionType": "FIBRE", "#, with: "")),
    refused(
      "a missing certificate type",
      #"{"companyName": "A", "constructionCompany": "B", "constructionType": "FIBRE", "scheduledConstructionTime": "2099-03-01T09:00:00Z", "fieldEngineers": [{"name": "L", "contact": "1", "certificateNumber": "3"}]}"#
    ),
    refused(
      "every member wrong at once",
      #"{"companyName": 1, "constructionCompany": "", "constructionType": "SDH", "scheduledConstructionTime": "2099-13-01T00:00:00Z", "bandwidthMbps": -1, "fieldEngineers": [{"name": "", "certificateType": "Visa"}, 5]}"#
    ),
    refused("an empty object", "{}"),
    refused("an array", "[1]"),
    refused("an empty text", ""),
    refused("white space only", " \n"),
    refused("text after the object", loa() + " x"),
    refused("a second object after the first", loa() + loa()),
    refused("a cut-off text", String(loa().dropLast(3))),
    refused("a raw control character in a string", loa(company: "\"Trading\u{01}\"")),
    refused("a raw newline in a string", loa(location: "\"Room\n3\"")),
    refused("a trailing comma", loa(extra: ",")),
    refused("a single-quoted string", loa(company: "'A'")),
    refused("nesting of a value", loa(company: #"{"name": "A"}"#)),
  ]

  /// What a decoding gave, comparable: the letter, or the error's type and every word of it.
  enum Outcome: Equatable {
    case letter(LetterOfAuthorization)
    case error(String)

    init(_ body: () throws -> LetterOfAuthorization) {
      do {
        self = .letter(try body())
      } catch let error as LifecycleError {
        self = .error("LifecycleError \(error.code) \(error.problems) \(error)")
      } catch {
        self = .error("\(type(of: error)) \(error)")
      }
    }
  }

  @Test(arguments: cases)
  func bothReadersAgree(_ testCase: Case) {
    let bytes = Array(testCase.json.utf8)
    let plain = bytes.withUnsafeBufferPointer(PlainLOAReader.letter(in:))
    let explained = Outcome { try LOADecoder.explaining(bytes, file: "loa.json") }
    #expect((plain != nil) == testCase.plain)
    if case .error(let error) = explained {
      #expect(testCase.refused, "\(error)")
    } else {
      #expect(!testCase.refused)
    }
    if let plain {
      #expect(explained == .letter(plain))
    }
    // What the decoder gives, from bytes and from a text, is exactly the explaining reader's.
    #expect(Outcome { try LOADecoder.decode(bytes, file: "loa.json") } == explained)
    #expect(Outcome { try LOADecoder.decode(testCase.json, file: "loa.json") } == explained)
  }

  /// A byte that ends the plain reader's eight-at-a-time scan (an escape, a raw control
  /// character, text beyond ASCII, a DEL) at each place of a word, and the word's edges: the
  /// plain reader takes or declines it as the explaining reader's answer requires.
  @Test(arguments: 0..<20)
  func aSpecialByteAtEveryOffset(_ offset: Int) throws {
    let before = String(repeating: "a", count: offset)
    let after = String(repeating: "b", count: 19 - offset)
    let table: [(inserted: String, plain: Bool, refused: Bool)] = [
      (#"\u0041"#, false, false), (#"\\"#, false, false), (#"\""#, false, false),
      ("\u{01}", false, true), ("\u{1F}", false, true), ("é", true, false),
      ("\u{7F}", true, false), ("机", true, false), ("🚀", true, false), ("\u{85}", true, false),
    ]
    for (inserted, plain, refused) in table {
      let company = "\"" + before + inserted + after + "\""
      bothReadersAgree(
        Case(
          name: "\(inserted) at \(offset)", json: Self.loa(company: company), plain: plain,
          refused: refused))
    }
    // Invalid UTF-8 at the offset: refused by both (the text is bytes here, not a String).
    var bytes = Array(Self.loa(company: "\"" + before + "#" + after + "\"").utf8)
    let hash = try #require(bytes.firstIndex(of: UInt8(ascii: "#")))
    bytes[hash] = 0xC0
    #expect(bytes.withUnsafeBufferPointer(PlainLOAReader.letter(in:)) == nil)
    #expect(throws: InputError.self) { try LOADecoder.decode(bytes, file: "loa.json") }
  }

  /// Every construction type and certificate type is read by the plain reader as it is by
  /// the enumerations' raw values.
  @Test func everyKnownTypeIsPlain() throws {
    for type in ConstructionType.allCases {
      for certificate in CertificateType.allCases {
        let json = Self.loa(
          type: "\"\(type.rawValue)\"",
          engineers: Self.engineer(type: "\"\(certificate.rawValue)\""))
        let letter = try #require(
          Array(json.utf8).withUnsafeBufferPointer(PlainLOAReader.letter(in:)))
        #expect(letter.constructionType == type)
        #expect(letter.fieldEngineers.map(\.certificateType) == [certificate])
      }
    }
  }

  /// A letter written as the store writes it reads back the same through the plain reader.
  @Test func writtenLettersReadBack() throws {
    let engineers = try (0..<3).map { index in
      try FieldEngineer(
        name: "Engineer \(index)", contact: "+86 \(index)", certificateType: .passport,
        certificateNumber: "N\(index)")
    }
    let time = try #require(ISO8601Time.parse("2099-03-01T09:00:00.250Z"))
    for (location, bandwidth) in [("Room 3", 100), (nil, nil)] as [(String?, Int?)] {
      let letter = try LetterOfAuthorization(
        companyName: "Trading \"Quoted\"", constructionCompany: "布线", constructionType: .others,
        scheduledConstructionTime: time, location: location, bandwidthMbps: bandwidth,
        fieldEngineers: engineers)
      var writer = JSONWriter()
      letter.writeJSON(into: &writer) { _ in "2099-03-01T09:00:00.250Z" }
      let text = String(decoding: writer.bytes, as: UTF8.self)
      #expect(try LOADecoder.decode(text, file: "x") == letter)
      // The quotes are escapes, which the plain reader leaves to the explaining one.
      #expect(writer.bytes.withUnsafeBufferPointer(PlainLOAReader.letter(in:)) == nil)
    }
  }

  /// `isBlank`'s shortcut for a text that starts with printable ASCII agrees with the rule it
  /// shortens (every character white space), whatever follows the first byte.
  @Test func isBlankAgreesWithItsRule() {
    var texts = ["", " ", "\t\n", "\u{3000}", "\u{A0}x", "a\u{301}", " a", "\r\n"]
    for byte in UInt8(0)..<0x80 {
      let first = String(Unicode.Scalar(byte))
      texts += [first, first + " ", first + "\u{301}", first + "\u{3000}"]
    }
    for text in texts {
      #expect(text.isBlank == text.allSatisfy(\.isWhitespace), "\(Array(text.unicodeScalars))")
    }
  }
}
