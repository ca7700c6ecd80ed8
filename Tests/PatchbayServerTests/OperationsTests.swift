import Foundation
import Testing

@testable import PatchbayServer

/// The open routes: health, readiness, metrics and the contract itself.
@Suite(.serialized) struct OperationsTests {
  @Test func healthReadinessMetricsAndTheDocument() async throws {
    let tokens = try TestTokens.make()
    let database = try await ServerBackend.sqlite.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(.sqlite, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let anyone = APIClient(baseURL: server.baseURL, token: nil)
    #expect((try await anyone.get("/healthz")).object["status"] as? String == "ok")
    #expect((try await anyone.get("/readyz")).object["status"] as? String == "ready")
    let document = try await anyone.get("/openapi.json")
    #expect(document.status == 200 && document.body == OpenAPIDocument.bytes)

    // A request of each kind, then the counts that /metrics shows for them.
    _ = try await anyone.get("/v1/access-points")
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    _ = try await operatorClient.post(
      "/v1/interfaces", Fixtures.request(id: "m-1", account: "1001"))
    _ = try await operatorClient.post("/v1/interfaces/m-1/cancel")
    let metrics = try await anyone.get("/metrics")
    #expect(metrics.status == 200)
    #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
    let text = metrics.text
    #expect(text.contains("patchbay_http_requests_total"))
    #expect(text.contains(#"route="/v1/access-points""#) && text.contains(#"status="401""#))
    #expect(text.contains("patchbay_http_request_duration_seconds_bucket"))
    #expect(text.contains(#"patchbay_transitions_total{action="cancel"}"#))
  }

  @Test func readinessFailsWhenTheDatabaseIsGone() async throws {
    let tokens = try TestTokens.make()
    let inventory = try Fixtures.dataCentre()
    let database = try await ServerBackend.postgres.newDatabase(inventory)
    let server = try await RunningServer.start(.postgres, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let anyone = APIClient(baseURL: server.baseURL, token: nil)
    #expect((try await anyone.get("/readyz")).status == 200)
    // The schema goes away under the running server: not ready, and says why.
    _ = try await PostgresTestServerBridge.psql(database, "DROP SCHEMA patchbay CASCADE")
    let ready = try await anyone.get("/readyz")
    #expect(ready.status == 503 && ready.header("Retry-After") != nil, "\(ready.text)")
    #expect((try await anyone.get("/healthz")).status == 200)
  }
}
