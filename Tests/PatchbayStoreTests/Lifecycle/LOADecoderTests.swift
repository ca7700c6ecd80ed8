import Patchbay
import Testing

/// `loa.json`: a valid LOA reads whole; every wrong field is named, all at once.
@Suite struct LOADecoderTests {
  static let engineer = """
    {"name": "Li Wei", "contact": "+86 571 0000", "certificateType": "IDCard",
     "certificateNumber": "330100"}
    """

  static func loa(
    type: String = "\"FIBRE\"", time: String = "\"2027-03-01T09:00:00Z\"",
    engineers: String = "[\(engineer)]", extra: String = ""
  ) -> [UInt8] {
    Array(
      """
      {"companyName": "Example Trading", "constructionCompany": "Example Cabling",
       "constructionType": \(type), "scheduledConstructionTime": \(time),
       "fieldEngineers": \(engineers)\(extra)}
      """.utf8)
  }

  @Test func readsAValidLOA() async throws {
    let loa = try LOADecoder.decode(
      Self.loa(extra: ", \"location\": \"Hangzhou\", \"bandwidthMbps\": 1000"), file: "loa.json")
    #expect(loa.constructionType == .fibre)
    #expect(loa.fieldEngineers.first?.certificateType == .idCard)
    #expect(loa.bandwidthMbps == 1000 && loa.location == "Hangzhou")
    #expect(ISO8601Time.format(loa.scheduledConstructionTime) == "2027-03-01T09:00:00Z")
  }

  @Test(arguments: [
    (Self.loa(type: "\"SDH\""), "SDH lines are not supported"),
    (Self.loa(type: "\"Cable\""), "not a construction type"),
    (Self.loa(time: "\"next Tuesday\""), "scheduledConstructionTime"),
    (Self.loa(engineers: "[]"), "1 to 16 field engineers; found 0"),
    (
      Self.loa(engineers: "[" + Array(repeating: engineer, count: 17).joined(separator: ",") + "]"),
      "found 17"
    ),
    (
      Self.loa(engineers: "[{\"name\": \"A\", \"contact\": \"1\", \"certificateType\": \"Visa\"}]"),
      "fieldEngineers[0].certificateType"
    ),
    (
      Self.loa(engineers: "[{\"name\": \"A\", \"contact\": \"1\", \"certificateType\": \"Visa\"}]"),
      "\"certificateNumber\" is missing"
    ),
    (Self.loa(extra: ", \"bandwidthMbps\": -5"), "bandwidthMbps"),
    (Array("{\"fieldEngineers\": []}".utf8), "\"companyName\" is missing"),
  ])
  func namesEveryWrongField(_ bytes: [UInt8], mention: String) {
    #expect {
      _ = try LOADecoder.decode(bytes, file: "loa.json")
    } throws: { error in
      (error as? LifecycleError)?.code == "invalid_loa" && "\(error)".contains(mention)
    }
  }

  @Test func aMissingMemberIsNamedWithoutAnEmptyPlace() {
    #expect {
      _ = try LOADecoder.decode(Array("{\"fieldEngineers\": []}".utf8), file: "loa.json")
    } throws: { error in
      "\(error)".hasPrefix("the LOA is invalid: \"companyName\" is missing")
    }
  }

  @Test func aFileThatIsNotAnObjectIsAnInputError() {
    #expect(throws: InputError.self) {
      _ = try LOADecoder.decode(Array("[1]".utf8), file: "l")
    }
    #expect(throws: InputError.self) { _ = try LOADecoder.decode(Array("{".utf8), file: "l") }
  }
}
