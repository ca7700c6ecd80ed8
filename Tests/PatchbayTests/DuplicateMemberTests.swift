import Testing

@testable import Patchbay

/// A member given twice in any object of any file Patchbay reads is an input error that names
/// the file, the member's JSON path and says it appears twice (FORMATS.md "How Patchbay reads
/// this contract"): first-wins or last-wins would let a doubled `status` free a live port.
@Suite struct DuplicateMemberTests {
  enum Reader: String, CaseIterable, CustomStringConvertible {
    case inventory, requestsJSON, singleRequest, plan, loa

    var description: String { rawValue }

    func read(_ text: String) throws {
      let bytes = Array(text.utf8)
      switch self {
      case .inventory: _ = try InventoryDecoder.decode(bytes, file: "f.json")
      case .requestsJSON: _ = try RequestsDecoder.decode(bytes, file: "f.json", format: .json)
      case .singleRequest: _ = try RequestsDecoder.decodeSingle(bytes, file: "f.json")
      case .plan: _ = try PlanDecoder.decode(bytes, file: "f.json")
      case .loa: _ = try LOADecoder.decode(bytes, file: "f.json")
      }
    }
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var reader: Reader
    var text: String
    var path: String
    var testDescription: String { "\(reader): \(path)" }
  }

  static let inventoryWithDoubledStatus = """
    {"regions": [{"id": "r"}],
     "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]}],
     "devices": [{"id": "d", "accessPoint": "a",
                  "ports": [{"names": "1/1/1-2", "portTypes": ["10GBase-LR"]}]}],
     "connections": [
       {"id": "c0", "account": "1", "accessPoint": "a", "portType": "10GBase-LR",
        "status": "Initial"},
       {"id": "c1", "account": "1", "accessPoint": "a", "device": "d", "port": "1/1/1",
        "portType": "10GBase-LR", "status": "Enabled", "status": "Canceled"}]}
    """

  static let cases: [Case] = [
    Case(reader: .inventory, text: inventoryWithDoubledStatus, path: "connections[1].status"),
    Case(
      reader: .inventory, text: #"{"regions": [], "connections": [], "connections": []}"#,
      path: "connections"),
    Case(
      reader: .inventory,
      text: #"{"devices": [{}, {}, {"id": "d", "ports": [{"name": "1", "name": "2"}]}]}"#,
      path: "devices[2].ports[0].name"),
    Case(
      reader: .requestsJSON,
      text: #"{"requests": [{"id": "a"}, {"id": "b", "account": "1", "account": "2"}]}"#,
      path: "requests[1].account"),
    Case(reader: .requestsJSON, text: #"{"requests": [], "requests": []}"#, path: "requests"),
    Case(
      reader: .singleRequest, text: #"{"id": "a", "region": "r", "region": "s"}"#, path: "region"),
    Case(
      reader: .plan,
      text: #"{"assignments": [{"request": "a", "gap": {"placed": 1, "placed": 2}}]}"#,
      path: "assignments[0].gap.placed"),
    Case(
      reader: .loa,
      text: #"{"companyName": "x", "fieldEngineers": [{"name": "a", "name": "b"}]}"#,
      path: "fieldEngineers[0].name"),
    // Written with an escape, the name is still the same member.
    Case(reader: .singleRequest, text: #"{"id": "a", "\u0069d": "b"}"#, path: "id"),
    Case(reader: .singleRequest, text: #"{"\u0069d": "a", "x": 1, "id": "b"}"#, path: "id"),
    Case(
      reader: .singleRequest, text: #"{"id": "a", "caf\u00e9": 1, "café": 2}"#, path: "café"),
    // Deep inside values nobody reads: still refused.
    Case(
      reader: .requestsJSON,
      text: #"{"requests": [], "extra": [[{"x": {"y": 1, "y": 2}}]]}"#,
      path: "extra[0][0].x.y"),
  ]

  @Test(arguments: cases)
  func aDoubledMemberIsAnInputErrorNamingItsPath(_ testCase: Case) {
    #expect {
      try testCase.reader.read(testCase.text)
    } throws: { error in
      guard let error = error as? InputError, error.kind == .invalid,
        let problem = error.problems.first
      else { return false }
      return error.file == "f.json" && problem.place == testCase.path
        && problem.message.contains("appears twice")
    }
  }

  /// An object of many members keeps a set of names; the repeat is found all the same, and
  /// the message gives both places.
  @Test(arguments: [2, 17, 40, 5000])
  func aRepeatIsFoundInObjectsOfAnySize(_ members: Int) {
    var names = (0..<members).map { "\"m\($0)\": \($0)" }
    names.append("\"m\(members / 2)\": 0")
    let text = "{\"requests\": [], \"big\": {\(names.joined(separator: ", "))}}"
    #expect {
      _ = try RequestsDecoder.decode(Array(text.utf8), file: "f.json", format: .json)
    } throws: { error in
      let problem = (error as? InputError)?.problems.first
      return problem?.place == "big.m\(members / 2)"
        && problem?.message.contains("line 1, column") == true
    }
  }

  /// Names are the same only when their Unicode scalars are: a precomposed and a decomposed
  /// `é` are two members, and the same name in two objects is no repeat.
  @Test(arguments: [
    #"{"caf\u00e9": 1, "cafe\u0301": 2}"#,
    #"{"a": {"x": 1}, "b": {"x": 1}, "x": [{"x": 1}, {"x": 2}]}"#,
    #"{"id": 1, "Id": 2, "ID": 3, "i": 4, "d": 5}"#,
  ])
  func distinctNamesAreAccepted(_ text: String) throws {
    let document = try JSONDocument(bytes: Array(text.utf8))
    #expect(document.root.kind == .object)
  }

  /// The message names both places, so the user sees which one to keep.
  @Test func theMessageSaysWhereBothAre() {
    let text = "{\n  \"requests\": [],\n  \"requests\": []\n}"
    #expect {
      _ = try RequestsDecoder.decode(Array(text.utf8), file: "f.json", format: .json)
    } throws: { error in
      "\(error)"
        == "f.json: requests: the member \"requests\" appears twice in this object (at line 2, "
        + "column 3 and at line 3, column 3); give it once"
    }
  }
}
