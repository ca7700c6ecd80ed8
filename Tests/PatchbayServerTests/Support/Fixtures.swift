import Foundation
import Patchbay

/// The repository's fixtures, found from this file.
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func path(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }

  static func text(_ relative: String) throws -> String {
    try String(contentsOfFile: path(relative), encoding: .utf8)
  }

  /// The shipped data centre: seven access points, accounts 1001 and 1003 whitelisted, five
  /// pending connections per account at most.
  static func dataCentre() throws -> Inventory {
    try InventoryDecoder.read(path: path("fixtures/datacenter/inventory.json"))
  }

  /// The shipped data centre without its pending limit, for tests that apply many times.
  static func unlimitedDataCentre() throws -> Inventory {
    let shipped = try dataCentre()
    return try Inventory(
      regions: shipped.regions, accessPoints: shipped.accessPoints, devices: shipped.devices,
      connections: shipped.connections, highSpeedWhitelist: shipped.highSpeedWhitelist,
      policy: Policy(maxPendingPerAccount: nil))
  }

  /// A request body for account `account` at Hangzhou Yuhang B (10G), without an id when `id`
  /// is nil.
  static func request(
    id: String? = nil, account: String? = nil, portType: String = "10GBase-LR",
    portSpec: String = "10G", redundantConnection: String? = nil
  ) -> String {
    var members: [String] = []
    if let id { members.append("\"id\": \"\(id)\"") }
    if let account { members.append("\"account\": \"\(account)\"") }
    members += [
      "\"region\": \"cn-hangzhou\"", "\"accessPoint\": \"ap-cn-hangzhou-yh-B\"",
      "\"lineOperator\": \"CT\"", "\"portSpec\": \"\(portSpec)\"",
      "\"portType\": \"\(portType)\"",
    ]
    if let redundantConnection {
      members.append("\"redundantConnection\": \"\(redundantConnection)\"")
    }
    return "{" + members.joined(separator: ", ") + "}"
  }

  static func loa() throws -> String { try text("fixtures/provisioning/loa.json") }
}
