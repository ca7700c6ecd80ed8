import PatchbaySynthetic
import Testing

@testable import Patchbay

/// Corners of the inventory reader that the fixtures do not reach.
@Suite struct InventoryDecoderTests {
  static func inventory(connection: String) -> String {
    """
    {"regions": [{"id": "r"}],
     "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]}],
     "devices": [{"id": "d", "accessPoint": "a",
                  "ports": [{"names": "1/1/1-2", "portTypes": ["10GBase-LR"]}]}],
     "connections": [\(connection)]}
    """
  }

  /// A member missing from the top-level object is said without a place, not with an empty one
  /// (`i.json: : "devices" is missing`).
  @Test func aMissingTopLevelMemberIsNamedWithoutAnEmptyPlace() {
    #expect {
      _ = try InventoryDecoder.decode(Array("{\"regions\": []}".utf8), file: "i.json")
    } throws: { error in
      let text = "\(error)"
      return text.contains("i.json: \"devices\" is missing") && !text.contains(": :")
    }
  }

  @Test func memberNamesWrittenWithEscapesAreRead() throws {
    let text = Self.inventory(
      connection: """
        {"\\u0069d": "pc-1", "account": "1", "accessPoint": "a", "device": "d",
         "port": "1/1/2", "portType": "10GBase-LR", "st\\u0061tus": "Enabled"}
        """)
    let inventory = try InventoryDecoder.decode(Array(text.utf8), file: "i.json")
    #expect(inventory.connection("pc-1")?.status == .enabled)
  }

  @Test(arguments: [
    (#""id": null"#, #"connections[0]: "id" is missing"#),
    (#""id": 7"#, "connections[0].id: must be a string; found the number 7"),
    (#""id": """#, "connections[0].id: must not be empty"),
  ])
  func aBadOrMissingIDIsNamed(_ id: String, _ message: String) {
    let text = Self.inventory(
      connection: """
        {\(id), "account": "1", "accessPoint": "a", "portType": "10GBase-LR", "status": "Initial"}
        """)
    #expect {
      _ = try InventoryDecoder.decode(Array(text.utf8), file: "i.json")
    } throws: { error in
      (error as? InputError)?.description.contains(message) == true
    }
  }

  /// A big `connections` array is read in two halves at once; both ways must give the same
  /// connections, and the same problems in the same order.
  @Test(arguments: [1, 2, 3])
  func readingConnectionsOnTwoThreadsGivesTheSameInventory(seed: Int) throws {
    var settings = GeneratorSettings.preset(.tight)
    settings.requests = 50
    let centre = SyntheticDataCentre(settings: settings, seed: UInt64(seed))
    let bytes = InventoryEncoder.jsonBytes(centre.inventory)
    let oneThread = try InventoryDecoder.decode(
      bytes, file: "i.json", maximumPorts: InventoryDecoder.maximumPorts, parallelFrom: .max)
    let twoThreads = try InventoryDecoder.decode(
      bytes, file: "i.json", maximumPorts: InventoryDecoder.maximumPorts, parallelFrom: 1)
    #expect(oneThread.connections.count > 10)
    #expect(twoThreads.connections == oneThread.connections)
    #expect(twoThreads.devices == oneThread.devices)
    for connection in oneThread.connections {
      #expect(twoThreads.connection(connection.id) == connection)
    }
  }

  @Test func problemsInBothHalvesComeOutInFileOrder() {
    let connections = (0..<9).map { index in
      let status = index % 4 == 1 ? "Lost" : "Initial"
      let id = index % 3 == 2 ? "7" : "\"pc-\(index)\""
      return """
        {"id": \(id), "account": "1", "accessPoint": "a", "portType": "10GBase-LR", \
        "status": "\(status)"}
        """
    }
    let text = Self.inventory(connection: connections.joined(separator: ",\n"))
    func problems(parallelFrom: Int) -> [InputError.Problem] {
      do {
        _ = try InventoryDecoder.decode(
          Array(text.utf8), file: "i.json", maximumPorts: InventoryDecoder.maximumPorts,
          parallelFrom: parallelFrom)
        return []
      } catch {
        return error.problems
      }
    }
    let oneThread = problems(parallelFrom: .max)
    #expect(oneThread.count == 5)
    #expect(oneThread.first?.place == "connections[1].status")
    #expect(oneThread.last?.place == "connections[8].id")
    #expect(problems(parallelFrom: 1) == oneThread)
  }
}
