import Testing

@testable import Patchbay

/// The JSON reader: what it accepts, what it refuses, and where it says the problem is.
@Suite struct JSONDocumentTests {
  struct Invalid: CustomTestStringConvertible, Sendable {
    var text: [UInt8]
    var line: Int
    var column: Int
    var says: String
    var testDescription: String { "\(String(decoding: text, as: UTF8.self).debugDescription)" }

    init(_ text: String, line: Int, column: Int, says: String) {
      self.init(bytes: Array(text.utf8), line: line, column: column, says: says)
    }

    init(bytes: [UInt8], line: Int, column: Int, says: String) {
      self.text = bytes
      self.line = line
      self.column = column
      self.says = says
    }
  }

  static let invalid: [Invalid] = [
    Invalid("", line: 1, column: 1, says: "empty"),
    Invalid("  \n ", line: 2, column: 2, says: "white space"),
    Invalid("{\"a\": 1,}", line: 1, column: 9, says: "member name"),
    Invalid("{\"a\" 1}", line: 1, column: 6, says: "':'"),
    Invalid("[1 2]", line: 1, column: 4, says: "',' or ']'"),
    Invalid("{\n  \"a\": tru\n}", line: 2, column: 8, says: "strings need quotes"),
    Invalid("{\"a\": \"x", line: 1, column: 7, says: "ends inside a string"),
    Invalid("[01]", line: 1, column: 2, says: "leading zeros"),
    Invalid("[1.]", line: 1, column: 2, says: "decimal point"),
    Invalid("[-]", line: 1, column: 2, says: "digits"),
    Invalid("[1e]", line: 1, column: 2, says: "exponent"),
    Invalid("[\"\\x\"]", line: 1, column: 3, says: "escape"),
    Invalid("[\"\\u12G4\"]", line: 1, column: 3, says: "four hex digits"),
    Invalid("[\"a\tb\"]", line: 1, column: 4, says: "control character"),
    Invalid("{} {}", line: 1, column: 4, says: "after the end"),
    Invalid("{\"é\": [1,", line: 1, column: 10, says: "ends"),
    Invalid(
      bytes: Array("[\"".utf8) + [0xC3, 0x28] + Array("\"]".utf8), line: 1, column: 3,
      says: "UTF-8"),
    Invalid(
      bytes: Array("[\"".utf8) + [0xC0, 0xAF] + Array("\"]".utf8), line: 1, column: 3,
      says: "UTF-8"),  // overlong '/'
    Invalid(
      bytes: Array("[\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"]".utf8), line: 1,
      column: 3, says: "UTF-8"),  // a surrogate
    Invalid(bytes: [0xFF], line: 1, column: 1, says: "byte 0xFF"),
    Invalid(String(repeating: "[", count: 600), line: 1, column: 513, says: "nesting"),
  ]

  @Test(arguments: invalid)
  func refusesWithPlace(_ invalid: Invalid) {
    #expect {
      _ = try JSONDocument(bytes: invalid.text)
    } throws: { error in
      guard let error = error as? JSONSyntaxError else { return false }
      #expect(error.line == invalid.line, "\(error)")
      #expect(error.column == invalid.column, "\(error)")
      #expect(error.message.contains(invalid.says), "\(error.message)")
      return true
    }
  }

  @Test func readsValuesAndPaths() throws {
    let text = """
      \u{FEFF}{"s": "a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00", "n": -12, "f": 1.5e3, "t": true,
       "z": null, "list": [1, [2, {"x": 3}], 4], "empty": {}, "é": "ü"}
      """
    let document = try JSONDocument(bytes: Array(text.utf8))
    let root = document.root
    #expect(root.kind == .object)
    #expect(root.count == 8)
    #expect(root.member("s")?.string == "a\"b\\c\né😀")
    #expect(root.member("n")?.integer == -12)
    #expect(root.member("f")?.integer == nil)
    #expect(root.member("f")?.typeDescription == "the number 1.5e3")
    #expect(root.member("t")?.kind == .true)
    #expect(root.member("z")?.isNull == true)
    let list = try #require(root.member("list"))
    #expect(list.elements.map(\.kind) == [.number, .array, .number])
    #expect(list.elements.map { $0.integer ?? -1 } == [1, -1, 4])
    #expect(root.member("empty")?.count == 0)
    #expect(root.members.map { $0.name.string ?? "" }.last == "é")
    #expect(root.member("list")?.lineAndColumn.line == 2)
  }

  @Test func integersThatOverflowAreNotIntegers() throws {
    let document = try JSONDocument(bytes: Array("[9223372036854775807, 9223372036854775808]".utf8))
    #expect(document.root.elements.map(\.integer) == [Int.max, nil])
  }

  @Test func writerOutputParsesBack() throws {
    let strings = ["plain", "quote \" and \\ backslash", "tab\tnew\nline", "\u{01}\u{1F}", "é😀"]
    for text in strings {
      var writer = JSONWriter()
      writer.raw("[")
      writer.string(text)
      writer.raw("]")
      let document = try JSONDocument(bytes: writer.bytes)
      #expect(document.root.elements.first(where: { _ in true })?.string == text)
    }
  }
}
