import AsyncHTTPClient
import Foundation
import Patchbay
import PatchbayStore
import Testing

@testable import PatchbayServer

/// The contract checker itself: the project's encoders' real output passes it, and each kind of
/// departure from the document (a missing member, a wrong type, an unknown enumeration value,
/// `null` where none is allowed, an extra member) fails it at the right JSON pointer. Without
/// this, a checker that accepts everything would let the server drift from its document.
@Suite struct OpenAPIContractTests {
  typealias Value = OpenAPIContract.Value
  let contract = OpenAPIContract.project

  // MARK: The document

  @Test func everySchemaKeywordIsOneTheCheckerImplements() {
    #expect(contract.unsupportedKeywords() == [])
  }

  @Test func listsTheOperationsOfServiceMD() {
    let operations = contract.operations().map(\.description)
    #expect(
      operations == [
        "GET /healthz", "GET /metrics", "GET /openapi.json", "GET /readyz",
        "GET /v1/access-points", "POST /v1/approvals", "GET /v1/capacity", "GET /v1/interfaces",
        "POST /v1/interfaces", "GET /v1/interfaces/{id}", "POST /v1/interfaces/{id}/approve",
        "POST /v1/interfaces/{id}/cancel", "POST /v1/interfaces/{id}/connect",
        "POST /v1/interfaces/{id}/delivery-report", "POST /v1/interfaces/{id}/enable",
        "GET /v1/interfaces/{id}/history", "GET /v1/interfaces/{id}/loa",
        "POST /v1/interfaces/{id}/loa",
        "POST /v1/interfaces/{id}/reject", "POST /v1/interfaces/{id}/terminate",
        "GET /v1/inventory", "POST /v1/plans",
      ])
  }

  /// The document's enumerations are the library's: a case added to one of them fails here
  /// until the document says it too.
  @Test(arguments: [
    ("InterfaceState", InterfaceState.allCases.map(\.rawValue)),
    ("ConnectionStatus", ConnectionStatus.allCases.map(\.rawValue)),
    ("LineOperator", LineOperator.allCases.map(\.rawValue)),
    ("PortType", PortType.allCases.map(\.rawValue)),
    ("PortSpec", PortSpec.allCases.map(\.rawValue)),
    ("AccessPointStatus", AccessPointStatus.allCases.map(\.rawValue)),
    ("ConstructionType", ConstructionType.allCases.map(\.rawValue)),
    ("CertificateType", CertificateType.allCases.map(\.rawValue)),
    ("HistoryEntry/properties/action", InterfaceAction.allCases.map(\.rawValue)),
    ("AccessPointOutcome/properties/method", SolveMethod.allCases.map(\.rawValue)),
    ("Interface/properties/loaStatus", LOAStatus.allCases.map(\.rawValue)),
    ("Interface/properties/consoleName", InterfaceState.allCases.map(\.consoleName)),
  ])
  func enumerationsAreTheLibrarys(schema: String, cases: [String]) throws {
    var node: Value? = contract.document["components"]?["schemas"]
    for name in schema.split(separator: "/") { node = node?[String(name)] }
    guard case .array(let values) = try #require(node?["enum"], "\(schema) has no enum") else {
      Issue.record("\(schema)'s enum is not an array")
      return
    }
    let strings = values.compactMap { value -> String? in
      if case .string(let text) = value { return text }
      return nil
    }
    #expect(Set(strings) == Set(cases), "\(schema)")
    #expect(strings.count == Set(cases).count, "\(schema) repeats a value")
  }

  @Test(arguments: [
    ("/v1/interfaces/req-1/approve", "/v1/interfaces/{id}/approve"),
    ("/v1/interfaces/req-1", "/v1/interfaces/{id}"),
    ("/v1/interfaces?state=enabled&pageSize=5", "/v1/interfaces"),
    ("/v1/interfaces/history", "/v1/interfaces/{id}"),
    ("/v1/approvals", "/v1/approvals"),
  ])
  func concretePathsMatchTheirTemplate(path: String, template: String) {
    #expect(contract.template(matching: path) == template)
  }

  @Test(arguments: ["/v1/interfaces/a/b/c", "/v2/interfaces", "/", "/v1/interfaces//approve"])
  func pathsOutsideTheDocumentMatchNothing(path: String) {
    #expect(contract.template(matching: path) == nil)
  }

  // MARK: Real output passes

  @Test(arguments: Sample.Kind.allCases)
  func theEncodersOutputConforms(kind: Sample.Kind) async throws {
    let sample = try await Sample.all()[kind]!
    for body in sample.bodies {
      let mismatches = contract.check(
        method: sample.method, path: sample.path, status: sample.status,
        contentType: sample.contentType, body: body, headers: sample.headers)
      #expect(mismatches == [], "\(kind): \(String(decoding: body.prefix(300), as: UTF8.self))")
    }
  }

  /// The samples hold every kind of member, so that the passing above means something: a
  /// batch with approvals, a plan with all of its lists, an interface in every kind of state.
  @Test func theSamplesAreNotEmpty() async throws {
    let samples = try await Sample.all()
    func count(_ kind: Sample.Kind, _ member: String) throws -> Int {
      let body = try Value.parse(try #require(samples[kind]?.bodies.last))
      guard case .array(let elements) = body[member] else { return -1 }
      return elements.count
    }
    #expect(try count(.batchApproval, "approved") > 0)
    for member in ["assignments", "rejected", "unplaced", "accessPoints"] {
      #expect(try count(.plan, member) > 0, "the plan's \(member)")
    }
    #expect(try count(.exportedInventory, "connections") > 0)
    #expect(try count(.interfaceList, "interfaces") > 0)
    #expect(samples[.interfaceLifecycle]?.bodies.count == 9)
    let history = try Value.parse(try #require(samples[.history]?.bodies.last))
    guard case .array(let entries) = history else {
      Issue.record("the history is not an array")
      return
    }
    #expect(entries.count == 9)
  }

  // MARK: Departures fail at their pointer

  @Test(arguments: Corruption.table)
  func aCorruptedBodyFailsAtItsPointer(corruption: Corruption) async throws {
    let sample = try await Sample.all()[corruption.sample]!
    let original = try Value.parse(try #require(sample.bodies.last))
    let corrupted = try #require(
      corruption.apply(to: original), "\(corruption.path) is not in the \(corruption.sample) sample"
    )
    let mismatches = contract.check(
      method: sample.method, path: sample.path, status: sample.status,
      contentType: sample.contentType, body: Array(corrupted.jsonText.utf8))
    #expect(
      mismatches.map(\.pointer).contains(corruption.expected),
      "\(corruption): \(mismatches)")
    // Nothing outside the changed value's parent is reported: the rest is still as documented.
    let parent = corruption.path.dropLast().map { "/\($0)" }.joined()
    #expect(
      mismatches.allSatisfy { $0.pointer == parent || $0.pointer.hasPrefix(parent + "/") },
      "\(mismatches)")
  }

  /// Booleans and numbers are told apart even though Foundation's `NSNumber` confuses them.
  @Test(arguments: [
    ("true", "integer", false), ("1", "boolean", false), ("0", "boolean", false),
    ("false", "integer", false), ("1", "integer", true), ("1.5", "integer", false),
    ("1.5", "number", true), ("true", "boolean", true), ("12345678901234", "integer", true),
  ])
  func booleansAreNotNumbers(json: String, type: String, conforms: Bool) throws {
    let value = try Value.parse(Array(json.utf8))
    let mismatches = contract.validate(value, against: .object(["type": .string(type)]))
    #expect(mismatches.isEmpty == conforms, "\(json) as \(type): \(mismatches)")
  }

  @Test(arguments: [
    ("2026-11-28T19:05:30Z", true), ("2026-11-28T19:05:30.125Z", true),
    ("2026-11-28 19:05:30", false), ("2026-13-01T00:00:00Z", false), ("yesterday", false),
    ("", false), ("2026-11-28", false),
  ])
  func dateTimes(text: String, valid: Bool) {
    #expect(OpenAPIContract.isDateTime(text) == valid)
  }

  /// The form the server's tests use: AsyncHTTPClient's response and its collected body.
  @Test func checksAnAsyncHTTPClientResponse() {
    let body = Array(Sample.problem(status: 503, code: "database_busy").utf8)
    var response = HTTPClientResponse(status: .serviceUnavailable)
    response.headers.add(name: "Content-Type", value: "application/problem+json")
    #expect(!contract.check(method: "GET", path: "/readyz", response: response, body: body).isEmpty)
    response.headers.add(name: "Retry-After", value: "1")
    #expect(contract.check(method: "GET", path: "/readyz", response: response, body: body) == [])
  }

  // MARK: Responses outside the document

  struct Response: Sendable, CustomTestStringConvertible {
    var method: String
    var path: String
    var status: Int
    var contentType: String?
    var body: String
    var headers: [String: String]? = nil
    var why: String

    var testDescription: String { why }
  }

  @Test(arguments: [
    Response(
      method: "GET", path: "/healthz", status: 500, contentType: "application/json", body: "{}",
      why: "a status the operation does not list, without a default"),
    Response(
      method: "DELETE", path: "/v1/interfaces/x", status: 200, contentType: "application/json",
      body: "{}", why: "a method the path does not have"),
    Response(
      method: "GET", path: "/v1/nothing", status: 200, contentType: "application/json",
      body: "{}", why: "a path the document does not have"),
    Response(
      method: "GET", path: "/healthz", status: 200, contentType: "text/plain", body: "ok",
      why: "a content type the response does not list"),
    Response(
      method: "GET", path: "/healthz", status: 200, contentType: "application/json",
      body: "{\"status\": \"ok\"", why: "a body that is not JSON"),
    Response(
      method: "GET", path: "/healthz", status: 200, contentType: "application/json",
      body: "{\"status\": \"fine\"}", why: "a value outside the enum"),
    Response(
      method: "GET", path: "/v1/interfaces/x", status: 200, contentType: "application/json",
      body: Sample.problem(status: 404, code: "unknown_interface"),
      why: "a problem where the interface is documented"),
    Response(
      method: "GET", path: "/readyz", status: 503, contentType: "application/problem+json",
      body: Sample.problem(status: 503, code: "database_unavailable"), headers: [:],
      why: "a 503 without Retry-After"),
    Response(
      method: "GET", path: "/readyz", status: 503, contentType: "application/problem+json",
      body: Sample.problem(status: 503, code: "database_unavailable"),
      headers: ["Retry-After": "soon"], why: "a Retry-After that is not a number of seconds"),
    Response(
      method: "GET", path: "/v1/inventory", status: 401, contentType: "application/problem+json",
      body: Sample.problem(status: 401, code: "unauthorized"), headers: [:],
      why: "a 401 without WWW-Authenticate"),
  ])
  func aResponseOutsideTheDocumentFails(response: Response) {
    let mismatches = contract.check(
      method: response.method, path: response.path, status: response.status,
      contentType: response.contentType, body: Array(response.body.utf8),
      headers: response.headers)
    #expect(!mismatches.isEmpty, "\(response.why)")
  }

  @Test func defaultCoversTheStatusesAnOperationDoesNotList() {
    #expect(contract.isDocumented(method: "GET", path: "/v1/interfaces/x", status: 500))
    #expect(!contract.isDocumented(method: "GET", path: "/healthz", status: 500))
    #expect(contract.isDocumented(method: "post", path: "/v1/interfaces", status: 201))
  }
}

