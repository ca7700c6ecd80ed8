import Foundation
import Testing

@testable import Patchbay

/// The JSON form of `patchbay capacity` (PLANNING.md's members, in inventory order) and the
/// what-if, which must report the inventory that `patchbay apply` would write.
@Suite struct CapacityJSONTests {
  func object(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  @Test func hasPlanningMembersInInventoryOrder() throws {
    let inventory = try Fixtures.datacenterInventory
    let report = CapacityReport(inventory: inventory)
    let json = try object(report.jsonBytes)
    let accessPoints = try #require(json["accessPoints"] as? [[String: Any]])
    #expect(
      accessPoints.compactMap { $0["id"] as? String } == inventory.accessPoints.map(\.id.rawValue))
    for (accessPoint, figures) in zip(accessPoints, report.accessPoints) {
      #expect(accessPoint["declaredStatus"] as? String == figures.declaredStatus.rawValue)
      #expect(accessPoint["suggestedStatus"] as? String == figures.suggestedStatus.rawValue)
      let ports = try #require(accessPoint["ports"] as? [String: Any])
      #expect(ports["total"] as? Int == figures.ports.total)
      #expect(ports["held"] as? Int == figures.ports.held)
      #expect(ports["free"] as? Int == figures.ports.free)
      let devices = try #require(accessPoint["devices"] as? [[String: Any]])
      #expect(devices.compactMap { $0["id"] as? String } == figures.devices.map(\.id.rawValue))
      #expect(devices.compactMap { $0["total"] as? Int } == figures.devices.map(\.ports.total))
      #expect(devices.compactMap { $0["held"] as? Int } == figures.devices.map(\.ports.held))
      #expect(devices.compactMap { $0["free"] as? Int } == figures.devices.map(\.ports.free))
      let headroom = try #require(accessPoint["headroom"] as? [[String: Any]])
      #expect(
        headroom.compactMap { $0["portType"] as? String }
          == figures.headroom.map(\.portType.rawValue))
      #expect(headroom.compactMap { $0["singles"] as? Int } == figures.headroom.map(\.singles))
      #expect(headroom.compactMap { $0["pairs"] as? Int } == figures.headroom.map(\.pairs))
      let nPlusOne = try #require(accessPoint["nPlusOne"] as? [String: Any])
      #expect(nPlusOne["shortfall"] as? Int == figures.nPlusOne.shortfall)
      if let worst = figures.nPlusOne.worstDevice {
        #expect(nPlusOne["worstDevice"] as? String == worst.rawValue)
      } else {
        #expect(nPlusOne["worstDevice"] is NSNull)
      }
    }
    let summary = try #require(json["summary"] as? [String: Any])
    #expect(summary["accessPoints"] as? Int == inventory.accessPoints.count)
    #expect(summary["full"] as? Int == report.summary.full)
    #expect(summary["hot"] as? Int == report.summary.hot)
    #expect(summary["nPlusOneShortfall"] as? Int == report.summary.nPlusOneShortfall)
    #expect(report.jsonBytes == CapacityReport(inventory: inventory).jsonBytes)
  }

  @Test func nullWorstDeviceAndEmptyLists() throws {
    let inventory = try CapacityReportTests.inventory
    let json = try object(CapacityReport(inventory: inventory).jsonBytes)
    let accessPoints = try #require(json["accessPoints"] as? [[String: Any]])
    let empty = try #require(accessPoints.first { $0["id"] as? String == "empty" })
    #expect((empty["devices"] as? [Any])?.isEmpty == true)
    #expect((empty["nPlusOne"] as? [String: Any])?["worstDevice"] is NSNull)
    let multi = try #require(accessPoints.first { $0["id"] as? String == "multi" })
    #expect((multi["ports"] as? [String: Any])?["utilization"] as? Double == 0.4)
  }

  @Test(arguments: [
    (0.0, "0"), (1.0, "1"), (0.8, "0.8"), (5.0 / 6.0, "0.8333"), (0.00004, "0"),
    (0.99996, "1"), (0.05, "0.05"),
  ])
  func decimals(_ value: Double, _ text: String) {
    #expect(JSONDecimal.text(value) == text)
  }

  /// The after side equals the report of the inventory `patchbay apply` writes: the plan and
  /// the inventory go through their files as the commands pass them.
  @Test func whatIfAfterIsTheReportOfTheAppliedInventory() throws {
    let inventory = try Fixtures.datacenterInventory
    let requests = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let whatIf = try CapacityReport.whatIf(
      inventory: inventory, requests: requests, options: AllocationOptions(threads: 1))
    #expect(whatIf.before == CapacityReport(inventory: inventory))
    let planFile = Allocator(inventory: inventory, options: AllocationOptions(threads: 1))
      .allocate(requests).plan.jsonBytes
    let plan = try PlanDecoder.decode(planFile, file: "plan.json")
    let applied = try PlanApplication.apply(plan, to: inventory)
    let written = try InventoryDecoder.decode(
      InventoryEncoder.jsonBytes(applied), file: "inventory-after.json")
    #expect(whatIf.after == CapacityReport(inventory: written))
    #expect(whatIf.plan.summary.placed > 0)
    #expect(
      whatIf.after.summary.ports.held == whatIf.before.summary.ports.held
        + whatIf.plan.summary.placed)
    let json = try object(whatIf.jsonBytes)
    let before = try #require(json["before"] as? [String: Any])
    #expect((before["accessPoints"] as? [Any])?.count == inventory.accessPoints.count)
    let batch = try #require(json["batch"] as? [String: Int])
    #expect(batch["placed"] == whatIf.plan.summary.placed)
    #expect(
      (json["summary"] as? [String: Any])?["accessPoints"] as? Int == inventory.accessPoints.count)
  }
}
