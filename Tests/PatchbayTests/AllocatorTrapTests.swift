import Foundation
import Testing

@testable import Patchbay

/// Hand-made cases where placing requests one by one, first fit, is not optimal: the allocator
/// must find the optimum, and say it is proven.
@Suite struct AllocatorTrapTests {
  /// An inventory of one region; `devices` maps a device to (access point, free port cages).
  static func inventory(
    accessPoints: [String], devices: [(id: String, accessPoint: String, cages: [[String]])],
    connections: [[String: Any]] = []
  ) throws -> Inventory {
    let json: [String: Any] = [
      "regions": [["id": "r"]],
      "accessPoints": accessPoints.map {
        [
          "id": $0, "region": "r", "lineOperators": ["CT"],
          "portTypes": ["10GBase-LR", "1000Base-LX", "100GBase-LR"],
        ]
      },
      "devices": devices.map { device in
        [
          "id": device.id, "accessPoint": device.accessPoint,
          "ports": device.cages.enumerated().map { index, types in
            ["name": "1/1/\(index + 1)", "portTypes": types]
          },
        ]
      },
      "connections": connections, "highSpeedWhitelist": ["1"],
    ]
    return try InventoryDecoder.decode(
      [UInt8](JSONSerialization.data(withJSONObject: json)), file: "trap.json")
  }

  static func request(
    _ id: String, _ type: String, at accessPoint: String = "ap-1", partner: String? = nil,
    priority: Int = 0
  ) -> Request {
    let spec = ["10GBase-LR": "10G", "1000Base-LX": "1G", "100GBase-LR": "100G"][type]!
    return Request(
      id: RequestID(id), account: "1", region: "r", accessPoint: accessPoint,
      lineOperator: "CT", portSpec: spec, portType: type, redundantConnection: partner,
      priority: priority)
  }

  static func allocate(_ inventory: Inventory, _ requests: [Request]) -> Plan {
    Allocator(inventory: inventory).allocate(requests).plan
  }

