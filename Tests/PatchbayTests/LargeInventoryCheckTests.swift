import Testing

@testable import Patchbay

/// A large inventory is read and checked in two halves at once (connections, and devices'
/// ports): its problems must be every one a single pass finds, in file order, wherever the
/// halves split.
@Suite struct LargeInventoryCheckTests {
  /// Devices with `portsPerDevice` ports each (one run), and `connections` connections spread
  /// over them, with the problems that `broken` names planted at the given connection and
  /// device positions.
  static func inventory(
    devices: Int, portsPerDevice: Int, connections: Int,
    brokenConnections: [Int: String], brokenDevices: Set<Int>
  ) -> [UInt8] {
    var text = """
      {"regions": [{"id": "r"}],
       "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                         "portTypes": ["10GBase-LR"]}],
       "devices": [
      """
    for device in 0..<devices {
      let extra =
        brokenDevices.contains(device)
        ? #", {"name": "1/1/1", "portTypes": ["10GBase-LR"]}"# : ""
      text += """
        \(device == 0 ? "" : ","){"id": "d\(device)", "accessPoint": "a", "ports": [\
        {"names": "1/1/1-\(portsPerDevice)", "portTypes": ["10GBase-LR"]}\(extra)]}
        """
    }
    text += "], \"connections\": ["
    for index in 0..<connections {
      let device = index % devices
      let port = index / devices + 1
      var id = "c\(index)"
      var deviceID = "d\(device)"
      var portName = "1/1/\(port)"
      switch brokenConnections[index] {
      case "duplicate id": id = "c0"
      case "unknown device": deviceID = "nowhere"
      case "port held twice": (deviceID, portName) = ("d0", "1/1/1")
      default: break
      }
      text += """
        \(index == 0 ? "" : ","){"id": "\(id)", "account": "1", "accessPoint": "a", \
        "device": "\(deviceID)", "port": "\(portName)", "portType": "10GBase-LR", \
        "status": "Enabled"}
        """
    }
    text += "]}"
    return Array(text.utf8)
  }

  @Test(arguments: [
    // Below both thresholds: one pass.
    (devices: 4, portsPerDevice: 50, connections: 100),
    // Above both: two halves of connections and of devices, checked at once.
    (devices: 8, portsPerDevice: 20_000, connections: 40_000),
  ])
  func problemsAreEveryOneInFileOrder(devices: Int, portsPerDevice: Int, connections: Int) {
    let last = connections - 1
    let middle = connections / 2
    let brokenConnections = [
      3: "duplicate id", 5: "unknown device", middle - 1: "port held twice",
      middle: "duplicate id", middle + 1: "unknown device", last: "port held twice",
    ]
    let brokenDevices: Set = [1, devices / 2, devices - 1]
    let bytes = Self.inventory(
      devices: devices, portsPerDevice: portsPerDevice, connections: connections,
      brokenConnections: brokenConnections, brokenDevices: brokenDevices)
    #expect {
      _ = try InventoryDecoder.decode(bytes, file: "big.json")
    } throws: { error in
      guard let error = error as? InputError else { return false }
      let places = error.problems.compactMap(\.place)
      let expected =
        brokenDevices.sorted().map { "devices[\($0)].ports[1]" }
        + brokenConnections.keys.sorted().map { index in
          switch brokenConnections[index] {
          case "duplicate id": "connections[\(index)].id"
          case "unknown device": "connections[\(index)].device"
          default: "connections[\(index)].port"
          }
        }
      #expect(places == expected)
      return places == expected
    }
  }
}
