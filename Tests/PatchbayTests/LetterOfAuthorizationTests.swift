import Foundation
import Patchbay
import Testing

/// An LOA made in code passes the same rules as one read from `loa.json`: the decoder calls
/// the checked initializers, so a rule added there holds on both paths.
@Suite struct LetterOfAuthorizationTests {
  static let time = Date(timeIntervalSince1970: 1_900_000_000)

  static func engineer(name: String = "Li Wei", number: String = "330100") throws
    -> FieldEngineer
  {
    try FieldEngineer(
      name: name, contact: "+86 571 0000", certificateType: .idCard, certificateNumber: number)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var mention: String
    var make: @Sendable () throws -> LetterOfAuthorization
    var testDescription: String { name }
  }

  static let refused: [Case] = [
    Case(name: "a blank company", mention: "companyName: is empty") {
      try LetterOfAuthorization(
        companyName: "  ", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time, fieldEngineers: [try engineer()])
    },
    Case(name: "an empty construction company", mention: "constructionCompany: is empty") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "", constructionType: .mstp,
        scheduledConstructionTime: time, fieldEngineers: [try engineer()])
    },
    Case(name: "no bandwidth", mention: "bandwidthMbps: must be a positive") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time, bandwidthMbps: 0, fieldEngineers: [try engineer()])
    },
    Case(name: "no field engineer", mention: "name 1 to 16 field engineers; found 0") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time, fieldEngineers: [])
    },
    Case(name: "17 field engineers", mention: "found 17") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time,
        fieldEngineers: Array(repeating: try engineer(), count: 17))
    },
    Case(name: "an engineer without a name", mention: "name: is empty") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time, fieldEngineers: [try engineer(name: "\t")])
    },
    Case(name: "a blank certificate number", mention: "certificateNumber: is empty") {
      try LetterOfAuthorization(
        companyName: "Trading", constructionCompany: "Cabling", constructionType: .fibre,
        scheduledConstructionTime: time, fieldEngineers: [try engineer(number: " ")])
    },
  ]

  @Test(arguments: refused)
  func aLetterMadeInCodeIsCheckedAsAFileIs(_ refusal: Case) {
    #expect {
      _ = try refusal.make()
    } throws: { error in
      (error as? LifecycleError)?.code == "invalid_loa" && "\(error)".contains(refusal.mention)
    }
  }

  @Test func aValidLetterKeepsWhatItWasGiven() throws {
    let loa = try LetterOfAuthorization(
      companyName: "Trading", constructionCompany: "Cabling", constructionType: .others,
      scheduledConstructionTime: Self.time, location: "Hangzhou", bandwidthMbps: 1_000,
      fieldEngineers: [try Self.engineer()])
    #expect(loa.companyName == "Trading" && loa.bandwidthMbps == 1_000)
    #expect(loa.fieldEngineers.map(\.certificateNumber) == ["330100"])
  }

  /// Blank (white space only) values pass the file's shape check, which refuses only empty
  /// strings; the initializer's rule refuses them, with the engineer's path in front.
  @Test func theDecoderRefusesWhatTheInitializerRefusesWithTheFilesPath() {
    let bytes = Array(
      """
      {"companyName": " ", "constructionCompany": "Cabling", "constructionType": "FIBRE",
       "scheduledConstructionTime": "2030-03-01T09:00:00Z",
       "fieldEngineers": [{"name": "A", "contact": "1", "certificateType": "IDCard",
                           "certificateNumber": "  "}]}
      """.utf8)
    #expect {
      _ = try LOADecoder.decode(bytes, file: "loa.json")
    } throws: { error in
      let text = "\(error)"
      return (error as? LifecycleError)?.code == "invalid_loa"
        && text.contains("fieldEngineers[0].certificateNumber: is empty")
    }
    let blankCompany = Array(
      """
      {"companyName": " ", "constructionCompany": "Cabling", "constructionType": "FIBRE",
       "scheduledConstructionTime": "2030-03-01T09:00:00Z",
       "fieldEngineers": [{"name": "A", "contact": "1", "certificateType": "IDCard",
                           "certificateNumber": "7"}]}
      """.utf8)
    #expect {
      _ = try LOADecoder.decode(blankCompany, file: "loa.json")
    } throws: { error in "\(error)".contains("companyName: is empty") }
  }
}
