import Foundation
import Patchbay

@testable import PatchbayNetBox

/// The recorded answers of fixtures/netbox/, read without a network.
enum NetBoxFixtures {
  static let folder = NetBoxEmulator.fixtures

  static func page(_ version: NetBoxEmulator.Version, _ endpoint: String) throws -> JSONDocument {
    let data = try Data(
      contentsOf: folder.appendingPathComponent("\(version.rawValue)/\(endpoint).json"))
    return try JSONDocument(bytes: Array(data))
  }

  static func records(_ version: NetBoxEmulator.Version) throws -> NetBoxRecords {
    func read<T>(_ endpoint: String, _ reader: (JSONValue, String) throws -> T) throws -> [T] {
      let results = try page(version, endpoint).root.member("results")!
      return try results.elements.enumerated().map { try reader($1, "results[\($0)]") }
    }
    return NetBoxRecords(
      sites: try read("sites", NetBoxRecordReader.site),
      devices: try read("devices", NetBoxRecordReader.device),
      interfaces: try read("interfaces", NetBoxRecordReader.interface))
  }

  /// The demo slice's import of routers, access and core switches.
  static let selection = NetBoxSelection(deviceRoles: ["router", "access-switch", "core-switch"])

  /// What that import must write, byte for byte.
  static var expected: [UInt8] {
    get throws {
      Array(try Data(contentsOf: folder.appendingPathComponent("expected-inventory.json")))
    }
  }
}