  @Test func aHighPriorityRequestMustNotTakeTheOnlyFlexiblePort() throws {
    // d1's port takes 10G or 1G, d2's only 10G. The 10G request should go to d2.
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [
        ("d1", "ap-1", [["10GBase-LR", "1000Base-LX"]]), ("d2", "ap-1", [["10GBase-LR"]]),
      ])
    let plan = Self.allocate(
      inventory,
      [Self.request("high", "10GBase-LR", priority: 2), Self.request("low", "1000Base-LX")])
    #expect(plan.summary.placed == 2)
    #expect(plan.assignments.first { $0.request == "high" }?.device == "d2")
    #expect(plan.summary.optimal)
  }

  @Test func aPairBeatsTheSingleRequestBeforeIt() throws {
    // One free 10G port on each device: first fit gives d1 to the single and strands the pair.
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [("d1", "ap-1", [["10GBase-LR"]]), ("d2", "ap-1", [["10GBase-LR"]])])
    let plan = Self.allocate(
      inventory,
      [
        Self.request("single", "10GBase-LR"), Self.request("a", "10GBase-LR"),
        Self.request("b", "10GBase-LR", partner: "a"),
      ])
    #expect(Set(plan.assignments.map(\.request)) == ["a", "b"])
    #expect(plan.unplaced.map(\.code) == [.capacityContention])
    #expect(plan.accessPoints.map(\.method) == [.ilp])
    #expect(plan.summary.optimal)
  }

  @Test func aGroupAcrossAccessPointsIsPlacedWholeOrNotAtAll() throws {
    let inventory = try Self.inventory(
      accessPoints: ["ap-1", "ap-2"],
      devices: [("d1", "ap-1", [["10GBase-LR"]]), ("d2", "ap-2", [["10GBase-LR"]])])
    let plan = Self.allocate(
      inventory,
      [
        Self.request("single", "10GBase-LR", at: "ap-2"),
        Self.request("x", "10GBase-LR", at: "ap-1"),
        Self.request("y", "10GBase-LR", at: "ap-2", partner: "x"),
      ])
    #expect(Set(plan.assignments.map(\.request)) == ["x", "y"])
    #expect(plan.summary.optimal)
    // Both access points were solved together, as one subproblem.
    #expect(plan.accessPoints.map(\.method) == [.ilp, .ilp])
  }

  @Test func priorityIsLexicographic() throws {
    // One free port per device: a pair of priority 0 could place two, but the single of
    // priority 1 comes first.
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [("d1", "ap-1", [["10GBase-LR"]]), ("d2", "ap-1", [["10GBase-LR"]])])
    let plan = Self.allocate(
      inventory,
      [
        Self.request("a", "10GBase-LR"), Self.request("b", "10GBase-LR", partner: "a"),
        Self.request("single", "10GBase-LR", priority: 1),
      ])
    #expect(Set(plan.assignments.map(\.request)) == ["single"])
    let codes = Dictionary(uniqueKeysWithValues: plan.unplaced.map { ($0.request, $0.code) })
    #expect(codes["a"] != nil && codes["b"] != nil)
    #expect(plan.summary.optimal)
  }

  @Test func aChainKeepsNeighboursApartButMayReuseADevice() throws {
    // a != b and b != c, a == c allowed: b alone on d2, a and c share d1.
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [
        ("d1", "ap-1", [["10GBase-LR"], ["10GBase-LR"]]), ("d2", "ap-1", [["10GBase-LR"]]),
      ])
    let plan = Self.allocate(
      inventory,
      [
        Self.request("a", "10GBase-LR", partner: "b"), Self.request("b", "10GBase-LR"),
        Self.request("c", "10GBase-LR", partner: "b"),
      ])
    let device = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.request, $0.device) })
    #expect(device == ["a": "d1", "b": "d2", "c": "d1"])
    #expect(plan.summary.optimal)
  }

  @Test func mixedTypePairsShareMultiTypeCages() throws {
    // Three identical mixed pairs (10G + 1G) and cages that take either: 6 ports, 3 per
    // device, every pair split over the two devices.
    let cages = [["10GBase-LR", "1000Base-LX"], ["10GBase-LR", "1000Base-LX"], ["1000Base-LX"]]
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"], devices: [("d1", "ap-1", cages), ("d2", "ap-1", cages)])
    var requests: [Request] = []
    for index in 0..<3 {
      requests.append(Self.request("a\(index)", "10GBase-LR"))
      requests.append(Self.request("b\(index)", "1000Base-LX", partner: "a\(index)"))
    }
    requests.append(Self.request("extra", "10GBase-LR"))
    let plan = Self.allocate(inventory, requests)
    #expect(plan.summary.placed == 6)
    let device = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.request, $0.device) })
    for index in 0..<3 { #expect(device[RequestID("a\(index)")] != device[RequestID("b\(index)")]) }
    #expect(plan.unplaced.map(\.request) == ["extra"])
    #expect(plan.summary.optimal)
  }

  @Test func unplacedCodesExplainWithNumbers() throws {
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [
        ("d1", "ap-1", [["10GBase-LR"], ["100GBase-LR"]]), ("d2", "ap-1", [["10GBase-LR"]]),
      ],
      connections: [
        [
          "id": "pc-1", "account": "1", "accessPoint": "ap-1", "device": "d2", "port": "1/1/1",
          "portType": "10GBase-LR", "status": "Enabled",
        ]
      ])
    let plan = Self.allocate(
      inventory,
      [
        Self.request("no-port", "1000Base-LX"),
        Self.request("backup", "100GBase-LR", partner: "pc-1"),
        Self.request("same", "100GBase-LR"), Self.request("lost", "10GBase-LR"),
        Self.request("blocked", "10GBase-LR", partner: "no-port2"),
        Self.request("no-port2", "1000Base-LX"),
      ])
    let byRequest = Dictionary(uniqueKeysWithValues: plan.unplaced.map { ($0.request, $0) })
    #expect(byRequest["no-port"]?.code == .noFreePort)
    #expect(byRequest["no-port"]?.message.contains("accepting 10GBase-LR") == true)
    #expect(byRequest["same"]?.code == .capacityContention)
    #expect(
      byRequest["same"]?.message.contains("the only free 100GBase-LR port it could use") == true)
    #expect(byRequest["blocked"]?.code == .partnerUnplaced)
    #expect(byRequest["blocked"]?.message.contains("no-port2") == true)
    #expect(plan.summary.optimal)
  }

  @Test func aBackupAvoidsItsConnectionsDevice() throws {
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [("d1", "ap-1", [["10GBase-LR"], ["10GBase-LR"]])],
      connections: [
        [
          "id": "pc-1", "account": "1", "accessPoint": "ap-1", "device": "d1", "port": "1/1/1",
          "portType": "10GBase-LR", "status": "Enabled",
        ]
      ])
    let plan = Self.allocate(inventory, [Self.request("backup", "10GBase-LR", partner: "pc-1")])
    #expect(plan.unplaced.first?.code == .noDiverseDevice)
    #expect(
      plan.unplaced.first?.message.contains("d1, which holds its redundant connection pc-1") == true
    )
  }

  @Test func anUnprovenAnswerSaysHowFarItMayBe() throws {
    // No time at all for the exact search: the greedy answer stands, marked not optimal, with
    // the bound at the first priority it did not fill.
    let inventory = try Self.inventory(
      accessPoints: ["ap-1"],
      devices: [("d1", "ap-1", [["10GBase-LR"]]), ("d2", "ap-1", [["10GBase-LR"]])])
    let requests = [
      Self.request("single", "10GBase-LR"), Self.request("a", "10GBase-LR"),
      Self.request("b", "10GBase-LR", partner: "a"),
    ]
    let plan = Allocator(inventory: inventory, options: AllocationOptions(timeLimit: .zero))
      .allocate(requests).plan
    #expect(!plan.summary.optimal)
    let gap = try #require(plan.accessPoints.first?.gap)
    #expect(gap == OptimalityGap(priority: 0, placed: 2, atMost: 3))
    let decoded = try PlanDecoder.decode(plan.jsonBytes, file: "plan.json")
    #expect(decoded == plan)
    #expect(
      String(decoding: plan.jsonBytes, as: UTF8.self).contains(
        "\"optimal\": false, \"gap\": { \"priority\": 0, \"placed\": 2, \"atMost\": 3 } }"))
  }
}
