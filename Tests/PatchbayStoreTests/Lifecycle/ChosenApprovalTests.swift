import Foundation
import Patchbay
import Testing

/// `approveAll(only:)` (`POST /v1/approvals` with a list): the listed interfaces only, as one
/// batch; a list with an id that cannot be approved refuses the whole call and writes nothing.
@Suite struct ChosenApprovalTests {
  /// Four interfaces at the Hangzhou access point: a, b, c in application, d waiting for its
  /// LOA.
  static func provisioner(_ backend: Backend) async throws -> Provisioner {
    let provisioner = try await LifecycleTests.provisioner(backend)
    for id in ["a", "b", "c", "d"] {
      _ = try await provisioner.apply(LifecycleTests.request(id))
      if id != "d" {
        _ = try await provisioner.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
      }
    }
    return provisioner
  }

  /// Every interface with its history, to show that a refusal wrote nothing.
  static func snapshot(_ provisioner: Provisioner) async throws -> [String] {
    var lines: [String] = []
    for interface in try await provisioner.interfaces() {
      lines.append("\(interface) \(try await provisioner.history(of: interface.id))")
    }
    return lines
  }

  @Test(arguments: Backend.allCases)
  func onlyTheListedInterfacesAreApprovedAsOneBatch(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    let batch = try await provisioner.approveAll(only: ["c", "a"])
    #expect(batch.approved.map(\.id) == ["a", "c"], "in application order")
    #expect(batch.plan.summary.placed == 2)
    #expect(batch.approved.allSatisfy { $0.state == .approvedLOA && $0.port != nil })
    #expect(try await provisioner.interface("b").state == .inApplication)
    #expect(try await provisioner.interface("d").state == .toApplyForLOA)
    for id: InterfaceID in ["a", "c"] {
      let last = try await provisioner.history(of: id).last
      #expect(last?.action == .approve && last?.detail?.hasSuffix("with the batch") == true)
    }
    // What is left in application is what a batch of all approves next.
    #expect(try await provisioner.approveAll().approved.map(\.id) == ["b"])
  }

  @Test(arguments: Backend.allCases)
  func aPairListedTogetherIsPlacedTogether(_ backend: Backend) async throws {
    let provisioner = try await LifecycleTests.provisioner(backend)
    _ = try await provisioner.apply(LifecycleTests.request("primary"))
    _ = try await provisioner.apply(LifecycleTests.request("backup", partner: "primary"))
    _ = try await provisioner.apply(LifecycleTests.request("other"))
    for id: InterfaceID in ["primary", "backup", "other"] {
      _ = try await provisioner.applyForLOA(id, loa: LifecycleTests.loa)
    }
    let batch = try await provisioner.approveAll(only: ["backup", "primary"])
    #expect(Set(batch.approved.map(\.id)) == ["primary", "backup"])
    let devices = batch.approved.compactMap(\.device)
    #expect(devices.count == 2 && devices[0] != devices[1])
    #expect(try await provisioner.interface("other").state == .inApplication)
  }

  @Test(arguments: Backend.allCases)
  func aPartnerLeftOutOfTheListIsNotReady(_ backend: Backend) async throws {
    let provisioner = try await LifecycleTests.provisioner(backend)
    _ = try await provisioner.apply(LifecycleTests.request("primary"))
    _ = try await provisioner.apply(LifecycleTests.request("backup", partner: "primary"))
    for id: InterfaceID in ["primary", "backup"] {
      _ = try await provisioner.applyForLOA(id, loa: LifecycleTests.loa)
    }
    let batch = try await provisioner.approveAll(only: ["backup"])
    #expect(batch.approved.isEmpty)
    #expect(batch.plan.rejected.map(\.code) == [.redundantConnectionNotReady])
    #expect(try await provisioner.interface("backup").state == .inApplication)
  }

  /// Each list, the code of its refusal, and what the sentence names.
  static let refusals: [([InterfaceID], String, [String])] = [
    (["a", "nope", "b"], "unknown_interface", ["nope"]),
    (["a", "d"], "invalid_transition", ["d", "toApplyForLOA", "approve"]),
    (["a", "b", "a"], "malformed_request", ["a", "twice"]),
    ([], "malformed_request", ["empty"]),
    (["d", "nope"], "invalid_transition", ["d"]),
    (["nope", "d"], "unknown_interface", ["nope"]),
  ]

  @Test(arguments: Backend.allCases)
  func aListWithAnInterfaceThatCannotBeApprovedRefusesTheWholeCall(_ backend: Backend)
    async throws
  {
    let provisioner = try await Self.provisioner(backend)
    let before = try await Self.snapshot(provisioner)
    for (ids, code, named) in Self.refusals {
      let error = await #expect(throws: LifecycleError.self, "\(ids)") {
        _ = try await provisioner.approveAll(only: ids)
      }
      #expect(error?.code == code, "\(ids)")
      for word in named {
        #expect(error?.description.contains(word) == true, "\(ids): \(error?.description ?? "")")
      }
      #expect(try await Self.snapshot(provisioner) == before, "\(ids) wrote")
    }
    // An approved interface listed again is no longer in application.
    _ = try await provisioner.approveAll(only: ["b"])
    let error = await #expect(throws: LifecycleError.self) {
      _ = try await provisioner.approveAll(only: ["a", "b"])
    }
    #expect(error?.kind == .invalidTransition)
    #expect(error?.state == .approvedLOA && error?.interface == "b")
    #expect(try await provisioner.interface("a").state == .inApplication)
  }

  @Test(arguments: Backend.allCases)
  func aConnectionOfTheInventoryIsSaidToBeOne(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    let connection = try #require(try StoreFixtures.datacentre().connections.first)
    let error = await #expect(throws: LifecycleError.self) {
      _ = try await provisioner.approveAll(only: ["a", InterfaceID(connection.id.rawValue)])
    }
    #expect(error?.kind == .unknownInterface && error?.isConnection == true)
  }
}
