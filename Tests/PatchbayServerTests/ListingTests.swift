import Foundation
import Patchbay
import Testing

/// `GET /v1/interfaces`: newest first, filtered, paged with an opaque token; customers see
/// their own account's only.
@Suite(.serialized) struct ListingTests {
  @Test(arguments: ServerBackend.allCases)
  func pagesWalkEveryInterfaceNewestFirst(_ backend: ServerBackend) async throws {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.unlimitedDataCentre())
    let server = try await RunningServer.start(backend, database: database, tokens: tokens)
    defer { Task { await server.stop() } }
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    var applied: [(id: String, account: String)] = []
    for index in 0..<7 {
      let account = index.isMultiple(of: 3) ? "1003" : "1001"
      let answer = try await operatorClient.post(
        "/v1/interfaces", Fixtures.request(id: "l-\(index)", account: account))
      #expect(answer.status == 201, "\(answer.text)")
      applied.append(("l-\(index)", account))
    }
    func walk(_ client: APIClient, _ query: String) async throws -> [String] {
      var ids: [String] = []
      var token: String?
      repeat {
        var path = "/v1/interfaces?pageSize=3" + query
        if let token { path += "&pageToken=" + token }
        let page = try await client.get(path)
        #expect(page.status == 200, "\(page.text)")
        let interfaces = page.object["interfaces"] as? [[String: Any]] ?? []
        #expect(interfaces.count <= 3)
        ids += interfaces.compactMap { $0["id"] as? String }
        token = page.object["nextPageToken"] as? String
      } while token != nil
      return ids
    }
    #expect(try await walk(operatorClient, "") == applied.reversed().map(\.id))
    #expect(
      try await walk(operatorClient, "&account=1003")
        == applied.reversed().filter { $0.account == "1003" }.map(\.id))
    #expect(try await walk(operatorClient, "&state=inApplication").isEmpty)
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    #expect(
      try await walk(customer, "")
        == applied.reversed().filter { $0.account == "1001" }.map(\.id))
  }
}
