import Foundation
import Patchbay
import Testing

@testable import PatchbayServer

/// The tokens file: only hashes, every mistake named by its place, a token found only when
/// every byte of its hash matches.
@Suite struct TokenFileTests {
  static let hash = String(repeating: "ab", count: 32)

  struct Bad: CustomTestStringConvertible, Sendable {
    var text: String
    var place: String
    var testDescription: String { place }
  }

  static let bad: [Bad] = [
    Bad(text: "[]", place: "the whole file"),
    Bad(text: #"{"tokens": [1]}"#, place: "tokens[0]"),
    Bad(text: #"{"tokens": [{"sha256": "ab", "role": "operator", "name": "a"}]}"#,
        place: "tokens[0].sha256"),
    Bad(text: #"{"tokens": [{"sha256": "\#(hash)", "role": "admin", "name": "a"}]}"#,
        place: "tokens[0].role"),
    Bad(text: #"{"tokens": [{"sha256": "\#(hash)", "role": "operator"}]}"#,
        place: "tokens[0].name"),
    Bad(text: #"{"tokens": [{"sha256": "\#(hash)", "role": "customer", "name": "a"}]}"#,
        place: "tokens[0].account"),
    Bad(
      text: #"{"tokens": [{"sha256": "\#(hash)", "role": "operator", "name": "a", "account": "1"}]}"#,
      place: "tokens[0].account"),
    Bad(
      text: #"{"tokens": [{"sha256": "\#(hash)", "role": "operator", "name": "a"}, {"sha256": "\#(String(repeating: "cd", count: 32))", "role": "operator", "name": "a"}]}"#,
      place: "tokens[1].name"),
    Bad(
      text: #"{"tokens": [{"sha256": "\#(hash)", "role": "operator", "name": "a"}, {"sha256": "\#(hash)", "role": "operator", "name": "b"}]}"#,
      place: "tokens[1].sha256"),
  ]

  @Test(arguments: bad)
  func aBadFileIsRefusedByPlace(_ bad: Bad) throws {
    do {
      _ = try TokenFile(bytes: Array(bad.text.utf8), file: "tokens.json")
      Issue.record("accepted \(bad.text)")
    } catch {
      #expect(error.file == "tokens.json")
      if bad.place != "the whole file" {
        #expect(error.problems.contains { $0.place == bad.place }, "\(error)")
      }
    }
  }

  @Test func createdTokensAreFoundAndNearMissesAreNot() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("tokens-\(UUID().uuidString).json").path
    let operatorToken = try TokenFile.create(
      path: path, role: .operator, account: nil, name: "noc")
    let customerToken = try TokenFile.create(
      path: path, role: .customer, account: AccountID("1001"), name: "console")
    #expect(operatorToken != customerToken)
    let file = try TokenFile(path: path)
    #expect(file.caller(presenting: operatorToken)?.role == .operator)
    let customer = try #require(file.caller(presenting: customerToken))
    #expect(customer.role == .customer && customer.account == AccountID("1001"))
    #expect(customer.name == "console")
    // One character off, a prefix, the hash itself: none is a token.
    var changed = Array(operatorToken)
    changed[changed.count - 1] = changed.last == "A" ? "B" : "A"
    for guess in [
      String(changed), String(operatorToken.dropLast()), operatorToken + "x", "",
      TokenFile.hexDigest(of: operatorToken),
    ] {
      #expect(file.caller(presenting: guess) == nil, "\(guess)")
    }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!text.contains(operatorToken) && !text.contains(customerToken))
  }
}

@Suite struct ProblemTests {
  @Test(arguments: [
    ("", ""), ("portSpec", "/portSpec"), ("fieldEngineers[0].certificateNumber",
      "/fieldEngineers/0/certificateNumber"),
    ("requests[12]", "/requests/12"), ("a/b~c", "/a~1b~0c"),
  ])
  func placesBecomeJSONPointers(_ place: String, _ pointer: String) {
    #expect(Problem.Detail.pointer(fromPath: place) == pointer)
  }

  @Test func aProblemIsRFC9457WithTheCode() throws {
    let problem = Problem(
      .unprocessableContent, code: "whitelist_required", detail: "needs the whitelist",
      errors: [.init(detail: "x", pointer: "/portType")])
    let object = try #require(
      try JSONSerialization.jsonObject(
        with: Data(problem.body(instance: "/v1/interfaces", requestID: "r1")))
        as? [String: Any])
    #expect(object["type"] as? String == "urn:patchbay:problem:whitelist_required")
    #expect(object["title"] as? String == "Whitelist required")
    #expect(object["status"] as? Int == 422)
    #expect(object["instance"] as? String == "/v1/interfaces")
    #expect(object["requestId"] as? String == "r1")
    #expect((object["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/portType")
  }
}
