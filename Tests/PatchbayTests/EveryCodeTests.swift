import Foundation
import Patchbay
import Testing

/// The batch in `fixtures/every-code/`: each request's id starts with the code it must get
/// (`whitelist_required--100g-not-listed`), or `valid--` when it must pass validation.
@Suite struct EveryCodeTests {
  static let inventory: Inventory? = try? InventoryDecoder.read(
    path: Fixtures.path("every-code/inventory.json"))

  static let batches = [
    "every-code/requests.json", "every-code/requests.csv", "every-code/requests-json-only.json",
  ]

  static func outcomes(_ file: String) throws -> [(Request, String, Rejection?)] {
    let inventory = try #require(inventory)
    let batch = try RequestsDecoder.read(path: Fixtures.path(file))
    let result = BatchValidator(inventory: inventory).validate(batch)
    var rejections: [RequestID: Rejection] = [:]
    for rejection in result.rejections { rejections[rejection.request] = rejection }
    return batch.map { request in
      let expected = request.id.rawValue.components(separatedBy: "--")[0]
      return (request, expected, rejections[request.id])
    }
  }

  @Test(arguments: batches)
  func everyRequestGetsTheCodeItsIDNames(file: String) throws {
    let outcomes = try Self.outcomes(file)
    #expect(!outcomes.isEmpty)
    for (request, expected, rejection) in outcomes {
      #expect(
        (rejection?.code.rawValue ?? "valid") == expected,
        "\(file): \(request.id) got \(rejection?.code.rawValue ?? "valid"): \(rejection?.message ?? "")"
      )
    }
  }

  @Test func theSharedBatchCoversEveryRejectionCode() throws {
    for file in Self.batches.prefix(2) {
      let codes = Set(try Self.outcomes(file).compactMap { $0.2?.code })
      #expect(
        codes == Set(RejectionCode.allCases),
        "\(file) misses \(Set(RejectionCode.allCases).subtracting(codes))")
    }
  }

  /// Every message names the value that is wrong, so a customer can act on it.
  @Test(arguments: batches)
  func everyMessageNamesTheOffendingValue(file: String) throws {
    for (request, _, rejection) in try Self.outcomes(file) {
      guard let rejection else { continue }
      let named: String? =
        switch rejection.code {
        case .malformedRequest: request.fieldProblems.first?.field ?? "missing"
        case .unknownRegion: request.region
        case .unknownAccessPoint, .accessPointRegionMismatch, .accessPointUnavailable,
          .portTypeNotOffered:
          request.accessPoint
        case .unknownLineOperator, .lineOperatorNotServed: request.lineOperator
        case .unknownPortType, .portSpecMismatch: request.portType
        case .unknownPortSpec: request.portSpec
        case .unsupportedInterface: nil
        case .whitelistRequired, .pendingLimitExceeded: request.account
        case .unknownRedundantConnection, .redundantConnectionSelf,
          .redundantConnectionRegionMismatch, .redundantConnectionNotReady:
          request.redundantConnection
        case .redundantPartnerRejected: "redundancy group"
        case .accessPointQuotaExceeded:
          rejection.message.contains(request.account ?? "") ? request.accessPoint : request.account
        // A new code fails here until the test says what its message must name.
        default: "(what \(rejection.code) must name: add it to this test)"
        }
      if let named {
        #expect(
          rejection.message.contains(named),
          "\(request.id): \"\(rejection.message)\" does not name \"\(named)\"")
      }
      #expect(rejection.message.count > 30, "\(request.id): message too short to act on")
    }
  }

  @Test func jsonAndCSVFormsGiveTheSameResult() throws {
    let inventory = try #require(Self.inventory)
    for base in ["every-code/requests", "datacenter/requests"] {
      let validator = BatchValidator(inventory: inventory)
      let json = validator.validate(try RequestsDecoder.read(path: Fixtures.path(base + ".json")))
      let csv = validator.validate(try RequestsDecoder.read(path: Fixtures.path(base + ".csv")))
      #expect(json.rejections == csv.rejections, "\(base)")
      #expect(json.accepted == csv.accepted, "\(base)")
      #expect(json.groups == csv.groups, "\(base)")
    }
  }

  @Test func excelCSVWithByteOrderMarkAndCRLFReadsLikeThePlainOne() throws {
    let plain = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.csv"))
    let excel = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests-excel.csv"))
    #expect(plain.map(\.id) == excel.map(\.id))
    #expect(plain.map(\.portType) == excel.map(\.portType))
    #expect(plain.map(\.priority) == excel.map(\.priority))
    #expect(plain.map(\.redundantConnection) == excel.map(\.redundantConnection))
  }

  @Test func datacenterBatchRejectsWhatExpectedJSONSays() throws {
    struct Expected: Decodable { var rejected: [String: String] }
    let expected = try JSONDecoder().decode(
      Expected.self, from: Data(Fixtures.bytes("datacenter/expected.json")))
    let batch = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let result = BatchValidator(inventory: try Fixtures.datacenterInventory).validate(batch)
    let got = Dictionary(
      uniqueKeysWithValues: result.rejections.map {
        ($0.request.rawValue, $0.code.rawValue)
      })
    #expect(got == expected.rejected)
  }
}
