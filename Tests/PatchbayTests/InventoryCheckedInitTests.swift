import Foundation
import Patchbay
import Testing

/// The public checked initializer of ``Inventory``: it refuses every contradiction the decoder
/// refuses, at the same place, and accepts whatever the decoder accepts.
@Suite struct InventoryCheckedInitTests {
  /// An inventory's parts, as a service holds them before it asks for an ``Inventory``.
  struct Parts {
    var regions = [Region(id: "r1")]
    var accessPoints = [
      AccessPoint(
        id: "ap1", region: "r1", lineOperators: [.chinaTelecom],
        portTypes: PortTypeSet(types: [.base10GLR, .base1000LX])),
      AccessPoint(
        id: "ap2", region: "r1", lineOperators: [.chinaTelecom],
        portTypes: PortTypeSet(types: [.base100GLR])),
    ]
    var devices = [
      Device(
        id: "d1", accessPoint: "ap1",
        ports: [
          Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR])),
          Port(name: "1/1/2", accepts: PortTypeSet(types: [.base10GLR, .base1000LX])),
        ]),
      Device(
        id: "d2", accessPoint: "ap1",
        ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))]),
      Device(
        id: "d3", accessPoint: "ap2",
        ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base100GLR]))]),
    ]
    var connections = [
      Connection(
        id: "c1", account: "1", accessPoint: "ap1", device: "d1", port: "1/1/1",
        portType: .base10GLR, status: .enabled),
      Connection(
        id: "c2", account: "2", accessPoint: "ap1", device: "d2", port: "1/1/1",
        portType: .base10GLR, status: .enabled, redundantConnection: "c1"),
      Connection(
        id: "c3", account: "1", accessPoint: "ap2", device: nil, port: nil,
        portType: .base100GLR, status: .initial),
    ]
    var whitelist: Set<AccountID> = ["1"]
    var policy = Policy()

    func inventory() throws(InventoryError) -> Inventory {
      try Inventory(
        regions: regions, accessPoints: accessPoints, devices: devices, connections: connections,
        highSpeedWhitelist: whitelist, policy: policy)
    }

    /// The same parts as `inventory.json`, one port per `name`, so that the file's JSON paths
    /// are the parts' places.
    var json: [UInt8] {
      get throws {
        let object: [String: Any] = [
          "regions": regions.map { ["id": $0.id.rawValue] },
          "accessPoints": accessPoints.map {
            [
              "id": $0.id.rawValue, "region": $0.region.rawValue,
              "lineOperators": $0.lineOperators.map { $0.rawValue }.sorted(),
              "portTypes": $0.portTypes.members.map { $0.rawValue },
            ]
          },
          "devices": devices.map { device in
            [
              "id": device.id.rawValue, "accessPoint": device.accessPoint.rawValue,
              "ports": device.ports.map {
                ["name": $0.name, "portTypes": $0.accepts.members.map { $0.rawValue }]
              },
            ]
          },
          "connections": connections.map { connection -> [String: Any] in
            var object: [String: Any] = [
              "id": connection.id.rawValue, "account": connection.account.rawValue,
              "accessPoint": connection.accessPoint.rawValue,
              "portType": connection.portType.rawValue, "status": connection.status.rawValue,
            ]
            object["device"] = connection.device?.rawValue
            object["port"] = connection.port
            object["redundantConnection"] = connection.redundantConnection?.rawValue
            return object
          },
          "highSpeedWhitelist": whitelist.map(\.rawValue).sorted(),
          "policy": ["maxPendingPerAccount": policy.maxPendingPerAccount as Any? ?? NSNull()],
        ]
        return [UInt8](try JSONSerialization.data(withJSONObject: object))
      }
    }
  }

  /// One contradiction: how to make it, where it is, a phrase of the message, and the place the
  /// file decoder gives when its JSON path differs from the parts' place.
  struct Contradiction: CustomTestStringConvertible, Sendable {
    var name: String
    var place: String
    var says: String
    var filePlace: String?
    var make: @Sendable (inout Parts) -> Void

    var testDescription: String { name }
  }

  static let contradictions: [Contradiction] = [
    .init(name: "a region id twice", place: "regions[1].id", says: "duplicate region id") {
      $0.regions.append(Region(id: "r1"))
    },
    .init(name: "an empty region id", place: "regions[0].id", says: "empty") {
      $0.regions = [Region(id: "")]
      $0.accessPoints = []
      $0.devices = []
      $0.connections = []
    },
    .init(name: "an access point in no region", place: "accessPoints[1].region", says: "r9") {
      $0.accessPoints[1].region = "r9"
    },
    .init(name: "an access point id twice", place: "accessPoints[1].id", says: "duplicate") {
      $0.accessPoints[1].id = "ap1"
    },
    .init(name: "a device at no access point", place: "devices[2].accessPoint", says: "ap9") {
      $0.devices[2].accessPoint = "ap9"
    },
    .init(
      name: "a control character in a device id", place: "devices[1].id",
      says: "control character"
    ) {
      $0.devices[1].id = "d2\u{1B}[2J"
      $0.connections[1].device = "d2\u{1B}[2J"
    },
    .init(
      name: "a NUL in a port name", place: "devices[2].ports[0].name", says: "control character"
    ) {
      $0.devices[2].ports[0].name = "1/1\u{0}/1"
    },
    .init(name: "a device id twice", place: "devices[1].id", says: "duplicate device id") {
      $0.devices[1].id = "d1"
    },
    .init(
      name: "a port name twice", place: "devices[0].ports[1].name", says: "defined twice",
      filePlace: "devices[0].ports[1]"
    ) {
      $0.devices[0].ports[1].name = "1/1/1"
    },
    .init(
      name: "a port that accepts nothing", place: "devices[2].ports[0].accepts",
      says: "is empty", filePlace: "devices[2].ports[0].portTypes"
    ) {
      $0.devices[2].ports[0].accepts = []
      $0.connections.removeAll { $0.device == "d3" }
    },
    .init(name: "an empty connection id", place: "connections[2].id", says: "empty") {
      $0.connections[2].id = ""
    },
    .init(name: "a connection id twice", place: "connections[2].id", says: "duplicate") {
      $0.connections[2].id = "c1"
    },
    .init(name: "an empty account", place: "connections[2].account", says: "empty") {
      $0.connections[2].account = ""
    },
    .init(name: "a connection at no access point", place: "connections[2].accessPoint", says: "ap9")
    {
      $0.connections[2].accessPoint = "ap9"
    },
    .init(name: "a connection on no device", place: "connections[0].device", says: "d9") {
      $0.connections[0].device = "d9"
    },
    .init(
      name: "a device of another access point", place: "connections[0].device",
      says: "belongs to access point"
    ) {
      $0.connections[0].device = "d3"
    },
    .init(name: "a port the device lacks", place: "connections[0].port", says: "no port") {
      $0.connections[0].port = "9/9/9"
    },
    .init(
      name: "a port that refuses the type", place: "connections[0].portType",
      says: "not 1000Base-LX"
    ) {
      $0.connections[0].portType = .base1000LX
    },
    .init(name: "a live connection without a port", place: "connections[0]", says: "must name") {
      $0.connections[0].device = nil
      $0.connections[0].port = nil
    },
    .init(name: "a port without its device", place: "connections[2]", says: "no device") {
      $0.connections[2].port = "1/1/1"
    },
    .init(name: "two live connections on a port", place: "connections[1].port", says: "held") {
      $0.connections[1].device = "d1"
    },
    .init(
      name: "a connection backing itself up", place: "connections[0].redundantConnection",
      says: "itself"
    ) {
      $0.connections[0].redundantConnection = "c1"
    },
    .init(
      name: "a redundant connection that is not there",
      place: "connections[0].redundantConnection", says: "unknown connection \"cz\""
    ) {
      $0.connections[0].redundantConnection = "cz"
    },
    .init(
      name: "an empty whitelisted account", place: "highSpeedWhitelist", says: "empty",
      filePlace: "highSpeedWhitelist[0]"
    ) {
      $0.whitelist = [""]
    },
    .init(name: "a negative pending limit", place: "policy.maxPendingPerAccount", says: "-1") {
      $0.policy = Policy(maxPendingPerAccount: -1)
    },
  ]

  @Test func theUntouchedPartsMakeAnInventoryThatResolvesEveryReference() throws {
    let inventory = try Parts().inventory()
    #expect(inventory.devices(of: "ap1").map(\.id) == ["d1", "d2"])
    #expect(inventory.connection("c2")?.redundantConnection == "c1")
    #expect(inventory.port(named: "1/1/2", of: "d1")?.accepts.contains(.base1000LX) == true)
    #expect(inventory.pendingConnections(of: "1") == 1)
    // The decoder reads the same parts from a file into the same inventory.
    let decoded = try InventoryDecoder.decode(try Parts().json, file: "parts.json")
    #expect(InventoryEncoder.jsonBytes(decoded) == InventoryEncoder.jsonBytes(inventory))
  }

  @Test(arguments: contradictions)
  func everyContradictionIsRefusedAtItsPlaceAsTheDecoderRefusesIt(_ contradiction: Contradiction)
    throws
  {
    var parts = Parts()
    contradiction.make(&parts)
    #expect {
      _ = try parts.inventory()
    } throws: { error in
      guard let error = error as? InventoryError else { return false }
      let problem = error.problems.first { $0.place == contradiction.place }
      return problem?.message.contains(contradiction.says) == true
    }
    let fileError = #expect(throws: InputError.self) {
      _ = try InventoryDecoder.decode(try parts.json, file: "parts.json")
    }
    #expect(
      fileError?.problems.contains { $0.place == (contradiction.filePlace ?? contradiction.place) }
        == true)
  }

  @Test(arguments: 0..<60)
  func randomDataCentresComeOutOfTheirPartsAsTheDecoderReadThem(_ seed: Int) throws {
    let files = try RandomDataCentre(seed: UInt64(seed)).files()
    let decoded = try InventoryDecoder.decode(files.inventory, file: "random.json")
    let rebuilt = try Inventory(
      regions: decoded.regions, accessPoints: decoded.accessPoints, devices: decoded.devices,
      connections: decoded.connections, highSpeedWhitelist: decoded.highSpeedWhitelist,
      policy: decoded.policy)
    #expect(InventoryEncoder.jsonBytes(rebuilt) == InventoryEncoder.jsonBytes(decoded))
  }

  @Test func aSliceThatNamesAnUnknownAccessPointIsRefused() {
    let parts = Parts()
    var devices = parts.devices
    devices[0].accessPoint = "ap-gone"
    let slice = InventorySlice(
      regions: parts.regions, accessPoints: parts.accessPoints, devices: devices,
      connections: [], interfaces: [], highSpeedWhitelist: [], policy: Policy())
    #expect {
      _ = try slice.inventory()
    } throws: { error in
      (error as? InventoryError)?.problems.map(\.place) == ["devices[0].accessPoint"]
    }
  }

  @Test func aSliceMayLeaveOutTheDevicesOfOtherAccessPoints() throws {
    let parts = Parts()
    // ap1's devices only; c3 is at ap2 and names no device, c1 and c2 are at ap1.
    let slice = InventorySlice(
      regions: parts.regions, accessPoints: parts.accessPoints,
      devices: Array(parts.devices.prefix(2)),
      connections: [
        Connection(
          id: "far", account: "9", accessPoint: "ap2", device: "d3", port: "1/1/1",
          portType: .base100GLR, status: .enabled, redundantConnection: "elsewhere")
      ], interfaces: [], highSpeedWhitelist: [], policy: Policy())
    #expect(try slice.inventory().connection("far")?.device == "d3")
  }
}
