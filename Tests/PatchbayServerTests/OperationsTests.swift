import Foundation
import Logging
import PatchbayStore
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

/// Keys past their lifetime leave the table while the server runs.
@Suite struct IdempotencyKeyPurgeTests {
  @Test func keysPastTheirLifetimeAreRemoved() async throws {
    let database = try await ServerBackend.postgres.newDatabase(try Fixtures.dataCentre())
    let store = try await ServerBackend.postgres.open(database)
    defer { Task { await (store as? PostgresStore)?.close() } }
    let old = Date().addingTimeInterval(-25 * 3600)
    for key in ["a", "b", "fresh"] {
      _ = try await store.claim(
        IdempotencyKey(caller: "noc", key: key), fingerprint: "f",
        now: key == "fresh" ? Date() : old, takeOverAfter: .seconds(60))
    }
    func kept() async throws -> String {
      try await PostgresTestServerBridge.psql(
        database, "SELECT string_agg(key, ',' ORDER BY key) FROM patchbay.idempotency_key"
      ).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(try await kept() == "a,b,fresh")
    let purge = Task {
      try await IdempotencyKeyPurge(
        records: store, logger: Logger(label: "test"), interval: .seconds(3600)
      ).run()
    }
    // The first round runs at once.
    var keys = ""
    for _ in 0..<200 {
      keys = try await kept()
      if keys == "fresh" { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    purge.cancel()
    #expect(keys == "fresh")
  }
}
