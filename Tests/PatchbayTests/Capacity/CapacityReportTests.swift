import Testing

@testable import Patchbay

/// Capacity figures of small hand-made access points whose answers are worked out by hand
/// (docs/CAPACITY.md): multi-type cages, a redundant partner that forbids a device, an empty
/// access point, a full one, a disabled one and a roomy one.
@Suite struct CapacityReportTests {
  static let lr = PortType.base10GLR
  static let lx = PortType.base1000LX

  /// A port `name` accepting `types`.
  static func port(_ name: String, _ types: PortType...) -> Port {
    Port(name: name, accepts: PortTypeSet(types: types))
  }

  static func live(
    _ id: String, _ accessPoint: String, _ device: String, _ port: String, _ type: PortType,
    partner: String? = nil, status: ConnectionStatus = .enabled
  ) -> Connection {
    Connection(
      id: ConnectionID(id), account: "1", accessPoint: AccessPointID(accessPoint),
      device: DeviceID(device), port: port, portType: type, status: status,
      redundantConnection: partner.map { ConnectionID($0) })
  }

  static func accessPoint(
    _ id: String, status: AccessPointStatus = .recommended, offers: [PortType] = [lr, lx]
  ) -> AccessPoint {
    AccessPoint(
      id: AccessPointID(id), region: "r", status: status, lineOperators: [.chinaTelecom],
      portTypes: PortTypeSet(types: offers))
  }

  /// One inventory with an access point per case, in this order.
  static var inventory: Inventory {
    get throws {
      let devices = [
        // multi: cages accepting both types; a terminated connection holds nothing.
        Device(
          id: "m1", accessPoint: "multi",
          ports: [port("1/1/1", lr, lx), port("1/1/2", lr), port("1/1/3", lx)]),
        Device(id: "m2", accessPoint: "multi", ports: [port("1/1/1", lr, lx), port("1/1/2", lx)]),
        // pair: c2 backs c1, so neither may be re-homed on the other's device.
        Device(id: "p1", accessPoint: "pair", ports: [port("1/1/1", lr), port("1/1/2", lr)]),
        Device(
          id: "p2", accessPoint: "pair",
          ports: [port("1/1/1", lr), port("1/1/2", lr), port("1/1/3", lr)]),
        Device(id: "p3", accessPoint: "pair", ports: [port("1/1/1", lr)]),
        // full: every port held.
        Device(id: "f1", accessPoint: "full", ports: [port("1/1/1", lr)]),
        Device(id: "f2", accessPoint: "full", ports: [port("1/1/1", lr, lx)]),
        // roomy: ten free ports on each of two devices.
        Device(
          id: "r1", accessPoint: "roomy", ports: (1...10).map { port("1/1/\($0)", lr) }),
        Device(
          id: "r2", accessPoint: "roomy", ports: (1...10).map { port("1/1/\($0)", lr) }),
        Device(id: "x1", accessPoint: "off", ports: [port("1/1/1", lr)]),
      ]
      let connections = [
        live("c1", "multi", "m1", "1/1/2", lr),
        live("c2", "multi", "m2", "1/1/2", lx),
        live("old", "multi", "m2", "1/1/1", lr, status: .terminated),
        live("q1", "pair", "p1", "1/1/1", lr),
        live("q3", "pair", "p1", "1/1/2", lr),
        live("q2", "pair", "p2", "1/1/1", lr, partner: "q1"),
        live("q4", "pair", "p3", "1/1/1", lr),
        live("f1c", "full", "f1", "1/1/1", lr, status: .confirmed),
        live("f2c", "full", "f2", "1/1/1", lx, status: .terminating),
        live("r1c", "roomy", "r1", "1/1/1", lr),
      ]
      return try Inventory(
        regions: [Region(id: "r")],
        accessPoints: [
          accessPoint("multi"), accessPoint("pair", offers: [lr]), accessPoint("empty"),
          accessPoint("full"), accessPoint("roomy", offers: [lr]),
          accessPoint("off", status: .disabled, offers: [lr]),
        ],
        devices: devices, connections: connections)
    }
  }

