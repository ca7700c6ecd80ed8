import Testing

@testable import Patchbay

/// FORMATS.md "Identifiers": ids, accounts, references and port names are compared as exact
/// Unicode scalar sequences, and a control character in one is refused.
@Suite struct IdentifierRuleTests {
  static let precomposed = "caf\u{E9}"
  static let decomposed = "cafe\u{301}"

  @Test func canonicallyEquivalentIDsAreTwoIDs() {
    // Swift's String == says they are one; the rule (and the SQLite store) says two.
    #expect(Self.precomposed == Self.decomposed)
    let a = RequestID(Self.precomposed)
    let b = RequestID(Self.decomposed)
    #expect(a != b)
    #expect(Set([a, b]).count == 2)
    #expect(Dictionary(uniqueKeysWithValues: [(a, 1), (b, 2)])[b] == 2)
    #expect(a == RequestID("caf\u{E9}"))
  }

  /// Ordered by UTF-8 bytes, which is code point order.
  @Test(arguments: [
    ("a", "b", true), ("b", "a", false), ("a", "ab", true), ("Z", "a", true),
    ("cafe\u{301}", "caf\u{E9}", true), ("\u{E9}", "\u{1F600}", true), ("x", "x", false),
  ])
  func idsOrderByTheirBytes(_ lhs: String, _ rhs: String, _ less: Bool) {
    #expect((DeviceID(lhs) < DeviceID(rhs)) == less)
  }

  @Test(
    arguments: [
      ("ok", nil), ("caf\u{E9}", nil), ("\u{A0}nbsp", nil), ("a\u{0}b", "\\u{0}"),
      ("a\u{1B}[2J", "\\u{1B}"), ("line\nbreak", "\\u{A}"), ("del\u{7F}", "\\u{7F}"),
      ("c1\u{85}", "\\u{85}"), ("c1\u{9F}", "\\u{9F}"), ("tab\t", "\\u{9}"),
    ] as [(String, String?)])
  func controlCharactersBreakTheRule(_ text: String, _ escaped: String?) {
    let problem = IdentifierRule.problem(text)
    #expect((problem == nil) == (escaped == nil))
    if let escaped, let problem {
      #expect(problem.contains("control character \(escaped)"))
      #expect(!problem.unicodeScalars.contains(where: IdentifierRule.isControl))
    }
  }

  @Test(arguments: [
    ("plain", "plain"), ("a\nb", "a\\u{A}b"), ("\u{1B}[31mred", "\\u{1B}[31mred"),
    ("\u{0}", "\\u{0}"), ("caf\u{E9}", "caf\u{E9}"), ("\r\u{85}", "\\u{D}\\u{85}"),
  ])
  func printedTextEscapesControlCharacters(_ text: String, _ escaped: String) {
    #expect(text.escapingControlCharacters == escaped)
  }

  /// An input error quoting a bad value prints one line per problem, whatever the value.
  @Test func anInputErrorCannotFakeALine() {
    let error = InputError(
      file: "in\nput.json", place: "x", message: "unknown value \"a\nfake: line\u{1B}[2K\"")
    #expect(!error.description.contains("\n"))
    #expect(error.description.contains("\\u{A}fake: line\\u{1B}[2K"))
  }

  static let inventoryTemplate = """
    {"regions": [{"id": "REGION"}],
     "accessPoints": [{"id": "AP", "region": "REGION", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]}],
     "devices": [{"id": "DEVICE", "accessPoint": "AP",
                  "ports": [{"name": "PORT", "portTypes": ["10GBase-LR"]}]}],
     "connections": [{"id": "CONN", "account": "ACCOUNT", "accessPoint": "AP",
                      "device": "DEVICE", "port": "PORT", "portType": "10GBase-LR",
                      "status": "Enabled"}],
     "highSpeedWhitelist": ["WHITE"]}
    """

  static func inventory(replacing word: String, with text: String) -> [UInt8] {
    var inventory = inventoryTemplate
    for name in ["REGION", "AP", "DEVICE", "PORT", "CONN", "ACCOUNT", "WHITE"] {
      inventory = inventory.replacingOccurrences(
        of: "\"\(name)\"", with: name == word ? "\"\(text)\"" : "\"\(name.lowercased())\"")
    }
    return Array(inventory.utf8)
  }

