import PropertyBased
import Testing

@testable import Patchbay

/// The capacity report over random small data centres against a plain restatement: pair
/// headroom by trying every k and placing k pairs on pairs of devices exhaustively, N+1 by
/// trying every assignment of the failed device's connections to free ports.
@Suite struct CapacityPropertyTests {
  static let types: [PortType] = [.base10GLR, .base1000LX, .base100GLR]

  /// One or two access points of one to four devices, each with up to three ports whose cages
  /// accept random types; live connections on some ports, some of them redundant partners on
  /// different devices, and some finished ones that hold nothing.
  static func dataCentre(seed: UInt64) -> Inventory? {
    var random = SplitMix64(seed: seed)
    func below(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
    func chance(_ percent: Int) -> Bool { below(100) < percent }
    var accessPoints: [AccessPoint] = []
    var devices: [Device] = []
    var connections: [Connection] = []
    for letter in ["A", "B"].prefix(1 + below(2)) {
      let id = AccessPointID("ap-\(letter)")
      let offered = Self.types.filter { _ in chance(70) }
      accessPoints.append(
        AccessPoint(
          id: id, region: "r", lineOperators: [.chinaTelecom],
          portTypes: PortTypeSet(types: offered)))
      var liveHere: [(id: ConnectionID, device: DeviceID)] = []
      for number in 0..<below(5) {
        let device = DeviceID("\(id.rawValue)-d\(number)")
        var ports: [Port] = []
        for index in 0..<below(4) {
          var accepts = Self.types.filter { _ in chance(45) }
          if accepts.isEmpty { accepts = [Self.types[below(3)]] }
          let name = "1/1/\(index + 1)"
          ports.append(Port(name: name, accepts: PortTypeSet(types: accepts)))
          guard chance(50) else { continue }
          let connection = ConnectionID("pc-\(connections.count)")
          let status: ConnectionStatus =
            chance(20) ? .terminated : chance(50) ? .enabled : .allocated
          var partner: ConnectionID?
          let others = liveHere.filter { $0.device != device }
          if status.holdsPort, !others.isEmpty, chance(40) {
            partner = others[below(others.count)].id
          }
          connections.append(
            Connection(
              id: connection, account: "1", accessPoint: id, device: device, port: name,
              portType: accepts[below(accepts.count)], status: status,
              redundantConnection: partner))
          if status.holdsPort { liveHere.append((connection, device)) }
        }
        devices.append(Device(id: device, accessPoint: id, ports: ports))
      }
    }
    return try? Inventory(
      regions: [Region(id: "r")], accessPoints: accessPoints, devices: devices,
      connections: connections)
  }

  @Test func matchesBruteForce() async {
    await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
      guard let inventory = Self.dataCentre(seed: UInt64(seed)) else {
        Issue.record("seed \(seed): the generated inventory was refused")
        return
      }
      let report = CapacityReport(inventory: inventory)
      #expect(report.accessPoints.map(\.id) == inventory.accessPoints.map(\.id), "seed \(seed)")
      for accessPoint in report.accessPoints {
        let reference = BruteForceCapacity(inventory: inventory, accessPoint: accessPoint.id)
        #expect(accessPoint.ports.total == reference.total, "seed \(seed)")
        #expect(accessPoint.ports.held == reference.held, "seed \(seed)")
        for headroom in accessPoint.headroom {
          #expect(headroom.singles == reference.singles(headroom.portType), "seed \(seed)")
          #expect(headroom.pairs == reference.pairs(headroom.portType), "seed \(seed)")
        }
        let offered = inventory.accessPoint(accessPoint.id)!.portTypes.members
        #expect(accessPoint.headroom.map(\.portType) == offered, "seed \(seed)")
        let shortfalls = reference.devices.indices.map { reference.shortfall(failing: $0) }
        #expect(accessPoint.devices.map(\.nPlusOneShortfall) == shortfalls, "seed \(seed)")
        if reference.live.isEmpty {
          #expect(accessPoint.nPlusOne.worstDevice == nil, "seed \(seed)")
          #expect(accessPoint.nPlusOne.shortfall == 0, "seed \(seed)")
        } else {
          let worst = shortfalls.max()!
          let first = shortfalls.firstIndex(of: worst)!
          #expect(accessPoint.nPlusOne.shortfall == worst, "seed \(seed)")
          #expect(accessPoint.nPlusOne.worstDevice == reference.devices[first].id, "seed \(seed)")
        }
      }
    }
  }
}

