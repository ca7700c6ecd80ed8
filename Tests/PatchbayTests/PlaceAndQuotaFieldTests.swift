import Testing

@testable import Patchbay

/// `accessPoints[].location`, `devices[].cabinet` and `policy.maxConnectionsPerAccessPoint`
/// (FORMATS.md): read, refused with the JSON path when wrong, written back, checked in code.
@Suite struct PlaceAndQuotaFieldTests {
  static func inventory(location: String = "", cabinet: String = "", policy: String = "")
    -> String
  {
    """
    {"regions": [{"id": "r"}],
     "accessPoints": [{"id": "a", "region": "r", "lineOperators": ["CT"],
                       "portTypes": ["10GBase-LR"]\(location)}],
     "devices": [{"id": "d", "accessPoint": "a"\(cabinet),
                  "ports": [{"names": "1/1/1-2", "portTypes": ["10GBase-LR"]}]}],
     "connections": []\(policy)}
    """
  }

  static func decode(_ text: String) throws(InputError) -> Inventory {
    try InventoryDecoder.decode(Array(text.utf8), file: "i.json")
  }

  @Test func theFieldsAreReadAndWrittenBack() throws {
    let inventory = try Self.decode(
      Self.inventory(
        location: #", "location": "Building 3, No. 1288 Wenyi West Road, Hangzhou""#,
        cabinet: #", "cabinet": "Room 2, row B, cabinet B07""#,
        policy: #", "policy": {"maxPendingPerAccount": 5, "maxConnectionsPerAccessPoint": 2}"#))
    #expect(
      inventory.accessPoints[0].location == "Building 3, No. 1288 Wenyi West Road, Hangzhou")
    #expect(inventory.devices[0].cabinet == "Room 2, row B, cabinet B07")
    #expect(inventory.policy == Policy(maxPendingPerAccount: 5, maxConnectionsPerAccessPoint: 2))
    let written = InventoryEncoder.jsonBytes(inventory)
    let text = String(decoding: written, as: UTF8.self)
    #expect(text.contains(#""location": "Building 3, No. 1288 Wenyi West Road, Hangzhou""#))
    #expect(text.contains(#""cabinet": "Room 2, row B, cabinet B07""#))
    #expect(
      text.contains(#""policy": { "maxPendingPerAccount": 5, "maxConnectionsPerAccessPoint": 2 }"#))
    let again = try InventoryDecoder.decode(written, file: "again.json")
    #expect(again.accessPoints == inventory.accessPoints)
    #expect(again.devices == inventory.devices)
    #expect(again.policy == inventory.policy)
    #expect(InventoryEncoder.jsonBytes(again) == written)
  }

  /// Absent, `null` and unset are the same, and an inventory without them is written as before
  /// they existed (the shipped fixtures' bytes do not change).
  @Test func absentOrNullFieldsAreNilAndLeftOutWhenWritten() throws {
    for (location, cabinet, policy) in [
      ("", "", ""),
      (
        #", "location": null"#, #", "cabinet": null"#,
        #", "policy": {"maxPendingPerAccount": null, "maxConnectionsPerAccessPoint": null}"#
      ),
    ] {
      let inventory = try Self.decode(
        Self.inventory(location: location, cabinet: cabinet, policy: policy))
      #expect(inventory.accessPoints[0].location == nil)
      #expect(inventory.devices[0].cabinet == nil)
      #expect(inventory.policy == Policy())
      let text = String(decoding: InventoryEncoder.jsonBytes(inventory), as: UTF8.self)
      #expect(!text.contains("location") && !text.contains("cabinet"))
      #expect(text.contains(#""policy": { "maxPendingPerAccount": null }"#))
    }
  }

  @Test(arguments: [
    (
      Self.inventory(location: #", "location": 7"#),
      "accessPoints[0].location: must be a string; found the number 7"
    ),
    (
      Self.inventory(location: #", "location": """#),
      "accessPoints[0].location: is empty; give the data centre's address"
    ),
    (
      Self.inventory(location: #", "location": "  ""#),
      "accessPoints[0].location: is blank"
    ),
    (
      Self.inventory(location: #", "location": "Hall 1\nRoad 2""#),
      #"accessPoints[0].location: "Hall 1\u{A}Road 2" contains the control character"#
    ),
    (
      Self.inventory(cabinet: #", "cabinet": ["B07"]"#),
      "devices[0].cabinet: must be a string; found an array"
    ),
    (
      Self.inventory(cabinet: #", "cabinet": """#),
      "devices[0].cabinet: is empty; give where the device stands"
    ),
    (
      Self.inventory(policy: #", "policy": {"maxConnectionsPerAccessPoint": -1}"#),
      "policy.maxConnectionsPerAccessPoint: must be a whole number of 0 or more, or null for "
        + "no quota; found -1"
    ),
    (
      Self.inventory(policy: #", "policy": {"maxConnectionsPerAccessPoint": "2"}"#),
      "policy.maxConnectionsPerAccessPoint: must be a whole number of 0 or more, or null for "
        + #"no quota; found the string "2""#
    ),
    (
      Self.inventory(policy: #", "policy": {"maxConnectionsPerAccessPoint": 1.5}"#),
      "policy.maxConnectionsPerAccessPoint: must be a whole number"
    ),
  ])
  func aWrongFieldIsNamedByItsPath(_ text: String, _ message: String) {
    #expect {
      _ = try Self.decode(text)
    } throws: { error in
      let description = (error as? InputError)?.description ?? ""
      return description.contains("i.json") && description.contains(message)
    }
  }

  @Test func theCheckedInitializerRefusesWhatTheDecoderRefuses() throws {
    let region = Region(id: "r")
    let accessPoint = AccessPoint(
      id: "a", region: "r", lineOperators: [.chinaTelecom],
      portTypes: PortTypeSet(types: [.base10GLR]), location: "")
    let device = Device(
      id: "d", accessPoint: "a",
      ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))],
      cabinet: " ")
    #expect {
      _ = try Inventory(
        regions: [region], accessPoints: [accessPoint], devices: [device],
        policy: Policy(maxConnectionsPerAccessPoint: -2))
    } throws: { error in
      let places = (error as? InventoryError)?.problems.map(\.place) ?? []
      return places
        == [
          "accessPoints[0].location", "devices[0].cabinet", "policy.maxConnectionsPerAccessPoint",
        ]
    }
  }
}