// MARK: Samples

/// Real output of the project's encoders, with the operation that answers with it.
struct Sample: Sendable {
  enum Kind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case appliedInterface, interfaceLifecycle, canceledInterface, interfaceList, history
    case batchApproval, plan, inventory, exportedInventory, problem, problemWithErrors
    case health, accessPoints

    var testDescription: String { rawValue }
  }

  var method: String
  var path: String
  var status: Int
  var contentType = "application/json"
  /// One or more bodies; corruptions start from the last.
  var bodies: [[UInt8]]
  var headers: [String: String]? = nil

  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ path: String) -> String { root.appendingPathComponent(path).path }

  /// An RFC 9457 problem as docs/SERVER.md describes it.
  static func problem(status: Int, code: String, errors: String? = nil) -> String {
    """
    {"type": "urn:patchbay:problem:\(code)", "title": "Title", "status": \(status), \
    "code": "\(code)", "detail": "what went wrong", "instance": "/v1/interfaces", \
    "requestId": "0f3c2a"\(errors.map { ", \"errors\": \($0)" } ?? "")}
    """
  }

  /// Built once for every test of the suite: a store on a temporary SQLite file with the
  /// datacenter fixture, interfaces walked through the lifecycle, a batch approved.
  static func all() async throws -> [Kind: Sample] { try await cache.value }

  private static let cache = Task { try await build() }

  private static func build() async throws -> [Kind: Sample] {
    let inventory = try InventoryDecoder.read(path: fixture("fixtures/datacenter/inventory.json"))
    let requests = try RequestsDecoder.read(path: fixture("fixtures/datacenter/requests.json"))
    let loa = try LOADecoder.read(path: fixture("fixtures/provisioning/loa.json"))
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-contract-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try await SQLiteStore.create(path: folder.appendingPathComponent("s.sqlite").path)
    try await store.importInventory(inventory)
    let provisioner = Provisioner(store: store)

    var applied: [Interface] = []
    for request in requests.prefix(16) {
      // Requests that validation refuses are not interfaces; the others are enough.
      if let interface = try? await provisioner.apply(request) { applied.append(interface) }
    }
    guard applied.count >= 5 else {
      throw ContractError(message: "only \(applied.count) fixture requests could be applied")
    }
    let first = applied[0].id
    var lifecycle: [[UInt8]] = [applied[0].jsonBytes]
    lifecycle.append(try await provisioner.applyForLOA(first, loa: loa).jsonBytes)
    lifecycle.append(
      try await provisioner.reject(first, reason: "the company name is wrong").jsonBytes)
    lifecycle.append(try await provisioner.applyForLOA(first, loa: loa).jsonBytes)
    lifecycle.append(try await provisioner.approve(first).jsonBytes)
    let report = try DeliveryReport(lineCode: "CT-HZ-0001", cableLabels: ["HZ-A-01", "HZ-A-02"])
    lifecycle.append(try await provisioner.deliver(first, report: report).jsonBytes)
    lifecycle.append(try await provisioner.connect(first).jsonBytes)
    lifecycle.append(try await provisioner.enable(first).jsonBytes)
    lifecycle.append(try await provisioner.terminate(first).jsonBytes)
    // The enabled interface last: every member but `rejectionReason` set for corruptions.
    lifecycle.swapAt(lifecycle.count - 1, lifecycle.count - 2)
    let canceled = try await provisioner.cancel(applied[1].id)
    for interface in applied.dropFirst(2) {
      _ = try await provisioner.applyForLOA(interface.id, loa: loa)
    }
    let batch = try await provisioner.approveAll()
    let history = try await provisioner.history(of: first)
    let exported = try await provisioner.exportInventory()
    let listed = try await provisioner.interfaces()
    let plan = Allocator(inventory: inventory).allocate(requests).plan

    func list(_ interfaces: [Interface], next: String?) -> [UInt8] {
      Array("{\"interfaces\": ".utf8) + interfaces.jsonBytes
        + Array(", \"nextPageToken\": \(next.map { "\"\($0)\"" } ?? "null")}".utf8)
    }
    let accessPoints =
      "{\"accessPoints\": ["
      + inventory.accessPoints.map { point in
        let operators = point.lineOperators.map { "\"\($0.rawValue)\"" }.sorted()
        let types = point.portTypes.members.map { "\"\($0.rawValue)\"" }
        let free = point.portTypes.members.map { "\"\($0.rawValue)\": 3" }
        return """
          {"id": "\(point.id)", "region": "\(point.region)", \
          "name": \(point.name.map { "\"\($0)\"" } ?? "null"), "status": "\(point.status.rawValue)", \
          "lineOperators": [\(operators.joined(separator: ", "))], \
          "portTypes": [\(types.joined(separator: ", "))], \
          "freePorts": {\(free.joined(separator: ", "))}}
          """
      }.joined(separator: ", ") + "]}"

    let problem = "application/problem+json"
    return [
      .appliedInterface: Sample(
        method: "POST", path: "/v1/interfaces", status: 201, bodies: [applied[2].jsonBytes],
        headers: ["Location": "/v1/interfaces/\(applied[2].id)"]),
      .interfaceLifecycle: Sample(
        method: "GET", path: "/v1/interfaces/\(first)", status: 200, bodies: lifecycle),
      .canceledInterface: Sample(
        method: "POST", path: "/v1/interfaces/\(canceled.id)/cancel", status: 200,
        bodies: [canceled.jsonBytes]),
      .interfaceList: Sample(
        method: "GET", path: "/v1/interfaces?pageSize=2", status: 200,
        bodies: [list([], next: nil), list(listed, next: "b3BhcXVl")]),
      .history: Sample(
        method: "GET", path: "/v1/interfaces/\(first)/history", status: 200,
        bodies: [[Patchbay.HistoryEntry]().jsonBytes, history.jsonBytes]),
      .batchApproval: Sample(
        method: "POST", path: "/v1/approvals", status: 200, bodies: [batch.jsonBytes]),
      .plan: Sample(method: "POST", path: "/v1/plans", status: 200, bodies: [plan.jsonBytes]),
      .inventory: Sample(
        method: "GET", path: "/v1/inventory", status: 200,
        bodies: [InventoryEncoder.jsonBytes(inventory)]),
      .exportedInventory: Sample(
        method: "GET", path: "/v1/inventory", status: 200,
        bodies: [InventoryEncoder.jsonBytes(exported)]),
      .problem: Sample(
        method: "POST", path: "/v1/interfaces/x/approve", status: 503,
        contentType: problem + "; charset=utf-8",
        bodies: [Array(self.problem(status: 503, code: "database_busy").utf8)],
        headers: ["retry-after": "1"]),
      .problemWithErrors: Sample(
        method: "POST", path: "/v1/interfaces/x/loa", status: 400, contentType: problem,
        bodies: [
          Array(
            self.problem(
              status: 400, code: "invalid_loa",
              errors: """
                [{"detail": "is empty", "pointer": "/fieldEngineers/0/certificateNumber"}, \
                {"detail": "not a number", "parameter": "pageSize"}]
                """
            ).utf8)
        ]),
      .health: Sample(
        method: "GET", path: "/healthz", status: 200, bodies: [Array("{\"status\":\"ok\"}".utf8)]),
      .accessPoints: Sample(
        method: "GET", path: "/v1/access-points", status: 200, bodies: [Array(accessPoints.utf8)]),
    ]
  }
}

