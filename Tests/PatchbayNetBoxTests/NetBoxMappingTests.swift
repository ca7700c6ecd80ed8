import Foundation
import Patchbay
import PatchbayStore
import Testing

@testable import PatchbayNetBox

/// NetBox records -> inventory, without a network: the recorded demo slice in both API shapes,
/// and one rule at a time on records made in the test.
@Suite struct NetBoxMappingTests {
  @Test(arguments: NetBoxEmulator.Version.allCases)
  func demoSliceGivesTheExpectedInventory(version: NetBoxEmulator.Version) throws {
    let imported = try NetBoxMapping.inventory(
      from: try NetBoxFixtures.records(version), selection: NetBoxFixtures.selection)
    let bytes = InventoryEncoder.jsonBytes(imported.inventory)
    #expect(bytes == (try NetBoxFixtures.expected))
    // What the data holds: the devices, port types and held ports.
    let inventory = imported.inventory
    #expect(
      inventory.devices.map(\.id.rawValue) == [
        "dmi01-akron-core01", "dmi01-akron-rtr01", "dmi01-akron-sw01", "dmi01-albany-rtr01",
        "dmi01-albany-sw01", "dmi01-camden-sw01", "netbox-device-8",
      ])
    #expect(
      inventory.connections.map(\.id.rawValue) == [
        "DEOW4921-A", "DEOW4921-Z", "JBGF3343", "KKDG4923", "netbox-interface-15",
        "netbox-interface-151", "netbox-interface-174", "netbox-interface-184",
        "netbox-interface-23", "netbox-interface-270", "netbox-interface-278",
        "netbox-interface-4", "netbox-interface-62", "netbox-interface-63",
        "netbox-interface-73", "netbox-interface-84",
      ])
    #expect(inventory.connections.allSatisfy { $0.status == .enabled && $0.account == "netbox" })
    let akron = try #require(inventory.accessPoints.first { $0.id == "dm-akron" })
    #expect(akron.portTypes == PortTypeSet(types: [.base1000T, .base10GLR, .base100GLR]))
    #expect(akron.status == .recommended)
    #expect(akron.region == "us-oh")
    let summary = imported.summary
    #expect(summary.skippedDevices == ["status planned": 1, "status offline": 1])
    #expect(summary.skippedSites == ["no active device of the roles asked for": 2])
    #expect(
      summary.skippedInterfaces == [
        "virtual": 6, "LAG": 4, "management-only": 7, "disabled": 2, "wireless": 1,
        "unmapped type lte": 2, "unmapped type other": 1,
      ])
    #expect(summary.circuits == 4)
  }

  @Test func outputIsAcceptedByValidateAndStateInit() async throws {
    let bytes = try NetBoxFixtures.expected
    let inventory = try InventoryDecoder.decode(bytes, file: "expected-inventory.json")
    #expect(inventory.devices.count == 7)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "netbox-state-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try await SQLiteStore.create(path: folder.appendingPathComponent("p.db").path)
    try await store.importInventory(inventory)
  }

  @Test func sameRecordsInAnyOrderGiveTheSameBytes() throws {
    var records = try NetBoxFixtures.records(.v4)
    var generator = SystemRandomNumberGenerator()
    records.sites.shuffle(using: &generator)
    records.devices.shuffle(using: &generator)
    records.interfaces.shuffle(using: &generator)
    let imported = try NetBoxMapping.inventory(from: records, selection: NetBoxFixtures.selection)
    #expect(InventoryEncoder.jsonBytes(imported.inventory) == (try NetBoxFixtures.expected))
  }

  @Test(arguments: [
    (NetBoxInterface(id: 1, deviceID: 1, name: "Gi1", type: "1000base-t"), "port 1000Base-T"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "Te1", type: "25gbase-x-sfp28"), "port 10GBase-LR"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "Vlan1", type: "virtual"), "virtual"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "br0", type: "bridge"), "virtual"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "Po1", type: "lag"), "LAG"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "wlan0", type: "ieee802.11ax"), "wireless"),
    (NetBoxInterface(id: 1, deviceID: 1, name: "r0", type: "other-wireless"), "wireless"),
    (
      NetBoxInterface(id: 1, deviceID: 1, name: "mgmt", type: "1000base-t", managementOnly: true),
      "management-only"
    ),
    (
      NetBoxInterface(id: 1, deviceID: 1, name: "Gi2", type: "1000base-t", enabled: false),
      "disabled"
    ),
    (
      NetBoxInterface(id: 1, deviceID: 1, name: "Gi3", type: "100gbase-x-cfp"),
      "unmapped type 100gbase-x-cfp"
    ),
    (NetBoxInterface(id: 1, deviceID: 1, name: "Gi4", type: nil), "unmapped type (none)"),
  ])
  func interfaceClassification(interface: NetBoxInterface, expected: String) {
    let outcome =
      switch NetBoxMapping.classify(interface, map: .default) {
      case .port(let types): "port " + types.map(\.rawValue).joined(separator: ",")
      case .skip(let reason): reason
      }
    #expect(outcome == expected)
  }

  @Test(
    arguments: [
      ("active", AccessPointStatus.recommended), (nil, .recommended), ("planned", .disabled),
      ("staging", .disabled), ("decommissioning", .disabled), ("retired", .disabled),
      ("some-plugin-status", .disabled),
    ] as [(String?, AccessPointStatus)])
  func siteStatus(status: String?, expected: AccessPointStatus) throws {
    let imported = try NetBoxMapping.inventory(
      from: Self.oneSwitch(siteStatus: status), selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(imported.inventory.accessPoints.map(\.status) == [expected])
  }

  @Test(
    arguments: [
      ("active", 1), (nil, 1), ("planned", 0), ("offline", 0), ("inventory", 0), ("failed", 0),
    ] as [(String?, Int)])
  func deviceStatus(status: String?, devices: Int) throws {
    var records = Self.oneSwitch()
    records.devices[0].status = status
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(imported.inventory.devices.count == devices)
  }

  @Test(
    arguments: [
      (nil, LineOperator.allCases), (["CT", "CU"], [.chinaTelecom, .chinaUnicom]),
      (["equinix"], [.equinix]),
    ] as [([String]?, [LineOperator])])
  func lineOperatorsField(field: [String]?, expected: [LineOperator]) throws {
    var records = Self.oneSwitch()
    records.sites[0].lineOperators = field
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(imported.inventory.accessPoints[0].lineOperators == Set(expected))
  }

  @Test func unknownLineOperatorNamesTheSiteAndTheValue() throws {
    var records = Self.oneSwitch()
    records.sites[0].lineOperators = ["CT", "Verizon"]
    let error = try #require(throws: NetBoxError.self) {
      try NetBoxMapping.inventory(from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    }
    #expect(error.kind == .invalidAnswer)
    #expect(error.message.contains("site s1 (id 1)"))
    #expect(error.message.contains("\"Verizon\""))
    #expect(error.message.contains("patchbay_line_operators"))
  }

  @Test func sharedAndMissingNamesBecomeNetBoxDeviceIDs() throws {
    var records = Self.oneSwitch()
    records.devices.append(NetBoxDevice(id: 7, name: "sw1", roleSlug: "sw", siteSlug: "s1"))
    records.devices.append(NetBoxDevice(id: 9, name: nil, roleSlug: "sw", siteSlug: "s1"))
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(
      imported.inventory.devices.map(\.id.rawValue)
        == [
          "netbox-device-7", "netbox-device-9", "netbox-device-3",
        ].sorted())
    #expect(imported.summary.renamedDevices == 2)
  }

  @Test func circuitIDs() throws {
    var records = Self.oneSwitch()
    records.interfaces = [
      NetBoxInterface(
        id: 10, deviceID: 3, name: "Gi1/0/1", type: "1000base-t", hasCable: true,
        linkPeers: [.circuitTermination(cid: "C-1", side: "A")]),
      NetBoxInterface(
        id: 11, deviceID: 3, name: "Gi1/0/2", type: "1000base-t", hasCable: true,
        linkPeers: [.circuitTermination(cid: "C-2", side: "A")]),
      NetBoxInterface(
        id: 12, deviceID: 3, name: "Gi1/0/3", type: "1000base-t", hasCable: true,
        linkPeers: [.circuitTermination(cid: "C-2", side: "Z")]),
      NetBoxInterface(
        id: 13, deviceID: 3, name: "Gi1/0/4", type: "1000base-t", markConnected: true),
      NetBoxInterface(
        id: 14, deviceID: 3, name: "Gi1/0/5", type: "1000base-t", hasCable: true,
        linkPeers: [.interface(id: 99)]),
      NetBoxInterface(id: 15, deviceID: 3, name: "Gi1/0/6", type: "1000base-t"),
    ]
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(
      imported.inventory.connections.map(\.id.rawValue) == [
        "C-1", "C-2-A", "C-2-Z", "netbox-interface-13", "netbox-interface-14",
      ])
    #expect(
      imported.inventory.connections.map(\.port) == [
        "Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/5",
      ])
  }

  @Test func portNamesInNaturalOrderAndDuplicatesSkipped() throws {
    var records = Self.oneSwitch()
    records.interfaces = ["Gi1/0/10", "Gi1/0/2", "Gi1/0/1", "Gi1/0/2", "Gi1/0/01"].enumerated().map
    {
      NetBoxInterface(id: $0 + 1, deviceID: 3, name: $1, type: "1000base-t")
    }
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"]))
    #expect(
      imported.inventory.devices[0].ports.map(\.name) == [
        "Gi1/0/01", "Gi1/0/1", "Gi1/0/2", "Gi1/0/10",
      ])
    #expect(imported.summary.skippedInterfaces == ["duplicate name": 1])
  }

  @Test func aReplacedPortTypeMapDecidesWhatBecomesAPort() throws {
    var records = Self.oneSwitch()
    records.interfaces = [
      NetBoxInterface(id: 1, deviceID: 3, name: "Gi1", type: "1000base-t", hasCable: true),
      NetBoxInterface(id: 2, deviceID: 3, name: "Te1", type: "10gbase-x-sfpp"),
    ]
    let map = try NetBoxPortTypeMap.decode(
      Array(#"{"10gbase-x-sfpp": ["10GBase-LR", "1000Base-LX"], "1000base-t": "100Base-T"}"#.utf8),
      file: "map.json")
    let imported = try NetBoxMapping.inventory(
      from: records, selection: NetBoxSelection(deviceRoles: ["sw"], portTypes: map))
    let ports = imported.inventory.devices[0].ports
    #expect(
      ports.map(\.accepts) == [
        PortTypeSet(.base100T), PortTypeSet(types: [.base10GLR, .base1000LX]),
      ])
    #expect(imported.inventory.connections.map(\.portType) == [.base100T])
  }

  @Test(arguments: [
    ("[]", "map.json: is an array"),
    ("{\"1000base-t\": []}", "map.json: \"1000base-t\": lists no port type"),
    ("{\"1000base-t\": [\"1000base-t\"]}", "did you mean \"1000Base-T\"?"),
    ("{\"1000base-t\": 3}", "map.json: \"1000base-t\": is the number 3"),
    ("{\"1000base-t\": [\"10GBase-LR\"], \"1000base-t\": [\"10GBase-T\"]}", "map.json:"),
    ("{\"a\": ", "map.json: line 1"),
  ])
  func badPortTypeMaps(text: String, expected: String) {
    let error = #expect(throws: NetBoxError.self) {
      try NetBoxPortTypeMap.decode(Array(text.utf8), file: "map.json")
    }
    #expect(error?.kind == .invalidFile)
    #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
  }

  @Test func recordsWithoutStatusOrWithUnknownFieldsAreRead() throws {
    let text = #"""
      {"id": 4, "name": "sw9", "role": {"id": 1, "slug": "sw", "future": [1, 2]},
       "site": {"id": 1, "slug": "s1"}, "status": null, "new_in_netbox_9": {"x": true}}
      """#
    let device = try NetBoxRecordReader.device(
      try JSONDocument(bytes: Array(text.utf8)).root, at: "results[0]")
    #expect(device == NetBoxDevice(id: 4, name: "sw9", roleSlug: "sw", siteSlug: "s1", status: nil))
    let old = #"{"id": 5, "name": null, "device_role": {"slug": "sw"}, "site": {"slug": "s1"}}"#
    let unnamed = try NetBoxRecordReader.device(
      try JSONDocument(bytes: Array(old.utf8)).root, at: "results[0]")
    #expect(unnamed == NetBoxDevice(id: 5, name: nil, roleSlug: "sw", siteSlug: "s1", status: nil))
  }

  @Test func interfaceOfNetBox3Point2WithOneLinkPeer() throws {
    let text = #"""
      {"id": 8, "device": {"id": 2, "name": "sw"}, "name": "Gi1", "type": {"value": "1000base-t"},
       "cable": {"id": 3}, "link_peer": {"id": 4, "circuit": {"cid": "X-1"}, "term_side": "Z"},
       "link_peer_type": "circuits.circuittermination"}
      """#
    let interface = try NetBoxRecordReader.interface(
      try JSONDocument(bytes: Array(text.utf8)).root, at: "results[0]")
    #expect(interface.linkPeers == [.circuitTermination(cid: "X-1", side: "Z")])
    #expect(interface.hasCable && interface.enabled && !interface.managementOnly)
  }

  @Test(arguments: [
    (#"{"id": "7", "slug": "a"}"#, "results[2].id: is the string \"7\", expected a numeric id"),
    (#"{"id": 7}"#, "results[2].slug: is missing"),
    (#"[1]"#, "results[2]: is an array, not a record"),
  ])
  func unreadableSites(text: String, expected: String) {
    let problem = #expect(throws: NetBoxRecordReader.Problem.self) {
      try NetBoxRecordReader.site(try! JSONDocument(bytes: Array(text.utf8)).root, at: "results[2]")
    }
    #expect(problem.map { "\($0.place): \($0.message)" }?.hasPrefix(expected) == true)
  }

  /// One site `s1` with one switch (`sw1`, id 3, role `sw`) and one port.
  static func oneSwitch(siteStatus: String? = "active") -> NetBoxRecords {
    NetBoxRecords(
      sites: [NetBoxSite(id: 1, slug: "s1", status: siteStatus)],
      devices: [NetBoxDevice(id: 3, name: "sw1", roleSlug: "sw", siteSlug: "s1")],
      interfaces: [NetBoxInterface(id: 1, deviceID: 3, name: "Gi1/0/1", type: "1000base-t")])
  }
}