  struct Expected: Sendable, CustomTestStringConvertible {
    var id: String
    var total: Int
    var held: Int
    /// (type, singles, pairs) per offered type.
    var headroom: [(PortType, Int, Int)]
    var worstDevice: String?
    var shortfall: Int
    /// Per device, in order.
    var deviceShortfalls: [Int]
    var suggested: AccessPointStatus
    var testDescription: String { id }
  }

  static let cases: [Expected] = [
    Expected(
      id: "multi", total: 5, held: 2, headroom: [(lx, 3, 1), (lr, 2, 1)], worstDevice: "m1",
      shortfall: 0, deviceShortfalls: [0, 0], suggested: .hot),
    // Failing p1: q1 may not go to p2 (its partner q2 is there) and p3 is full: 1 stranded;
    // q3 goes to p2. Failing p2: q2 may not go to p1, the others are full: 1. Failing p3: q4
    // goes to p2: 0. Without the partner rule both would be 0.
    Expected(
      id: "pair", total: 6, held: 4, headroom: [(lr, 2, 0)], worstDevice: "p1", shortfall: 1,
      deviceShortfalls: [1, 1, 0], suggested: .hot),
    Expected(
      id: "empty", total: 0, held: 0, headroom: [(lx, 0, 0), (lr, 0, 0)], worstDevice: nil,
      shortfall: 0, deviceShortfalls: [], suggested: .full),
    Expected(
      id: "full", total: 2, held: 2, headroom: [(lx, 0, 0), (lr, 0, 0)], worstDevice: "f1",
      shortfall: 1, deviceShortfalls: [1, 1], suggested: .full),
    Expected(
      id: "roomy", total: 20, held: 1, headroom: [(lr, 19, 9)], worstDevice: "r1",
      shortfall: 0, deviceShortfalls: [0, 0], suggested: .recommended),
    Expected(
      id: "off", total: 1, held: 0, headroom: [(lr, 1, 0)], worstDevice: nil, shortfall: 0,
      deviceShortfalls: [0], suggested: .disabled),
  ]

  @Test(arguments: cases) func accessPointFigures(_ expected: Expected) throws {
    let report = CapacityReport(inventory: try Self.inventory)
    let accessPoint = try #require(report.accessPoints.first { $0.id.rawValue == expected.id })
    #expect(accessPoint.ports.total == expected.total)
    #expect(accessPoint.ports.held == expected.held)
    #expect(accessPoint.ports.free == expected.total - expected.held)
    #expect(accessPoint.headroom.map(\.portType) == expected.headroom.map(\.0))
    #expect(accessPoint.headroom.map(\.singles) == expected.headroom.map(\.1))
    #expect(accessPoint.headroom.map(\.pairs) == expected.headroom.map(\.2))
    #expect(accessPoint.nPlusOne.worstDevice?.rawValue == expected.worstDevice)
    #expect(accessPoint.nPlusOne.shortfall == expected.shortfall)
    #expect(accessPoint.devices.map(\.nPlusOneShortfall) == expected.deviceShortfalls)
    #expect(accessPoint.suggestedStatus == expected.suggested)
  }

  @Test func accessPointsInInventoryOrderAndSummary() throws {
    let report = CapacityReport(inventory: try Self.inventory)
    #expect(report.accessPoints.map(\.id.rawValue) == Self.cases.map(\.id))
    #expect(report.summary.accessPoints == 6)
    #expect(report.summary.full == 2)
    #expect(report.summary.hot == 2)
    #expect(report.summary.recommended == 1)
    #expect(report.summary.disabled == 1)
    // multi, pair, empty and full are declared recommended and suggested otherwise.
    #expect(report.summary.statusChanges == 4)
    #expect(report.summary.nPlusOneShortfall == 2)
    #expect(report.summary.ports == PortCounts(total: 34, held: 9))
  }

