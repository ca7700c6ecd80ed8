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
}