/// The figures of one access point, restated as plainly as possible and searched exhaustively.
struct BruteForceCapacity {
  struct FreePort {
    var device: Int
    var accepts: PortTypeSet
  }

  struct Live {
    var device: Int
    var portType: PortType
    /// Devices of its live partners (either direction) at this access point.
    var partnerDevices: Set<Int>
  }

  let devices: [Device]
  var total = 0
  var held = 0
  var free: [FreePort] = []
  var live: [Live] = []

  init(inventory: Inventory, accessPoint: AccessPointID) {
    devices = inventory.devices.filter { $0.accessPoint == accessPoint }
    let liveConnections = inventory.connections.filter {
      $0.status.holdsPort && $0.accessPoint == accessPoint && $0.device != nil
    }
    for (position, device) in devices.enumerated() {
      for port in device.ports {
        total += 1
        if liveConnections.contains(where: { $0.device == device.id && $0.port == port.name }) {
          held += 1
        } else {
          free.append(FreePort(device: position, accepts: port.accepts))
        }
      }
    }
    for connection in liveConnections {
      guard let device = devices.firstIndex(where: { $0.id == connection.device }) else {
        continue
      }
      var partners = Set<Int>()
      for other in liveConnections
      where other.redundantConnection == connection.id
        || connection.redundantConnection == other.id
      {
        if let position = devices.firstIndex(where: { $0.id == other.device }) {
          partners.insert(position)
        }
      }
      live.append(Live(device: device, portType: connection.portType, partnerDevices: partners))
    }
  }

  func singles(_ type: PortType) -> Int { free.count { $0.accepts.contains(type) } }

  /// The largest k for which k pairs can each take two free ports of the type on two different
  /// devices, found by trying every k.
  func pairs(_ type: PortType) -> Int {
    var capacity = [Int](repeating: 0, count: devices.count)
    for port in free where port.accepts.contains(type) { capacity[port.device] += 1 }
    var best = 0
    for k in 1...max(1, singles(type)) where Self.placePairs(k, capacity: &capacity, from: 0) {
      best = k
    }
    return best
  }

  /// Whether `count` pairs fit, each on a device pair (i, j), i < j, the pairs taken in
  /// non-decreasing order of device pair so that each multiset is tried once.
  private static func placePairs(_ count: Int, capacity: inout [Int], from start: Int) -> Bool {
    if count == 0 { return true }
    let n = capacity.count
    var index = 0
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        defer { index += 1 }
        guard index >= start, capacity[i] > 0, capacity[j] > 0 else { continue }
        capacity[i] -= 1
        capacity[j] -= 1
        let fits = placePairs(count - 1, capacity: &capacity, from: index)
        capacity[i] += 1
        capacity[j] += 1
        if fits { return true }
      }
    }
    return false
  }

  /// The failed device's live connections that the best assignment to free ports of other
  /// devices (accepting the type, not on a partner's device) leaves out.
  func shortfall(failing failed: Int) -> Int {
    let moving = live.filter { $0.device == failed }
    var used = [Bool](repeating: false, count: free.count)
    func most(_ index: Int) -> Int {
      guard index < moving.count else { return 0 }
      var best = most(index + 1)
      for (position, port) in free.enumerated()
      where !used[position] && port.device != failed
        && port.accepts.contains(moving[index].portType)
        && !moving[index].partnerDevices.contains(port.device)
      {
        used[position] = true
        best = max(best, 1 + most(index + 1))
        used[position] = false
      }
      return best
    }
    return moving.count - most(0)
  }
}