  @Test func perTypeCountsCountAMultiTypeCageUnderEachType() throws {
    let report = CapacityReport(inventory: try Self.inventory)
    let multi = report.accessPoints[0]
    // m1: 1/1/1 (LR, LX, free), 1/1/2 (LR, held), 1/1/3 (LX, free).
    let m1 = multi.devices[0]
    #expect(m1.ports == PortCounts(total: 3, held: 1))
    #expect(m1.liveConnections == 1)
    #expect(
      m1.portTypes == [
        PortTypeCounts(portType: Self.lx, ports: PortCounts(total: 2, held: 0)),
        PortTypeCounts(portType: Self.lr, ports: PortCounts(total: 2, held: 1)),
      ])
    // The terminated connection on m2 holds nothing.
    #expect(multi.devices[1].ports == PortCounts(total: 2, held: 1))
    #expect(multi.devices[1].liveConnections == 1)
    #expect(
      multi.portTypes == [
        PortTypeCounts(portType: Self.lx, ports: PortCounts(total: 4, held: 1)),
        PortTypeCounts(portType: Self.lr, ports: PortCounts(total: 3, held: 1)),
      ])
  }

  @Test(arguments: [
    ([Int](), 0), ([0, 0], 0), ([5], 0), ([5, 1], 1), ([3, 3, 3], 4), ([2, 2, 2, 2], 4),
    ([10, 1, 1], 2), ([1, 1], 1), ([4, 4], 4), ([7, 3, 2], 5),
  ])
  func pairHeadroom(_ free: [Int], _ pairs: Int) {
    #expect(Headroom.pairs(freePerDevice: free) == pairs)
  }

  struct StatusCase: Sendable, CustomTestStringConvertible {
    var declared: AccessPointStatus
    var held: Int
    var headroom: [(Int, Int)]
    var thresholds: CapacityThresholds
    var suggested: AccessPointStatus
    var testDescription: String { "\(declared) \(held)/10 \(headroom) -> \(suggested)" }
  }

  @Test(arguments: [
    StatusCase(
      declared: .recommended, held: 5, headroom: [(5, 2)], thresholds: .init(),
      suggested: .recommended),
    StatusCase(
      declared: .recommended, held: 8, headroom: [(2, 1)], thresholds: .init(hotPairs: 1),
      suggested: .hot),
    StatusCase(
      declared: .recommended, held: 7, headroom: [(3, 1)], thresholds: .init(hotPairs: 1),
      suggested: .recommended),
    StatusCase(
      declared: .full, held: 5, headroom: [(5, 1)], thresholds: .init(), suggested: .hot),
    StatusCase(
      declared: .hot, held: 9, headroom: [(0, 0), (1, 0)], thresholds: .init(hotPairs: 0),
      suggested: .hot),
    StatusCase(
      declared: .recommended, held: 9, headroom: [(0, 0), (0, 0)], thresholds: .init(),
      suggested: .full),
    StatusCase(
      declared: .hot, held: 10, headroom: [], thresholds: .init(), suggested: .full),
    StatusCase(
      declared: .disabled, held: 0, headroom: [(10, 5)], thresholds: .init(),
      suggested: .disabled),
    StatusCase(
      declared: .recommended, held: 10, headroom: [(1, 0)],
      thresholds: .init(hotUtilization: 1.5, hotPairs: 0), suggested: .recommended),
  ])
  func suggestedStatus(_ check: StatusCase) {
    let headroom = check.headroom.map { Headroom(portType: .base10GLR, singles: $0, pairs: $1) }
    #expect(
      check.thresholds.suggestedStatus(
        declared: check.declared, ports: PortCounts(total: 10, held: check.held),
        headroom: headroom) == check.suggested)
  }
}
