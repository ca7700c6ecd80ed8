import Foundation
import Patchbay
import Testing

/// `Provisioner.loaDocument` on each store over `fixtures/datacenter`: refused while no port is
/// held, the same document on every read, a new reference once a drain moves the interface, and
/// the redundant connection's landing read from the store.
@Suite struct LOADocumentStoreTests {
  static func refusal(_ id: InterfaceID, _ provisioner: Provisioner) async -> LifecycleError? {
    do {
      _ = try await provisioner.loaDocument(id)
      return nil
    } catch {
      return error as? LifecycleError
    }
  }

  @Test(arguments: Backend.allCases)
  func refusedWhileNoPortIsHeld(_ backend: Backend) async throws {
    let provisioner = try await MoveTests.setUp(backend)
    for (id, state) in [("if-waiting", "inApplication"), ("if-canceled", "canceled")] {
      let refused = try #require(await Self.refusal(InterfaceID(id), provisioner))
      #expect(refused.code == "invalid_transition" && refused.state?.rawValue == state)
      #expect(refused.description.contains("\(id) is \(state)"), "\(refused.description)")
    }
    let unknown = try #require(await Self.refusal("if-nobody", provisioner))
    #expect(unknown.code == "unknown_interface")
    let imported = try #require(await Self.refusal("pc-hz-0001", provisioner))
    #expect(imported.code == "unknown_interface" && imported.isConnection)
  }

  @Test(arguments: Backend.allCases)
  func theReferenceFollowsTheAllocation(_ backend: Backend) async throws {
    let provisioner = try await MoveTests.setUp(backend)
    let interface = try await provisioner.interface("if-approved")
    let before = try await provisioner.loaDocument("if-approved")
    #expect(before.device == interface.device && before.port == interface.port)
    #expect(before.issuedAt == LifecycleTests.start)
    #expect(before.companyName == "Example Trading")
    #expect(before.fieldEngineers.map(\.maskedCertificateNumber) == ["****00"])
    #expect(try await provisioner.loaDocument("if-approved") == before)
    // The enabled one has its document too.
    #expect(try await provisioner.loaDocument("if-enabled").state == .enabled)

    let from = try await MoveTests.place("if-approved", provisioner)
    let to = MoveTests.end(
      from.device == MoveTests.yh01 ? MoveTests.yh02 : MoveTests.yh01, "1/1/44")
    _ = try await provisioner.applyMoves([MoveTests.move("if-approved", from, to)])
    let after = try await provisioner.loaDocument("if-approved")
    #expect(after.device == to.device && after.port == to.port)
    #expect(after.reference != before.reference)
    #expect(
      after.reference
        == LOADocument.reference(
          interface: "if-approved", device: to.device, port: to.port,
          allocatedAt: LifecycleTests.start))
  }

  @Test(arguments: Backend.allCases)
  func theRedundantConnectionsLandingIsShownToItsOwnAccount(_ backend: Backend) async throws {
    let provisioner = try await LifecycleTests.provisioner(backend)
    // pc-hz-0001 is account 1001's, Enabled on hz-yh-b-asw-01 1/1/1.
    for (id, account) in [("if-own", "1001"), ("if-other", "1004")] {
      _ = try await provisioner.apply(
        LifecycleTests.request(id, account: account, partner: "pc-hz-0001"))
      _ = try await provisioner.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
      _ = try await provisioner.approve(InterfaceID(id))
    }
    let own = try #require(try await provisioner.loaDocument("if-own").redundantConnection)
    #expect(own.id == "pc-hz-0001" && !own.isOtherAccount)
    #expect(own.device == "hz-yh-b-asw-01" && own.port == "1/1/1" && own.status == .enabled)
    #expect(try await provisioner.loaDocument("if-own").device != own.device)
    let other = try #require(try await provisioner.loaDocument("if-other").redundantConnection)
    #expect(other.id == "pc-hz-0001" && other.isOtherAccount)
    #expect(other.device == nil && other.port == nil && other.status == nil)
  }
}
