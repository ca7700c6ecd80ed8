import Foundation
import Patchbay
import Testing

/// The shipped fixtures, found from this file's path (`fixtures/` at the package root).
enum Fixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  static func bytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
  }

  static var datacenterInventory: Inventory {
    get throws { try InventoryDecoder.read(path: path("datacenter/inventory.json")) }
  }

  /// One entry of `fixtures/malformed/manifest.json`.
  struct MalformedCase: Decodable, CustomTestStringConvertible, Sendable {
    var file: String
    var role: String
    var exit: Int32
    var mustMention: [String]
    var pairWith: String?
    var note: String?

    var testDescription: String { "\(file) (\(note ?? role))" }
  }

  static let malformedCases: [MalformedCase] = {
    guard let data = try? Data(contentsOf: root.appendingPathComponent("malformed/manifest.json")),
      let cases = try? JSONDecoder().decode([MalformedCase].self, from: data)
    else { return [] }
    return cases
  }()
}
