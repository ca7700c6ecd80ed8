import Foundation
import Patchbay
import PatchbayStore
import PatchbaySynthetic
import Testing

/// Two server instances on one PostgreSQL database, approving hundreds of interfaces at once:
/// no port is given twice, no redundant pair shares a device, and every answer is an approval
/// or a refusal with its code.
@Suite(.serialized) struct TwoInstanceTests {
  @Test func concurrentApprovalsThroughTwoInstances() async throws {
    let centre = SyntheticDataCentre(
      settings: GeneratorSettings(
        regions: 1, accessPoints: 3, devicesPerAccessPoint: 4, prefill: 0.6, requests: 320,
        pairShare: 0.4, crossAccessPointPairShare: 0, whitelistShare: 1, invalidShare: 0),
      seed: 11)
    let tokens = try TestTokens.make()
    let database = try await ServerBackend.postgres.newDatabase(centre.inventory)
    let first = try await RunningServer.start(.postgres, database: database, tokens: tokens)
    let second = try await RunningServer.start(.postgres, database: database, tokens: tokens)
    defer {
      Task {
        await first.stop()
        await second.stop()
      }
    }
    let clients = [first, second].map {
      APIClient(baseURL: $0.baseURL, token: tokens.operatorToken)
    }
    // Applications and LOAs through both instances, a request's partner before it.
    var waiting: [String] = []
    for (index, request) in centre.requests.enumerated() {
      let client = clients[index % 2]
      let body = String(decoding: RequestsEncoder.jsonBytes([request]), as: UTF8.self)
      let object = try #require(
        (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["requests"]
          as? [Any])
      let single = try JSONSerialization.data(withJSONObject: object[0])
      let applied = try await client.send(.POST, "/v1/interfaces", body: [UInt8](single))
      guard applied.status == 201 else { continue }
      let loa = try await client.post("/v1/interfaces/\(request.id)/loa", try Fixtures.loa())
      #expect(loa.status == 200, "\(loa.text)")
      waiting.append(request.id.rawValue)
    }
    #expect(waiting.count > 200)

    // Every approval at once, 32 in flight, alternating instances; those whose partner was not
    // approved yet go again, until a round changes nothing.
    var pending = waiting
    var codes: [String: Int] = [:]
    while !pending.isEmpty {
      let answers = try await withThrowingTaskGroup(of: (String, APIResponse).self) { group in
        var answers: [(String, APIResponse)] = []
        for (index, id) in pending.enumerated() {
          if index >= 32, let answer = try await group.next() { answers.append(answer) }
          group.addTask {
            (id, try await clients[index % 2].post("/v1/interfaces/\(id)/approve"))
          }
        }
        for try await answer in group { answers.append(answer) }
        return answers
      }
      var again: [String] = []
      for (id, answer) in answers {
        if answer.status == 200 { continue }
        #expect(answer.status == 409, "\(id): \(answer.text)")
        let code = answer.code ?? "?"
        codes[code, default: 0] += 1
        if code == "redundant_connection_not_ready" { again.append(id) }
      }
      if again.count == pending.count { break }
      pending = again
    }
    #expect(codes.keys.allSatisfy {
      ["redundant_connection_not_ready", "no_free_port", "no_diverse_device"].contains($0)
    }, "\(codes)")

    // The database afterwards: the export is a valid inventory (no port held twice), and every
    // approved pair at one access point is on two devices.
    let provisioner = Provisioner(store: first.store)
    let inventory = try await provisioner.exportInventory()
    _ = try InventoryDecoder.decode(InventoryEncoder.jsonBytes(inventory), file: "export")
    let approved = try await provisioner.interfaces(in: .approvedLOA)
    #expect(approved.count > 150)
    var holders: [String: String] = [:]
    let byID = Dictionary(uniqueKeysWithValues: approved.map { ($0.id, $0) })
    for interface in approved {
      let place = "\(interface.device?.rawValue ?? "-") \(interface.port ?? "-")"
      #expect(holders.updateValue(interface.id.rawValue, forKey: place) == nil, "\(place)")
      if let partner = interface.redundantConnection.flatMap({ byID[$0] }),
        partner.accessPoint == interface.accessPoint
      {
        #expect(partner.device != interface.device, "\(interface.id) and \(partner.id)")
      }
    }
  }
}
