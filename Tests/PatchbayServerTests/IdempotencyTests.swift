import Foundation
import Patchbay
import PatchbayStore
import Testing

@testable import PatchbayServer

/// `Idempotency-Key` (SERVICE.md "Idempotency"): a retry gets the stored answer without the
/// work being done again, through any instance; another body under the key is 422; a retry
/// while the first runs is 409.
@Suite(.serialized) struct IdempotencyTests {
  @Test(arguments: ServerBackend.allCases)
  func aRetryGetsTheStoredAnswer(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.dataCentre())
    let first = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await first.stop() } }
    let customer = APIClient(baseURL: first.baseURL, token: tokens.customer1001)
    let key = [("Idempotency-Key", "apply-0001")]

    let applied = try await customer.post("/v1/interfaces", Fixtures.request(), headers: key)
    #expect(applied.status == 201, "\(applied.text)")
    #expect(applied.header("Idempotency-Replayed") == nil)
    let retried = try await customer.post("/v1/interfaces", Fixtures.request(), headers: key)
    #expect(retried.status == 201)
    #expect(retried.body == applied.body)
    #expect(retried.header("Location") == applied.header("Location"))
    #expect(retried.header("Idempotency-Replayed") == "true")
    let interfaces = try await Provisioner(store: first.store).interfaces()
    #expect(interfaces.count == 1, "the work was done once")

    // Another body under the same key.
    let other = try await customer.post(
      "/v1/interfaces", Fixtures.request(portType: "1000Base-LX", portSpec: "1G"), headers: key)
    #expect(other.status == 422 && other.code == "idempotency_key_reused", "\(other.text)")

    // Keys are per caller: another customer's same key is its own.
    let stranger = APIClient(baseURL: first.baseURL, token: tokens.customer1003)
    let theirs = try await stranger.post("/v1/interfaces", Fixtures.request(), headers: key)
    #expect(theirs.status == 201, "\(theirs.text)")

    // A refusal is an answer too: kept, and given again.
    let id = try #require(applied.object["id"] as? String)
    let refusalKey = [("Idempotency-Key", "approve-too-early")]
    let operatorClient = APIClient(baseURL: first.baseURL, token: tokens.operatorToken)
    let early = try await operatorClient.post(
      "/v1/interfaces/\(id)/approve", headers: refusalKey)
    #expect(early.status == 409 && early.code == "invalid_transition")
    let earlyAgain = try await operatorClient.post(
      "/v1/interfaces/\(id)/approve", headers: refusalKey)
    #expect(earlyAgain.body == early.body && earlyAgain.header("Idempotency-Replayed") == "true")

    // A second instance on the same database knows the key (SQLite: one host, two servers).
    let second = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await second.stop() } }
    let elsewhere = try await APIClient(baseURL: second.baseURL, token: tokens.customer1001)
      .post("/v1/interfaces", Fixtures.request(), headers: key)
    #expect(elsewhere.status == 201 && elsewhere.body == applied.body)
  }

  @Test(arguments: ServerBackend.allCases)
  func aRetryWhileTheFirstRunsIsInFlight(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    // The first request's claim, as its instance made it a moment ago and is still working.
    let body = Array("{}".utf8)
    let path = "/v1/approvals"
    _ = try await server.store.claim(
      try IdempotencyKey(caller: "noc", key: "batch-7"),
      fingerprint: IdempotentPost.fingerprint(method: "POST", target: path, body: body),
      now: Date(), takeOverAfter: .seconds(60))
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    let retry = try await operatorClient.post(path, "{}", headers: [("Idempotency-Key", "batch-7")])
    #expect(retry.status == 409 && retry.code == "idempotency_key_in_flight", "\(retry.text)")
  }
}
