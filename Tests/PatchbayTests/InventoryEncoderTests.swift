import PropertyBased
import Testing

@testable import Patchbay

/// Writing `inventory.json`: what is written reads back as the same inventory, byte for byte the
/// same every time, with ports joined into runs where the names allow.
@Suite struct InventoryEncoderTests {
  @Test(arguments: ["datacenter/inventory.json", "every-code/inventory.json"])
  func fixturesRoundTrip(_ file: String) throws {
    let inventory = try InventoryDecoder.read(path: Fixtures.path(file))
    let bytes = InventoryEncoder.jsonBytes(inventory)
    let again = try InventoryDecoder.decode(bytes, file: file)
    #expect(sameContents(again, inventory))
    #expect(InventoryEncoder.jsonBytes(again) == bytes)
  }

  @Test func theDatacenterIsWrittenAsItsFixtureIsLaidOut() throws {
    let text = String(
      decoding: InventoryEncoder.jsonBytes(try Fixtures.datacenterInventory), as: UTF8.self)
    #expect(
      text.hasPrefix(
        "{\n  \"regions\": [\n    { \"id\": \"cn-hangzhou\", \"name\": \"China (Hangzhou)\" },\n"))
    #expect(
      text.contains(
        """
            { "id": "hz-yh-b-asw-01", "accessPoint": "ap-cn-hangzhou-yh-B", "cabinet": "Room 2, row A, cabinet A03",
              "ports": [
                { "names": "1/1/1-48", "portTypes": ["1000Base-LX", "10GBase-LR"] },
                { "names": "1/2/1-8", "portTypes": ["40GBase-LR", "100GBase-LR"] },
                { "name": "1/3/1", "portTypes": ["1000Base-LX"] }
              ] },
        """))
    // The API's "Allocation Failed" is written in the canonical spelling; absent ports are null.
    #expect(
      text.contains(#""port": "1/1/6", "portType": "1000Base-LX", "status": "AllocationFailed""#))
    #expect(
      text.contains(
        #""id": "pc-hz-0008", "account": "1004", "accessPoint": "ap-cn-hangzhou-yh-B", "device": null, "port": null"#
      ))
    #expect(
      text.hasSuffix(
        "  \"highSpeedWhitelist\": [\"1001\", \"1003\", \"2003\"],\n  \"policy\": { \"maxPendingPerAccount\": 5 }\n}\n"
      ))
  }

  struct RunCase: CustomTestStringConvertible, Sendable {
    var names: [String]
    /// Entries expected, as `name` texts or `names` runs.
    var entries: [String]
    var testDescription: String { names.joined(separator: " ") }
  }

  static let runCases: [RunCase] = [
    RunCase(names: ["1/1/1", "1/1/2", "1/1/3"], entries: ["1/1/1-3"]),
    RunCase(names: ["1/1/1"], entries: ["1/1/1"]),
    RunCase(names: ["1/1/1", "1/1/3"], entries: ["1/1/1", "1/1/3"]),
    RunCase(names: ["1/1/2", "1/1/1"], entries: ["1/1/2", "1/1/1"]),
    RunCase(names: ["1/1/9", "1/1/10", "1/1/11"], entries: ["1/1/9-11"]),
    RunCase(names: ["1/1/1", "1/1/2", "1/2/3", "1/2/4"], entries: ["1/1/1-2", "1/2/3-4"]),
    // A leading zero is not how "\(prefix)\(number)" writes a number back.
    RunCase(names: ["x01", "x02"], entries: ["x01", "x02"]),
    RunCase(names: ["x0", "x1"], entries: ["x0-1"]),
    // Names that are only digits, or have dashes of their own.
    RunCase(names: ["7", "8", "9"], entries: ["7-9"]),
    RunCase(names: ["eth-1", "eth-2"], entries: ["eth-1-2"]),
    RunCase(names: ["1-1", "1-2"], entries: ["1-1-2"]),
    RunCase(names: ["a", "b"], entries: ["a", "b"]),
    RunCase(names: ["port", "port1", "port2"], entries: ["port", "port1-2"]),
    RunCase(names: ["é1", "é2"], entries: ["é1-2"]),
  ]

  @Test(arguments: runCases)
  func portsAreJoinedIntoRunsThatReadBack(_ test: RunCase) throws {
    let ports = test.names.map { Port(name: $0, accepts: PortTypeSet(.base10GLR)) }
    let entries = PortEntry.entries(of: ports)
    #expect(entries.map(\.text) == test.entries)
    // Each entry reads back as exactly its ports.
    var names: [String] = []
    for entry in entries {
      if entry.count == 1 {
        names.append(entry.text)
      } else {
        names += try PortNameRun.parse(entry.text).get().names
      }
    }
    #expect(names == test.names)
  }

  @Test func aTypeChangeEndsARun() {
    let ports = [
      Port(name: "1/1/1", accepts: PortTypeSet(.base10GLR)),
      Port(name: "1/1/2", accepts: PortTypeSet(.base10GLR)),
      Port(name: "1/1/3", accepts: PortTypeSet(types: [.base10GLR, .base1000LX])),
      Port(name: "1/1/4", accepts: PortTypeSet(types: [.base10GLR, .base1000LX])),
    ]
    #expect(PortEntry.entries(of: ports).map(\.text) == ["1/1/1-2", "1/1/3-4"])
  }

  @Test func randomDataCentresRoundTrip() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      guard let files = try? RandomDataCentre(seed: UInt64(seed)).files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json")
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      Self.expectRoundTrip(inventory, seed: seed)
    }
  }

  @Test func randomInventoriesWithOddNamesRoundTrip() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      Self.expectRoundTrip(Self.oddInventory(seed: UInt64(seed)), seed: seed)
    }
  }

  static func expectRoundTrip(_ inventory: Inventory, seed: Int) {
    let bytes = InventoryEncoder.jsonBytes(inventory)
    do {
      let again = try InventoryDecoder.decode(bytes, file: "encoded.json")
      #expect(sameContents(again, inventory), "seed \(seed)")
      #expect(InventoryEncoder.jsonBytes(again) == bytes, "seed \(seed)")
    } catch {
      Issue.record("seed \(seed): \(error)\n\(String(decoding: bytes, as: UTF8.self))")
    }
  }

  /// An inventory built directly (not from JSON), with port names that runs must be careful
  /// with: leading zeros, digits only, dashes, quotes, other scripts, gaps and type changes.
  static func oddInventory(seed: UInt64) -> Inventory {
    var random = SplitMix64(seed: seed)
    func number(_ below: Int) -> Int { Int(random.next() % UInt64(below)) }
    func pick<T>(_ items: [T]) -> T { items[number(items.count)] }
    let prefixes = ["1/1/", "", "eth-", "p0", "x\"y", "é", "a\\b", "1-", "port "]
    let types = PortType.allCases
    func typeSet() -> PortTypeSet {
      let set = PortTypeSet(types: types.filter { _ in number(3) == 0 })
      return set.isEmpty ? PortTypeSet(pick(types)) : set
    }
    let regions = [
      Region(id: "r-1", name: number(2) == 0 ? nil : "Région \"1\""), Region(id: "r-2"),
    ]
    let accessPoints = (0..<1 + number(3)).map { index in
      AccessPoint(
        id: AccessPointID("ap-\(index)"), region: pick(regions).id,
        name: number(2) == 0 ? nil : "AP \(index)", status: pick(AccessPointStatus.allCases),
        lineOperators: Set(LineOperator.allCases.filter { _ in number(2) == 0 }),
        portTypes: typeSet())
    }
    var devices: [Device] = []
    for accessPoint in accessPoints {
      for index in 0..<number(4) {
        var ports: [Port] = []
        var used = Set<String>()
        for _ in 0..<number(6) {
          let prefix = pick(prefixes)
          var accepts = typeSet()
          var next = number(3) == 0 ? 0 : number(20)
          for _ in 0..<1 + number(6) {
            let name = number(8) == 0 ? "\(prefix)0\(next)" : "\(prefix)\(next)"
            if used.insert(name).inserted { ports.append(Port(name: name, accepts: accepts)) }
            next += number(6) == 0 ? 2 : 1
            if number(8) == 0 { accepts = typeSet() }
          }
        }
        devices.append(
          Device(
            id: DeviceID("\(accessPoint.id)-d\(index)"), accessPoint: accessPoint.id, ports: ports))
      }
    }
    var connections: [Connection] = []
    var held = Set<String>()
    for _ in 0..<number(12) {
      let id = ConnectionID("pc-\(connections.count)")
      let partner = connections.isEmpty || number(2) == 0 ? nil : pick(connections).id
      let status = pick(ConnectionStatus.allCases)
      if let device = devices.isEmpty ? nil : pick(devices),
        let port = device.ports.isEmpty ? nil : pick(device.ports),
        number(4) != 0
      {
        let key = "\(device.id)\u{0}\(port.name)"
        if status.holdsPort && !held.insert(key).inserted { continue }
        connections.append(
          Connection(
            id: id, account: AccountID("\(number(5))"), accessPoint: device.accessPoint,
            device: device.id, port: port.name, portType: pick(port.accepts.members),
            status: status,
            redundantConnection: partner))
      } else if !status.mustNamePort {
        connections.append(
          Connection(
            id: id, account: "7", accessPoint: pick(accessPoints).id, device: nil, port: nil,
            portType: pick(types), status: status, redundantConnection: partner))
      }
    }
    return Inventory(
      assembling: regions, accessPoints: accessPoints, devices: devices, connections: connections,
      highSpeedWhitelist: Set((0..<number(4)).map { AccountID("\($0 * 7)") }),
      policy: Policy(maxPendingPerAccount: number(2) == 0 ? nil : number(6)))
  }
}
