import PropertyBased
import Testing

@testable import Patchbay

/// Reading `plan.json` back: the round trip with `Plan.jsonBytes`, plans of older tools, and
/// every malformed place named by its JSON path.
@Suite struct PlanDecoderTests {
  @Test func theHandMadePlanRoundTrips() throws {
    let plan = try TestPlans.datacenter().plan
    #expect(try PlanDecoder.decode(plan.jsonBytes, file: "plan.json") == plan)
  }

  @Test func theShippedPlanIsTheHandMadeOne() throws {
    let shipped = try PlanDecoder.read(path: Fixtures.path("plans/datacenter-hand-made.json"))
    #expect(shipped == (try TestPlans.datacenter().plan))
  }

  @Test func randomPlansRoundTrip() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      let plan = Self.randomPlan(seed: UInt64(seed))
      do {
        let decoded = try PlanDecoder.decode(plan.jsonBytes, file: "plan.json")
        #expect(decoded == plan, "seed \(seed)")
        #expect(decoded.jsonBytes == plan.jsonBytes, "seed \(seed)")
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  static let base = """
    {"assignments": [{"request": "r1", "accessPoint": "ap", "device": "d1", "port": "1/1/1",
                      "portType": "10GBase-LR", "account": "1001", "redundantConnection": null,
                      "priority": 2}],
     "rejected": [{"request": "r2", "code": "whitelist_required", "message": "m"}],
     "unplaced": [{"request": "r3", "code": "no_free_port", "message": "m"}],
     "accessPoints": [{"id": "ap", "requests": 2, "placed": 1, "method": "greedy",
                       "optimal": false}],
     "summary": {"requests": 3, "placed": 1, "rejected": 1, "unplaced": 1, "optimal": false}}
    """

  @Test func aPlanWrittenBeforeAccountsWereCarriedReads() throws {
    let old = Self.base.replacingOccurrences(
      of: #""account": "1001", "redundantConnection": null,"#, with: ""
    ).replacingOccurrences(of: #""priority": 2"#, with: #""extra": {"future": [1, 2]}"#)
    let plan = try PlanDecoder.decode(Array(old.utf8), file: "old.json")
    #expect(plan.assignments.count == 1)
    #expect(plan.assignments[0].account == "")
    #expect(plan.assignments[0].redundantConnection == nil)
    #expect(plan.assignments[0].priority == 0)
    #expect(
      plan.summary == PlanSummary(requests: 3, placed: 1, rejected: 1, unplaced: 1, optimal: false))
  }

  @Test func unknownMembersAreIgnored() throws {
    let later = Self.base.replacingOccurrences(
      of: #"{"assignments""#, with: #"{"version": 2, "timings": {"x": 1}, "assignments""#)
    let plan = try PlanDecoder.decode(Array(later.utf8), file: "later.json")
    #expect(plan == (try PlanDecoder.decode(Array(Self.base.utf8), file: "base.json")))
  }

  struct Malformed: CustomTestStringConvertible, Sendable {
    var name: String
    var replace: String
    var with: String
    /// What the message must name: the JSON path, and the allowed values where there are some.
    var mentions: [String]
    var testDescription: String { name }
  }

  static let malformed: [Malformed] = [
    Malformed(
      name: "device is a number", replace: #""device": "d1""#, with: #""device": 7"#,
      mentions: ["assignments[0].device", "must be a string", "the number 7"]),
    Malformed(
      name: "device is missing", replace: #""device": "d1","#, with: "",
      mentions: ["assignments[0]", "\"device\" is missing"]),
    Malformed(
      name: "unknown port type", replace: #""portType": "10GBase-LR""#,
      with: #""portType": "10GBASE-LR""#,
      mentions: [
        "assignments[0].portType", "10GBASE-LR", "100Base-T, 1000Base-T", "100GBase-LR",
      ]),
    Malformed(
      name: "account is a number", replace: #""account": "1001""#, with: #""account": 1001"#,
      mentions: ["assignments[0].account", "must be a string"]),
    Malformed(
      name: "priority is a fraction", replace: #""priority": 2"#, with: #""priority": 1.5"#,
      mentions: ["assignments[0].priority", "whole number", "1.5"]),
    Malformed(
      name: "unknown rejection code", replace: #""code": "whitelist_required""#,
      with: #""code": "too_fast""#,
      mentions: ["rejected[0].code", "too_fast", "malformed_request", "pending_limit_exceeded"]),
    Malformed(
      name: "unknown unplaced code", replace: #""code": "no_free_port""#,
      with: #""code": "no_room""#,
      mentions: ["unplaced[0].code", "no_room", "no_free_port, no_diverse_device"]),
    Malformed(
      name: "message missing", replace: #""code": "no_free_port", "message": "m""#,
      with: #""code": "no_free_port""#, mentions: ["unplaced[0]", "\"message\" is missing"]),
    Malformed(
      name: "unknown method", replace: #""method": "greedy""#, with: #""method": "magic""#,
      mentions: ["accessPoints[0].method", "magic", "greedy, ilp"]),
    Malformed(
      name: "negative count", replace: #""placed": 1, "rejected""#,
      with: #""placed": -1, "rejected""#, mentions: ["summary.placed", "0 or more"]),
    Malformed(
      name: "optimal is a string", replace: #""unplaced": 1, "optimal": false"#,
      with: #""unplaced": 1, "optimal": "no""#, mentions: ["summary.optimal", "true or false"]),
    Malformed(
      name: "summary missing",
      replace: #","#
        + "\n"
        + #" "summary": {"requests": 3, "placed": 1, "rejected": 1, "unplaced": 1, "optimal": false}"#,
      with: "", mentions: ["(top level)", "\"summary\" is missing"]),
    Malformed(
      name: "an assignment that is not an object", replace: #""assignments": ["#,
      with: #""assignments": ["r0", "#, mentions: ["assignments[0]", "must be an object"]),
    Malformed(
      name: "rejected is not an array", replace: #""rejected": ["#,
      with: #""rejected": 5, "old": ["#, mentions: ["rejected", "must be an array"]),
    Malformed(
      name: "not an object", replace: Self.base, with: "[1, 2]",
      mentions: ["line 1", "a plan must be a JSON object"]),
    Malformed(
      name: "not JSON", replace: #""summary""#, with: #"summary"#,
      mentions: ["line 8, column", "not valid JSON"]),
  ]

  @Test(arguments: malformed)
  func aMalformedPlanNamesThePlace(_ test: Malformed) {
    let text = Self.base.replacingOccurrences(of: test.replace, with: test.with)
    #expect(text != Self.base, "the replacement did not apply")
    do {
      _ = try PlanDecoder.decode(Array(text.utf8), file: "bad-plan.json")
      Issue.record("accepted")
    } catch {
      #expect(error.kind == .invalid)
      let message = error.description
      #expect(message.hasPrefix("bad-plan.json: "))
      for word in test.mentions {
        #expect(message.contains(word), "\"\(message)\" lacks \"\(word)\"")
      }
    }
  }

  @Test func everyProblemIsListed() {
    let text = Self.base.replacingOccurrences(of: #""device": "d1""#, with: #""device": 7"#)
      .replacingOccurrences(of: #""method": "greedy""#, with: #""method": "magic""#)
    do {
      _ = try PlanDecoder.decode(Array(text.utf8), file: "p")
      Issue.record("accepted")
    } catch {
      #expect(error.problems.map(\.place) == ["assignments[0].device", "accessPoints[0].method"])
    }
  }

  @Test func aMissingFileIsUnreadable() {
    do {
      _ = try PlanDecoder.read(path: Fixtures.path("plans/no-such-plan.json"))
      Issue.record("read")
    } catch {
      #expect(error.kind == .unreadable)
    }
  }

  /// A random plan: strings with quotes, backslashes, control characters and other scripts, every
  /// code and method, priorities of either sign.
  static func randomPlan(seed: UInt64) -> Plan {
    var random = SplitMix64(seed: seed)
    func number(_ below: Int) -> Int { Int(random.next() % UInt64(below)) }
    func pick<T>(_ items: [T]) -> T { items[number(items.count)] }
    // Ids follow FORMATS.md "Identifiers" (no control characters; a decomposed é is its own
    // id); messages are free text and may hold anything.
    let idPieces = ["a", "Z", "0", "9", "-", "/", " ", "\"", "\\", "é", "e\u{301}", "漢", "🔌"]
    let messagePieces = idPieces + ["\n", "\t", "\u{01}", "\u{7F}", "\u{85}"]
    func text(empty: Bool = false) -> String {
      let length = number(8) + (empty ? 0 : 1)
      return (0..<length).map { _ in pick(idPieces) }.joined()
    }
    func message() -> String {
      (0..<number(8)).map { _ in pick(messagePieces) }.joined()
    }
    func count() -> Int { number(4) == 0 ? Int.max - number(3) : number(1000) }
    let assignments = (0..<number(6)).map { _ in
      Assignment(
        request: RequestID(text()), accessPoint: AccessPointID(text()), device: DeviceID(text()),
        port: text(), portType: pick(PortType.allCases), account: AccountID(text(empty: true)),
        redundantConnection: number(2) == 0 ? nil : text(),
        priority: number(3) == 0 ? -number(1_000_000) : number(Int.max))
    }
    let rejected = (0..<number(4)).map { _ in
      Rejection(
        request: RequestID(text()), code: pick(RejectionCode.allCases), message: message())
    }
    let unplaced = (0..<number(4)).map { _ in
      Unplacement(
        request: RequestID(text()), code: pick(UnplacedCode.allCases), message: message())
    }
    let accessPoints = (0..<number(4)).map { _ in
      AccessPointOutcome(
        id: AccessPointID(text()), requests: count(), placed: count(),
        method: pick(SolveMethod.allCases), optimal: number(2) == 0)
    }
    return Plan(
      assignments: assignments, rejected: rejected, unplaced: unplaced,
      accessPoints: accessPoints,
      summary: PlanSummary(
        requests: count(), placed: count(), rejected: count(), unplaced: count(),
        optimal: number(2) == 0))
  }
}
