import Testing

@testable import Patchbay

/// The two ways a connection of `inventory.json` is read: the plain reader, which takes the
/// common case straight from the tape, and the reader that explains problems, which takes
/// everything. Where the plain one accepts, both must make the same connection; and the
/// common shapes must be plain, or the fast path would never run.
@Suite struct ConnectionReadingTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let json: String
    /// Whether the plain reader is expected to take it.
    let plain: Bool
    /// Whether the explaining reader finds a problem.
    let problem: Bool
    var testDescription: String { name }
  }

  static let required =
    #""id": "conn-1", "account": "1001", "accessPoint": "ap-1", "portType": "10GBase-LR", "status": "Enabled""#

  static let cases: [Case] = [
    Case(
      name: "every member",
      json: #"{"# + required
        + #", "device": "dev-1", "port": "1/1/3", "redundantConnection": "conn-2"}"#,
      plain: true, problem: false),
    Case(name: "required members only", json: "{\(required)}", plain: true, problem: false),
    Case(
      name: "optional members null",
      json: #"{"# + required + #", "device": null, "port": null, "redundantConnection": null}"#,
      plain: true, problem: false),
    Case(
      name: "members in another order",
      json:
        #"{"status": "Initial", "portType": "1000Base-LX", "accessPoint": "ap-1", "account": "7", "id": "c"}"#,
      plain: true, problem: false),
    Case(
      name: "unknown members, nested ones skipped whole",
      json: #"{"note": {"id": 5, "deep": [1, {"status": 2}]}, "# + required
        + #", "tags": ["a", "b"], "n": 3}"#,
      plain: true, problem: false),
    Case(
      name: "an empty port name (optional)", json: #"{"# + required + #", "port": ""}"#,
      plain: true, problem: false),
    Case(
      name: "text beyond ASCII without a control character",
      json:
        #"{"id": "机房-1", "account": "1001", "accessPoint": "ap-1", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: true, problem: false),
    Case(
      name: "a name written with escapes",
      json:
        #"{"\u0069d": "conn-1", "account": "1001", "accessPoint": "ap-1", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: false),
    Case(
      name: "a value written with escapes",
      json:
        #"{"id": "conn\u002d1", "account": "1001", "accessPoint": "ap-1", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: false),
    Case(
      name: "a character of U+0080 to U+00BF, which is not a control character",
      json:
        #"{"id": "conn-1°", "account": "1001", "accessPoint": "ap-1", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: false),
    Case(
      name: "a DEL in the id",
      json: "{\"id\": \"conn\u{7F}1\", \"account\": \"1001\", \"accessPoint\": \"ap-1\", "
        + "\"portType\": \"10GBase-LR\", \"status\": \"Enabled\"}",
      plain: false, problem: true),
    Case(
      name: "an unknown port type",
      json:
        #"{"id": "c", "account": "1", "accessPoint": "a", "portType": "10G", "status": "Enabled"}"#,
      plain: false, problem: true),
    Case(
      name: "an unknown status",
      json:
        #"{"id": "c", "account": "1", "accessPoint": "a", "portType": "10GBase-LR", "status": "On"}"#,
      plain: false, problem: true),
    Case(
      name: "an empty id",
      json:
        #"{"id": "", "account": "1", "accessPoint": "a", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: true),
    Case(
      name: "a number for an id",
      json:
        #"{"id": 7, "account": "1", "accessPoint": "a", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: true),
    Case(
      name: "a missing account",
      json: #"{"id": "c", "accessPoint": "a", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: true),
    Case(
      name: "a null required member",
      json:
        #"{"id": "c", "account": null, "accessPoint": "a", "portType": "10GBase-LR", "status": "Enabled"}"#,
      plain: false, problem: true),
    Case(name: "not an object", json: #""conn-1""#, plain: false, problem: true),
  ]

  @Test(arguments: cases)
  func bothReadersAgree(_ testCase: Case) throws {
    // Two copies in one array, so the second is read with the first's repeated values cached.
    let document = try JSONDocument(bytes: Array("[\(testCase.json), \(testCase.json)]".utf8))
    let elements = Array(document.root.elements)
    var plainCache = RepeatedConnectionFields()
    var explainingCache = RepeatedConnectionFields()
    for (index, element) in elements.enumerated() {
      let plain = document.withTape { plainCache.plainConnection(at: element.index, in: $0) }
      var problems: [InputError.Problem] = []
      let explained = ConnectionFields.readConnection(
        element, index: index, base: "connections", &explainingCache, &problems)
      #expect((plain != nil) == testCase.plain)
      #expect(problems.isEmpty == !testCase.problem, "\(problems)")
      #expect((explained == nil) == testCase.problem)
      if let plain {
        #expect(plain == explained)
      }
    }
  }
}
