import Foundation
import Testing

/// Bad input end to end: the exit code of the contract, and a message on standard error that
/// names the file and the place in one line per problem, whatever the input holds.
@Suite struct BadInputCommandTests {
  static func write(_ text: String, name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-bad-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func inventory(connection: String, ports: String = #""names": "1/1/1-2""#) -> String {
    """
    {"regions": [{"id": "r"}],
     "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]}],
     "devices": [{"id": "d", "accessPoint": "a",
                  "ports": [{\(ports), "portTypes": ["10GBase-LR"]}]}],
     "connections": [\(connection)]}
    """
  }

  @Test(arguments: [
    (
      inventory(
        connection:
          #"{"id": "c", "account": "1", "accessPoint": "a", "device": "d", "port": "1/1/1", "portType": "10GBase-LR", "status": "Enabled", "status": "Canceled"}"#
      ),
      #"connections[0].status: the member "status" appears twice"#
    ),
    (
      inventory(
        connection:
          #"{"id": "c\u001b[2K\nfake: ok", "account": "1", "accessPoint": "a", "portType": "10GBase-LR", "status": "Initial"}"#
      ),
      #"connections[0].id: "c\u{1B}[2K\u{A}fake: ok" contains the control character \u{1B}"#
    ),
  ])
  func aBadInventoryExits65NamingThePlaceOnOneLine(_ text: String, _ message: String) throws {
    let path = try Self.write(text, name: "inventory.json")
    defer {
      try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
    let output = try PatchbayRunner.run("validate", "--inventory", path)
    #expect(output.status == 65, "\(output.stderr)")
    #expect(output.stderr.contains("\(path): \(message)"), "\(output.stderr)")
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    #expect(!output.stderr.unicodeScalars.contains("\u{1B}"))
  }

  /// A thousand runs of 65,536 ports each fit in 57 KB and would be 65 million ports: refused
  /// at once, before they are made.
  @Test func anInventoryThatWouldExplodeIsRefusedQuickly() throws {
    let device = { (index: Int) in
      #"{"id": "d\#(index)", "accessPoint": "a", "ports": [{"names": "1/1/1-65536", "portTypes": ["10GBase-LR"]}]}"#
    }
    let text = """
      {"regions": [{"id": "r"}],
       "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                         "portTypes": ["10GBase-LR"]}],
       "devices": [\((0..<1000).map(device).joined(separator: ",\n"))],
       "connections": []}
      """
    let path = try Self.write(text, name: "inventory.json")
    defer {
      try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
    let started = Date()
    let output = try PatchbayRunner.run("validate", "--inventory", path)
    #expect(output.status == 65, "\(output.stderr)")
    #expect(output.stderr.contains("\(path): devices[152].ports[0]: the inventory names more than"))
    #expect(Date().timeIntervalSince(started) < 10)
  }
}