  @Test func theTemplateIsAValidInventory() throws {
    _ = try InventoryDecoder.decode(Self.inventory(replacing: "", with: ""), file: "i.json")
  }

  /// Written as JSON escapes (`\u0000`, `\u001b`) or raw (DEL, U+0085), in every kind of id.
  @Test(arguments: [
    ("REGION", #"r\u0000"#, "regions[0].id"),
    ("AP", #"a\u001b[2J"#, "accessPoints[0].id"),
    ("DEVICE", "d\u{7F}", "devices[0].id"),
    ("PORT", #"1/1\n"#, "devices[0].ports[0].name"),
    ("CONN", "c\u{85}", "connections[0].id"),
    ("ACCOUNT", #"1001\u0000"#, "connections[0].account"),
    ("WHITE", #"\u0007"#, "highSpeedWhitelist[0]"),
  ])
  func anInventoryIDWithAControlCharacterIsRefused(
    _ word: String, _ text: String, _ place: String
  ) {
    #expect {
      _ = try InventoryDecoder.decode(Self.inventory(replacing: word, with: text), file: "i.json")
    } throws: { error in
      (error as? InputError)?.problems.contains {
        $0.place == place && $0.message.contains("control character")
      } == true
    }
  }

  @Test(arguments: [
    (#"{"requests": [{"id": "a\u0000"}]}"#, "requests[0].id"),
    (#"{"requests": [{"id": "a"}, {"id": "b", "account": "1\u001b"}]}"#, "requests[1].account"),
    (
      #"{"requests": [{"id": "a", "redundantConnection": "x\n"}]}"#,
      "requests[0].redundantConnection"
    ),
    (#"{"requests": [{"id": "a", "region": "r\u0085"}]}"#, "requests[0].region"),
  ])
  func aRequestsFileWithAControlCharacterInAnIDIsRefused(_ text: String, _ place: String) {
    #expect {
      _ = try RequestsDecoder.decode(Array(text.utf8), file: "r.json", format: .json)
    } throws: { error in
      (error as? InputError)?.problems.first?.place == place
    }
  }

  @Test(arguments: [
    ("\"r1\"", #""r\u0000""#, "assignments[0].request"),
    ("\"d1\"", #""d\n""#, "assignments[0].device"),
    ("\"1/1/1\"", #""1/1/1\u001b""#, "assignments[0].port"),
    ("\"1001\"", "\"1001\u{7F}\"", "assignments[0].account"),
    ("\"r3\"", #""r\t""#, "unplaced[0].request"),
  ])
  func aPlanWithAControlCharacterInAnIDIsRefused(_ old: String, _ new: String, _ place: String) {
    let text = PlanDecoderTests.base.replacingOccurrences(of: old, with: new)
    #expect {
      _ = try PlanDecoder.decode(Array(text.utf8), file: "plan.json")
    } throws: { error in
      (error as? InputError)?.problems.first?.place == place
    }
  }

  @Test func aCSVCellWithAControlCharacterInAnIDIsRefused() {
    let text = "id,account\nok,1\nbad,\"1\u{7F}\"\n"
    #expect {
      _ = try RequestsDecoder.decode(Array(text.utf8), file: "r.csv", format: .csv)
    } throws: { error in
      (error as? InputError)?.problems.first?.place == "line 3, column 2 (account)"
    }
  }

  /// Not ids: a line operator with a control character is an unknown value, which validation
  /// rejects; the message printed as text escapes it.
  @Test func otherFieldsAreLeftToValidation() throws {
    let text = #"{"requests": [{"id": "a", "lineOperator": "CT\u001b"}]}"#
    let requests = try RequestsDecoder.decode(Array(text.utf8), file: "r.json", format: .json)
    #expect(requests.first?.lineOperator == "CT\u{1B}")
  }

  /// A rejection's message is one line whatever the request held: a value with a line break
  /// is written escaped in the message itself, so a service that logs it cannot be fooled.
  @Test(arguments: [
    ("portSpec", "40\nG"), ("lineOperator", "CT\r\nfake: line"), ("region", "r\u{1B}[2J"),
  ])
  func aRejectionMessageIsOneLine(_ field: String, _ value: String) throws {
    let inventory = try InventoryDecoder.decode(Array(Self.inventory.utf8), file: "i.json")
    var request = Self.request("q")
    switch field {
    case "portSpec": request.portSpec = value
    case "lineOperator": request.lineOperator = value
    default: request.region = value
    }
    let rejection = try #require(
      BatchValidator(inventory: inventory).validate([request]).rejections.first)
    #expect(!rejection.message.unicodeScalars.contains { $0.value < 0x20 }, "\(rejection.message)")
    #expect(rejection.message.contains("\\u{"), "\(rejection.message)")
  }

  static let inventory = """
    {"regions": [{"id": "r"}],
     "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]}],
     "devices": [{"id": "d1", "accessPoint": "a",
                  "ports": [{"names": "p1-4", "portTypes": ["10GBase-LR"]}]},
                 {"id": "d2", "accessPoint": "a",
                  "ports": [{"names": "p1-4", "portTypes": ["10GBase-LR"]}]}],
     "connections": []}
    """

  static func request(_ id: String, account: String = "1", partner: String? = nil) -> Request {
    Request(
      id: RequestID(id), account: account, region: "r", accessPoint: "a", lineOperator: "CT",
      portSpec: "10G", portType: "10GBase-LR", redundantConnection: partner)
  }

  /// A request built in code skips the readers: validation rejects it, naming the field.
  @Test(arguments: [
    (request("a\u{0}b"), "id"), (request("a", account: "1\u{1B}"), "account"),
    (request("a", partner: "b\n"), "redundantConnection"),
  ])
  func aRequestBuiltInCodeWithAControlCharacterIsMalformed(_ request: Request, _ field: String)
    throws
  {
    let inventory = try InventoryDecoder.decode(Array(Self.inventory.utf8), file: "i.json")
    let result = BatchValidator(inventory: inventory).validate([request])
    let rejection = try #require(result.rejections.first)
    #expect(rejection.code == .malformedRequest)
    #expect(rejection.message.hasPrefix("\(field) \""))
    #expect(rejection.message.contains("control character"))
  }

  /// Two requests whose ids differ only in normalisation are two requests: both valid, and a
  /// partner reference finds the one it names byte for byte.
  @Test func aBatchKeepsCanonicallyEquivalentIDsApart() throws {
    let inventory = try InventoryDecoder.decode(Array(Self.inventory.utf8), file: "i.json")
    let batch = [
      Self.request(Self.precomposed), Self.request(Self.decomposed, partner: Self.precomposed),
    ]
    let text = """
      {"requests": [{"id": "\(Self.precomposed)"}, {"id": "\(Self.decomposed)"}]}
      """
    #expect(try RequestsDecoder.decode(Array(text.utf8), file: "r.json", format: .json).count == 2)
    let result = BatchValidator(inventory: inventory).validate(batch)
    #expect(result.rejections.isEmpty, "\(result.rejections)")
    #expect(result.accepted.count == 2)
    #expect(result.accepted[1].partner == .request(RequestID(Self.precomposed)))
  }

  /// Port names follow the rule too: two ports of one device whose names differ only in
  /// normalisation are two ports, and a connection holds the one it names.
  @Test func portNamesAreComparedExactly() throws {
    let text = """
      {"regions": [{"id": "r"}],
       "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                         "portTypes": ["10GBase-LR"]}],
       "devices": [{"id": "d", "accessPoint": "a",
                    "ports": [{"name": "\(Self.precomposed)", "portTypes": ["10GBase-LR"]},
                              {"name": "\(Self.decomposed)", "portTypes": ["10GBase-LR"]}]}],
       "connections": [{"id": "c", "account": "1", "accessPoint": "a", "device": "d",
                        "port": "\(Self.decomposed)", "portType": "10GBase-LR",
                        "status": "Enabled"}]}
      """
    let inventory = try InventoryDecoder.decode(Array(text.utf8), file: "i.json")
    #expect(inventory.devices[0].ports.count == 2)
    #expect(inventory.portIndex(named: Self.decomposed, onDevice: 0) == 1)
    #expect(inventory.portIndex(named: Self.precomposed, onDevice: 0) == 0)
  }
}
