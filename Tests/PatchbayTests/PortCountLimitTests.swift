import PatchbaySynthetic
import Testing

@testable import Patchbay

/// A port-name run is a few bytes that name up to 65,536 ports, so the inventory's ports are
/// counted, runs expanded, before any is made (FORMATS.md "How Patchbay reads this contract").
@Suite struct PortCountLimitTests {
  static func inventory(devices: Int, run: String) -> [UInt8] {
    let device = { (index: Int) in
      "{\"id\": \"d\(index)\", \"accessPoint\": \"a\", "
        + "\"ports\": [{\"names\": \"\(run)\", \"portTypes\": [\"10GBase-LR\"]}]}"
    }
    let text = """
      {"regions": [{"id": "r"}],
       "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                         "portTypes": ["10GBase-LR"]}],
       "devices": [\((0..<devices).map(device).joined(separator: ", "))],
       "connections": []}
      """
    return Array(text.utf8)
  }

  /// 152 runs of 65,536 ports stay under 10,000,000; the 153rd goes over and is named.
  @Test(arguments: [
    (153, "p1-65536", "devices[152].ports[0]"),
    (1000, "1/1/1-65536", "devices[152].ports[0]"),
    (2, "x0-9999999", "devices[0].ports[0].names"),
  ])
  func anInventoryOfTooManyPortsIsRefusedAtTheEntryThatGoesOver(
    _ devices: Int, _ run: String, _ place: String
  ) {
    #expect {
      _ = try InventoryDecoder.decode(Self.inventory(devices: devices, run: run), file: "i.json")
    } throws: { error in
      guard let error = error as? InputError, let problem = error.problems.first else {
        return false
      }
      return problem.place == place
        && (problem.message.contains("more than 10000000 ports")
          || problem.message.contains("a run may name at most 65536"))
    }
  }

  @Test func runsUpToTheLimitAreRead() throws {
    let inventory = try InventoryDecoder.decode(
      Self.inventory(devices: 3, run: "p1-65536"), file: "i.json")
    #expect(inventory.devices.map(\.ports.count) == [65_536, 65_536, 65_536])
  }

  @Test func theLimitLeavesRoomForTheHugePreset() {
    #expect(GeneratorSettings.preset(.huge).portCount <= InventoryDecoder.maximumPorts)
    #expect(InventoryDecoder.maximumPorts == 10_000_000)
  }
}

/// A caller that reads inventories it did not write may bound them lower than the default.
@Suite struct PortCountCallerLimitTests {
  @Test func aLowerBoundIsKeptAndNamed() throws {
    let bytes = try Fixtures.bytes("datacenter/inventory.json")
    let all = try InventoryDecoder.decode(bytes, file: "i.json")
    let ports = all.devices.reduce(0) { $0 + $1.ports.count }
    #expect(
      try InventoryDecoder.decode(bytes, file: "i.json", maximumPorts: ports).devices.count
        == all.devices.count)
    let error = #expect(throws: InputError.self) {
      _ = try InventoryDecoder.decode(bytes, file: "i.json", maximumPorts: ports - 1)
    }
    #expect(error?.problems.first?.message.contains("at most \(ports - 1) here") == true)
    #expect(error?.problems.first?.place?.hasPrefix("devices[") == true)
  }

  /// A caller cannot raise the bound: past 10,000,000 the file is refused whatever it asks.
  @Test func aBoundAboveTheDefaultIsTheDefault() {
    let bytes = PortCountLimitTests.inventory(devices: 153, run: "p1-65536")
    let error = #expect(throws: InputError.self) {
      _ = try InventoryDecoder.decode(bytes, file: "i.json", maximumPorts: .max)
    }
    #expect(error?.problems.first?.place == "devices[152].ports[0]")
    #expect(error?.problems.first?.message.contains("at most 10000000") == true)
  }

}