// MARK: Corruptions

/// One change to a sample's body and the pointer the checker must report.
struct Corruption: Sendable, CustomTestStringConvertible {
  enum Change: Sendable {
    case remove
    case set(OpenAPIContract.Value)
  }

  var sample: Sample.Kind
  /// Member names and array indexes down to the value to change.
  var path: [String]
  var change: Change
  var expected: String

  var testDescription: String { "\(sample) \(expected) \(change)" }

  static let table: [Corruption] = [
    // A missing required member.
    Corruption(sample: .interfaceLifecycle, path: ["state"], change: .remove, expected: "/state"),
    Corruption(
      sample: .interfaceLifecycle, path: ["loa", "fieldEngineers", "0", "contact"],
      change: .remove, expected: "/loa/fieldEngineers/0/contact"),
    Corruption(
      sample: .interfaceLifecycle, path: ["rejectionReason"], change: .remove,
      expected: "/rejectionReason"),
    Corruption(sample: .history, path: ["0", "from"], change: .remove, expected: "/0/from"),
    Corruption(
      sample: .plan, path: ["summary", "unplaced"], change: .remove, expected: "/summary/unplaced"),
    Corruption(sample: .problem, path: ["requestId"], change: .remove, expected: "/requestId"),
    Corruption(
      sample: .interfaceList, path: ["nextPageToken"], change: .remove, expected: "/nextPageToken"),
    // A wrong type.
    Corruption(
      sample: .interfaceLifecycle, path: ["priority"], change: .set(.string("1")),
      expected: "/priority"),
    Corruption(
      sample: .plan, path: ["summary", "optimal"], change: .set(.int(1)),
      expected: "/summary/optimal"),
    Corruption(
      sample: .plan, path: ["assignments", "0", "priority"], change: .set(.bool(true)),
      expected: "/assignments/0/priority"),
    Corruption(
      sample: .batchApproval, path: ["approved"], change: .set(.object([:])), expected: "/approved"),
    Corruption(
      sample: .inventory, path: ["policy", "maxPendingPerAccount"], change: .set(.double(1.5)),
      expected: "/policy/maxPendingPerAccount"),
    Corruption(
      sample: .problem, path: ["status"], change: .set(.string("503")), expected: "/status"),
    Corruption(
      sample: .accessPoints, path: ["accessPoints", "0", "freePorts", "10GBase-LR"],
      change: .set(.int(-1)), expected: "/accessPoints/0/freePorts/10GBase-LR"),
    // An unknown enumeration value.
    Corruption(
      sample: .interfaceLifecycle, path: ["state"], change: .set(.string("approved")),
      expected: "/state"),
    Corruption(
      sample: .interfaceLifecycle, path: ["loaStatus"], change: .set(.string("Pending")),
      expected: "/loaStatus"),
    Corruption(
      sample: .history, path: ["1", "action"], change: .set(.string("approve-all")),
      expected: "/1/action"),
    Corruption(
      sample: .batchApproval, path: ["approved", "0", "status"], change: .set(.string("Done")),
      expected: "/approved/0/status"),
    Corruption(
      sample: .exportedInventory, path: ["connections", "0", "status"],
      change: .set(.string("Allocation Failed")), expected: "/connections/0/status"),
    Corruption(
      sample: .plan, path: ["accessPoints", "0", "method"], change: .set(.string("flow")),
      expected: "/accessPoints/0/method"),
    // `null` where it is not allowed.
    Corruption(sample: .interfaceLifecycle, path: ["id"], change: .set(.null), expected: "/id"),
    Corruption(
      sample: .interfaceLifecycle, path: ["delivery", "cableLabels"], change: .set(.null),
      expected: "/delivery/cableLabels"),
    Corruption(
      sample: .canceledInterface, path: ["createdAt"], change: .set(.null), expected: "/createdAt"),
    Corruption(sample: .history, path: ["0", "to"], change: .set(.null), expected: "/0/to"),
    // A member the document does not have, a malformed date, a broken oneOf.
    Corruption(
      sample: .interfaceLifecycle, path: ["internalNote"], change: .set(.string("x")),
      expected: "/internalNote"),
    Corruption(
      sample: .interfaceLifecycle, path: ["updatedAt"], change: .set(.string("yesterday")),
      expected: "/updatedAt"),
    Corruption(
      sample: .inventory, path: ["devices", "0", "ports", "0", "portTypes"], change: .remove,
      expected: "/devices/0/ports/0"),
    Corruption(
      sample: .problemWithErrors, path: ["errors", "0", "pointer"], change: .remove,
      expected: "/errors/0"),
    Corruption(
      sample: .appliedInterface, path: ["loa"], change: .set(.object([:])),
      expected: "/loa/companyName"),
  ]

