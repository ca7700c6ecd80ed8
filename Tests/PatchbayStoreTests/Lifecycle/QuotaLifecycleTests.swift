import Foundation
import Patchbay
import Testing

/// The access point quota (`policy.maxConnectionsPerAccessPoint`) through the lifecycle on each
/// store: applying counts the account's live connections and interfaces at the access point
/// (enabled ones too, which are not pending), approving does not count an interface against
/// itself, and the stores carry the access points' locations and the devices' cabinets.
@Suite struct QuotaLifecycleTests {
  /// `fixtures/datacenter` with a quota, and a location for every access point and a cabinet
  /// for every device.
  static func inventory(quota: Int) throws -> Inventory {
    let fixture = try StoreFixtures.datacentre()
    var accessPoints = fixture.accessPoints
    for index in accessPoints.indices {
      accessPoints[index].location = "Building \(index + 1), No. 88 Keji Road, Hangzhou, China"
    }
    var devices = fixture.devices
    for index in devices.indices {
      devices[index].cabinet = "Room 1, row \(index + 1), cabinet \(index + 1)-07"
    }
    return try Inventory(
      regions: fixture.regions, accessPoints: accessPoints, devices: devices,
      connections: fixture.connections, highSpeedWhitelist: fixture.highSpeedWhitelist,
      policy: Policy(
        maxPendingPerAccount: fixture.policy.maxPendingPerAccount,
        maxConnectionsPerAccessPoint: quota))
  }

  static func provisioner(_ backend: Backend, quota: Int) async throws -> Provisioner {
    Provisioner(
      store: try await backend.store(inventory(quota: quota)), now: { LifecycleTests.start })
  }

  static func expectQuotaRefusal(
    _ provisioner: Provisioner, _ request: Request, saying text: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) async {
    await #expect(sourceLocation: sourceLocation) {
      _ = try await provisioner.apply(request)
    } throws: { error in
      guard let error = error as? LifecycleError else { return false }
      return error.code == "access_point_quota_exceeded" && error.description.contains(text)
    }
  }

  /// Account 1001 holds three enabled connections at ap-cn-hangzhou-yh-B in the fixture; none
  /// of them is pending, so only the quota's own reading finds them.
  @Test(arguments: Backend.allCases)
  func applyingCountsTheEnabledConnectionsOfTheInventory(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend, quota: 3)
    await Self.expectQuotaRefusal(
      provisioner, LifecycleTests.request("over", account: "1001"),
      saying: "account 1001 would hold more than 3 live connections at ap-cn-hangzhou-yh-B: 3 "
        + "in the inventory")
    // Elsewhere it may.
    _ = try await provisioner.apply(
      LifecycleTests.request(
        "elsewhere", account: "1001", accessPoint: "ap-cn-hangzhou-xs-A"))
    #expect(try await provisioner.interfaces().map(\.id.rawValue) == ["elsewhere"])
  }

  @Test(arguments: Backend.allCases)
  func interfacesCountFromApplicationUntilCanceledAndEnabledOnesStill(_ backend: Backend)
    async throws
  {
    let provisioner = try await Self.provisioner(backend, quota: 2)
    let account = "3001"
    _ = try await provisioner.apply(LifecycleTests.request("q1", account: account))
    _ = try await provisioner.apply(LifecycleTests.request("q2", account: account))
    await Self.expectQuotaRefusal(
      provisioner, LifecycleTests.request("q3", account: account),
      saying: "would hold more than 2 live connections at ap-cn-hangzhou-yh-B: 2 in the inventory")
    // Approving q1 counts q2 (applied) and q1 itself once: within the quota.
    _ = try await provisioner.applyForLOA("q1", loa: LifecycleTests.loa)
    let approved = try await provisioner.approve("q1")
    #expect(approved.device != nil)
    _ = try await provisioner.deliver("q1", report: LifecycleTests.report())
    _ = try await provisioner.connect("q1")
    _ = try await provisioner.enable("q1")
    _ = try await provisioner.cancel("q2")
    // q1 is enabled (not pending, still live), q2 canceled (not live): one more fits.
    _ = try await provisioner.apply(LifecycleTests.request("q3", account: account))
    await Self.expectQuotaRefusal(
      provisioner, LifecycleTests.request("q4", account: account),
      saying: "more than 2 live connections at ap-cn-hangzhou-yh-B")
    // Approving the batch places what applying accepted.
    _ = try await provisioner.applyForLOA("q3", loa: LifecycleTests.loa)
    let batch = try await provisioner.approveAll()
    #expect(batch.approved.map(\.id.rawValue) == ["q3"])
  }

  /// A pair applied together counts two at its access point.
  @Test(arguments: Backend.allCases)
  func aPairCountsTwoAndABacklogCountsItsEarlierRows(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend, quota: 2)
    _ = try await provisioner.apply(LifecycleTests.request("solo", account: "3002"))
    _ = try await provisioner.apply(LifecycleTests.request("p1", account: "3003"))
    _ = try await provisioner.apply(
      LifecycleTests.request("p2", account: "3003", partner: "p1"))
    await Self.expectQuotaRefusal(
      provisioner, LifecycleTests.request("p3", account: "3003", partner: "p1"),
      saying: "account 3003 would hold more than 2")
    let outcomes = try await provisioner.apply(all: [
      LifecycleTests.request("b1", account: "3004"),
      LifecycleTests.request("b2", account: "3004"),
      LifecycleTests.request("b3", account: "3004"),
      LifecycleTests.request("b4", account: "3004", accessPoint: "ap-cn-hangzhou-xs-A"),
    ])
    #expect(outcomes.map { $0.refusal?.code } == [nil, nil, "access_point_quota_exceeded", nil])
    for id in ["p1", "p2", "solo", "b1", "b2"] {
      _ = try await provisioner.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
    }
    let batch = try await provisioner.approveAll()
    #expect(Set(batch.approved.map(\.id.rawValue)) == ["p1", "p2", "solo", "b1", "b2"])
  }

  /// What the Letter of Authorization names comes back from the store: the access points'
  /// locations and the devices' cabinets, in an export and in the slice an approval reads.
  @Test(arguments: Backend.allCases)
  func locationsAndCabinetsComeBackFromTheStore(_ backend: Backend) async throws {
    let inventory = try Self.inventory(quota: 2)
    let provisioner = try await Self.provisioner(backend, quota: 2)
    let exported = try await provisioner.exportInventory()
    #expect(exported.accessPoints == inventory.accessPoints)
    #expect(exported.devices == inventory.devices)
    #expect(exported.policy == inventory.policy)
    _ = try await provisioner.apply(LifecycleTests.request("if-1", account: "3005"))
    _ = try await provisioner.applyForLOA("if-1", loa: LifecycleTests.loa)
    let approved = try await provisioner.approve("if-1")
    let device = try #require(inventory.devices.first { $0.id == approved.device })
    #expect(device.cabinet?.hasPrefix("Room 1, row ") == true)
  }
}
