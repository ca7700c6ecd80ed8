import Foundation
import NIOHTTP1
import Patchbay
import PatchbayServer
import PatchbayStore
import Testing

/// Every refusal of SERVICE.md's table and docs/SERVER.md, each with its status, its code and a
/// problem the contract accepts; none changes anything.
@Suite(.serialized) struct ServerRefusalTests {
  /// One server on SQLite for the whole table: refusals write nothing, so they do not interfere.
  static let shared = Task { () throws -> (RunningServer, TestTokens, String) in
    let tokens = try TestTokens.make()
    let database = try await ServerBackend.sqlite.newDatabase(try Fixtures.dataCentre())
    var settings = ServerSettings(host: "127.0.0.1", port: 0)
    settings.maxBody = 4096
    settings.maxPlanBody = 8192
    let server = try await RunningServer.start(
      .sqlite, database: database, tokens: tokens, settings: settings)
    return (server, tokens, database)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var token: Token
    var method: String
    var path: String
    var body: String?
    var contentType: String?
    var status: Int
    var code: String
    var testDescription: String { name }
  }

  enum Token: Sendable { case none, wrong, operatorToken, customer1001, customer1003 }

  static let cases: [Case] = [
    Case(
      name: "no token", token: .none, method: "GET", path: "/v1/access-points", status: 401,
      code: "unauthorized"),
    Case(
      name: "a token not in the file", token: .wrong, method: "GET", path: "/v1/interfaces",
      status: 401, code: "unauthorized"),
    Case(
      name: "a customer approving", token: .customer1001, method: "POST",
      path: "/v1/interfaces/x/approve", status: 403, code: "forbidden"),
    Case(
      name: "a customer rejecting", token: .customer1001, method: "POST",
      path: "/v1/interfaces/x/reject", body: #"{"reason": "no"}"#, status: 403, code: "forbidden"),
    Case(
      name: "a customer approving all", token: .customer1001, method: "POST",
      path: "/v1/approvals", status: 403, code: "forbidden"),
    Case(
      name: "a customer connecting", token: .customer1001, method: "POST",
      path: "/v1/interfaces/x/connect", status: 403, code: "forbidden"),
    Case(
      name: "a customer enabling", token: .customer1001, method: "POST",
      path: "/v1/interfaces/x/enable", status: 403, code: "forbidden"),
    Case(
      name: "a customer exporting", token: .customer1001, method: "GET", path: "/v1/inventory",
      status: 403, code: "forbidden"),
    Case(
      name: "a customer planning", token: .customer1001, method: "POST", path: "/v1/plans",
      body: #"{"requests": []}"#, status: 403, code: "forbidden"),
    Case(
      name: "a customer naming another account", token: .customer1001, method: "POST",
      path: "/v1/interfaces", body: Fixtures.request(account: "1003"), status: 403,
      code: "forbidden"),
    Case(
      name: "a customer listing another account", token: .customer1001, method: "GET",
      path: "/v1/interfaces?account=1003", status: 403, code: "forbidden"),
    Case(
      name: "an unknown interface", token: .operatorToken, method: "GET",
      path: "/v1/interfaces/nope", status: 404, code: "unknown_interface"),
    Case(
      name: "an imported connection's id", token: .customer1001, method: "GET",
      path: "/v1/interfaces/pc-hz-0010", status: 404, code: "unknown_interface"),
    Case(
      name: "no such route", token: .operatorToken, method: "GET", path: "/v2/anything",
      status: 404, code: "not_found"),
    Case(
      name: "a method the route does not have", token: .operatorToken, method: "DELETE",
      path: "/v1/interfaces/x", status: 405, code: "method_not_allowed"),
    Case(
      name: "not JSON", token: .operatorToken, method: "POST", path: "/v1/interfaces",
      body: "{\"id\": ", status: 400, code: "malformed_request"),
    Case(
      name: "not an object", token: .operatorToken, method: "POST", path: "/v1/interfaces",
      body: "[1, 2]", status: 400, code: "malformed_request"),
    Case(
      name: "a missing field", token: .operatorToken, method: "POST", path: "/v1/interfaces",
      body: #"{"account": "1001", "region": "cn-hangzhou"}"#, status: 400,
      code: "malformed_request"),
    Case(
      name: "an operator's request without an account", token: .operatorToken, method: "POST",
      path: "/v1/interfaces", body: Fixtures.request(), status: 400, code: "malformed_request"),
    Case(
      name: "a body that is not JSON by its type", token: .operatorToken, method: "POST",
      path: "/v1/interfaces", body: Fixtures.request(account: "1001"), contentType: "text/plain",
      status: 415, code: "unsupported_media_type"),
    Case(
      name: "a body over --max-body", token: .operatorToken, method: "POST",
      path: "/v1/interfaces", body: "{\"pad\": \"" + String(repeating: "x", count: 5000) + "\"}",
      status: 413, code: "request_too_large"),
    Case(
      name: "a plan over --max-plan-body", token: .operatorToken, method: "POST",
      path: "/v1/plans", body: "{\"pad\": \"" + String(repeating: "x", count: 9000) + "\"}",
      status: 413, code: "request_too_large"),
    Case(
      name: "40G without the whitelist", token: .operatorToken, method: "POST",
      path: "/v1/interfaces",
      body: Fixtures.request(account: "2001", portType: "40GBase-LR", portSpec: "40G"),
      status: 422, code: "whitelist_required"),
    Case(
      name: "an unknown access point", token: .customer1001, method: "POST",
      path: "/v1/interfaces",
      body:
        #"{"region": "cn-hangzhou", "accessPoint": "ap-nowhere", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR"}"#,
      status: 422, code: "unknown_access_point"),
    Case(
      name: "an LOA with problems", token: .operatorToken, method: "POST",
      path: "/v1/interfaces/pc-hz-0010/loa", body: #"{"companyName": ""}"#, status: 400,
      code: "invalid_loa"),
    Case(
      name: "a bad page size", token: .operatorToken, method: "GET",
      path: "/v1/interfaces?pageSize=0", status: 400, code: "malformed_request"),
    Case(
      name: "a junk page token", token: .operatorToken, method: "GET",
      path: "/v1/interfaces?pageToken=%21%21", status: 400, code: "malformed_request"),
    Case(
      name: "an unknown state", token: .operatorToken, method: "GET",
      path: "/v1/interfaces?state=flying", status: 400, code: "malformed_request"),
    Case(
      name: "a customer reading the capacity report", token: .customer1001, method: "GET",
      path: "/v1/capacity", status: 403, code: "forbidden"),
    Case(
      name: "a capacity threshold out of range", token: .operatorToken, method: "GET",
      path: "/v1/capacity?hotUtilization=2", status: 400, code: "malformed_request"),
    Case(
      name: "a bad idempotency key", token: .operatorToken, method: "POST",
      path: "/v1/approvals", body: "{}", status: 400, code: "malformed_request"),
  ]

  @Test(arguments: cases)
  func refusal(_ refusal: Case) async throws {
    let (server, tokens, _) = try await Self.shared.value
    let token: String? =
      switch refusal.token {
      case .none: nil
      case .wrong: "pbt_not-a-token"
      case .operatorToken: tokens.operatorToken
      case .customer1001: tokens.customer1001
      case .customer1003: tokens.customer1003
      }
    let client = APIClient(baseURL: server.baseURL, token: token)
    let headers: [(String, String)] =
      refusal.name == "a bad idempotency key" ? [("Idempotency-Key", "")] : []
    let answer = try await client.send(
      HTTPMethod(rawValue: refusal.method), refusal.path, json: refusal.body,
      contentType: refusal.contentType, headers: headers)
    #expect(answer.status == refusal.status, "\(answer.text)")
    #expect(answer.code == refusal.code, "\(answer.text)")
    if refusal.status == 401 {
      #expect(answer.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
    }
    if refusal.status == 405 { #expect(answer.header("Allow") == "GET") }
    // The server never echoes a token.
    if let token { #expect(!answer.text.contains(token)) }
    #expect(
      (try await Provisioner(store: server.store).interfaces()).isEmpty,
      "a refusal wrote nothing")
  }

  /// Another account's interface is 404 exactly as one that does not exist: the same code, the
  /// same words but for the id.
  @Test func anotherAccountsInterfaceIsNotDisclosed() async throws {
    let tokens = try TestTokens.make()
    let database = try await ServerBackend.sqlite.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(.sqlite, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let owner = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let other = APIClient(baseURL: server.baseURL, token: tokens.customer1003)
    let applied = try await owner.post("/v1/interfaces", Fixtures.request(id: "mine"))
    #expect(applied.status == 201, "\(applied.text)")
    for (method, path) in [
      ("GET", "/v1/interfaces/mine"), ("GET", "/v1/interfaces/mine/history"),
      ("POST", "/v1/interfaces/mine/cancel"),
    ] {
      let hidden = try await other.send(HTTPMethod(rawValue: method), path)
      let missing = try await other.send(
        HTTPMethod(rawValue: method), path.replacingOccurrences(of: "mine", with: "gone"))
      #expect(hidden.status == 404 && missing.status == 404)
      #expect(hidden.code == "unknown_interface" && missing.code == "unknown_interface")
      #expect(
        (hidden.object["detail"] as? String)?.replacingOccurrences(of: "mine", with: "gone")
          == missing.object["detail"] as? String)
    }
    let list = try await other.get("/v1/interfaces")
    #expect((list.object["interfaces"] as? [Any])?.isEmpty == true)
    #expect((try await owner.get("/v1/interfaces/mine")).status == 200)
  }
}