  /// The value with the change made, or `nil` when the path leads nowhere (a member to add is
  /// the last step only).
  func apply(to value: OpenAPIContract.Value) -> OpenAPIContract.Value? {
    Self.change(value, path[...], change)
  }

  private static func change(
    _ value: OpenAPIContract.Value, _ path: ArraySlice<String>, _ change: Change
  ) -> OpenAPIContract.Value? {
    guard let key = path.first else {
      if case .set(let new) = change { return new }
      return nil
    }
    let rest = path.dropFirst()
    switch value {
    case .object(var members):
      if rest.isEmpty {
        switch change {
        case .remove:
          guard members.removeValue(forKey: key) != nil else { return nil }
        case .set(let new): members[key] = new
        }
        return .object(members)
      }
      guard let member = members[key], let changed = Self.change(member, rest, change) else {
        return nil
      }
      members[key] = changed
      return .object(members)
    case .array(var elements):
      guard let index = Int(key), elements.indices.contains(index) else { return nil }
      if rest.isEmpty, case .remove = change {
        elements.remove(at: index)
        return .array(elements)
      }
      guard let changed = Self.change(elements[index], rest, change) else { return nil }
      elements[index] = changed
      return .array(elements)
    default:
      return nil
    }
  }
}

extension OpenAPIContract.Value {
  /// The value as compact JSON.
  var jsonText: String {
    switch self {
    case .null: "null"
    case .bool(let bool): "\(bool)"
    case .int(let int): "\(int)"
    case .double(let double): "\(double)"
    case .string(let text): Self.quoted(text)
    case .array(let elements): "[" + elements.map(\.jsonText).joined(separator: ",") + "]"
    case .object(let members):
      "{"
        + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.jsonText }
        .joined(separator: ",") + "}"
    }
  }

  private static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out += String(format: "\\u%04X", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
