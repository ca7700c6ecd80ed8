import Foundation
import Patchbay
import PatchbayStore
import Testing

/// The lifecycle walked end to end over real HTTP, as a provisioning service would, on both
/// backends: every answer is the JSON the command line prints for the same thing.
@Suite(.serialized) struct ServerLifecycleTests {
  @Test(arguments: ServerBackend.allCases)
  func walkFromApplicationToTermination(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)

    // A customer applies without an id or an account: both are the server's to fill in.
    let applied = try await customer.post("/v1/interfaces", Fixtures.request())
    #expect(applied.status == 201, "\(applied.text)")
    let id = try #require(applied.object["id"] as? String)
    #expect(id.hasPrefix("if-"))
    #expect(applied.object["account"] as? String == "1001")
    #expect(applied.object["state"] as? String == "toApplyForLOA")
    #expect(applied.header("Location") == "/v1/interfaces/\(id)")

    let loa = try await customer.post("/v1/interfaces/\(id)/loa", try Fixtures.loa())
    #expect(loa.status == 200, "\(loa.text)")
    #expect(loa.object["state"] as? String == "inApplication")

    // Only an operator approves.
    let refused = try await customer.post("/v1/interfaces/\(id)/approve")
    #expect(refused.status == 403 && refused.code == "forbidden")
    let approved = try await operatorClient.post("/v1/interfaces/\(id)/approve")
    #expect(approved.status == 200, "\(approved.text)")
    #expect(approved.object["state"] as? String == "approvedLOA")
    #expect(approved.object["device"] is String && approved.object["port"] is String)

    let delivered = try await customer.post(
      "/v1/interfaces/\(id)/delivery-report",
      #"{"lineCode": "CT-HZ-0001", "cableLabels": ["A-01"]}"#)
    #expect(delivered.object["state"] as? String == "waitingForConnection", "\(delivered.text)")
    let connected = try await operatorClient.post("/v1/interfaces/\(id)/connect")
    #expect(connected.object["state"] as? String == "waitingForPayment", "\(connected.text)")
    let enabled = try await operatorClient.post("/v1/interfaces/\(id)/enable", "{}")
    #expect(enabled.object["state"] as? String == "enabled", "\(enabled.text)")

    // What the server answers is the library's JSON, byte for byte.
    let provisioner = Provisioner(store: try await backend.open(database))
    let shown = try await customer.get("/v1/interfaces/\(id)")
    #expect(shown.body == (try await provisioner.interface(InterfaceID(id))).jsonBytes)
    let history = try await customer.get("/v1/interfaces/\(id)/history")
    #expect(history.body == (try await provisioner.history(of: InterfaceID(id))).jsonBytes)
    #expect(
      history.array.map { $0["action"] as? String } == [
        "apply", "apply-loa", "approve", "deliver", "connect", "enable",
      ])

    let terminated = try await customer.post("/v1/interfaces/\(id)/terminate")
    #expect(terminated.object["state"] as? String == "terminated", "\(terminated.text)")
    let again = try await customer.post("/v1/interfaces/\(id)/terminate")
    #expect(again.status == 409 && again.code == "invalid_transition")
  }

  @Test(arguments: ServerBackend.allCases)
  func accessPointsInventoryAndPlans(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let inventory = try Fixtures.dataCentre()
    let database = try await backend.newDatabase(inventory)
    let server = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    let provisioner = Provisioner(store: try await backend.open(database))

    let accessPoints = try await customer.get("/v1/access-points")
    #expect(accessPoints.status == 200)
    #expect(accessPoints.body == AccessPointOffer.offers(of: inventory).jsonBytes)
    let listed = accessPoints.object["accessPoints"] as? [[String: Any]] ?? []
    #expect(listed.count == inventory.accessPoints.count)

    let exported = try await operatorClient.get("/v1/inventory")
    #expect(exported.status == 200)
    #expect(exported.body == InventoryEncoder.jsonBytes(try await provisioner.exportInventory()))
    #expect((try await customer.get("/v1/inventory")).status == 403)

    // The capacity report is `patchbay capacity`'s JSON of the state as it stands.
    let capacity = try await operatorClient.get("/v1/capacity")
    #expect(capacity.status == 200, "\(capacity.text)")
    #expect(
      capacity.body
        == CapacityReport(inventory: try await provisioner.exportInventory()).jsonBytes)
    let strict = try await operatorClient.get("/v1/capacity?hotUtilization=0.01&hotPairs=50")
    #expect(
      strict.body
        == CapacityReport(
          inventory: try await provisioner.exportInventory(),
          thresholds: CapacityThresholds(hotUtilization: 0.01, hotPairs: 50)
        ).jsonBytes)
    #expect(strict.body != capacity.body)
    #expect((try await customer.get("/v1/capacity")).status == 403)

    let requests = try Fixtures.text("fixtures/datacenter/requests.json")
    let plan = try await operatorClient.post("/v1/plans", requests)
    #expect(plan.status == 200, "\(plan.text)")
    let expected = try await provisioner.plan(
      RequestsDecoder.read(path: Fixtures.path("fixtures/datacenter/requests.json")))
    #expect(plan.body == expected.jsonBytes)
    #expect((try await customer.post("/v1/plans", requests)).status == 403)
    // Planning commits nothing.
    #expect((try await provisioner.interfaces()).isEmpty)
  }

  @Test(arguments: ServerBackend.allCases)
  func batchApprovalOfChosenInterfacesAndOfAll(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    var ids: [String] = []
    for index in 0..<3 {
      let applied = try await operatorClient.post(
        "/v1/interfaces", Fixtures.request(id: "b-\(index)", account: "1003"))
      #expect(applied.status == 201, "\(applied.text)")
      let loa = try await operatorClient.post("/v1/interfaces/b-\(index)/loa", try Fixtures.loa())
      #expect(loa.status == 200, "\(loa.text)")
      ids.append("b-\(index)")
    }
    let chosen = try await operatorClient.post("/v1/approvals", #"{"interfaces": ["b-1"]}"#)
    #expect(chosen.status == 200, "\(chosen.text)")
    #expect((chosen.object["approved"] as? [[String: Any]])?.map { $0["id"] as? String } == ["b-1"])
    let unknown = try await operatorClient.post("/v1/approvals", #"{"interfaces": ["nope"]}"#)
    #expect(unknown.status == 404 && unknown.code == "unknown_interface")
    let rest = try await operatorClient.post("/v1/approvals")
    #expect(rest.status == 200, "\(rest.text)")
    #expect(
      Set((rest.object["approved"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? [])
        == ["b-0", "b-2"])
  }
}
