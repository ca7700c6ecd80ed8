import PropertyBased
import Synchronization
import Testing

@testable import Patchbay

/// The provisioning path's validation of one request (`BatchValidator.validate(only:)`) and the
/// batch validator given a batch of that one request agree on every request: accepted as the
/// same validated request, or refused with the same code and message.
@Suite struct SingleRequestValidationTests {
  static func expectSameOutcome(
    _ request: Request, inventory: Inventory, _ context: String
  ) -> RejectionCode? {
    let validator = BatchValidator(inventory: inventory)
    let batch = validator.validate([request])
    switch validator.validate(only: request) {
    case .success(let valid):
      #expect(batch.rejections == [], "\(context): \(request.id) accepted alone only")
      #expect(batch.accepted == [valid], "\(context): \(request.id)")
      return nil
    case .failure(let rejection):
      #expect(batch.accepted == [], "\(context): \(request.id) refused alone only")
      #expect(batch.rejections == [rejection], "\(context): \(request.id)")
      return rejection.code
    }
  }

  /// Random data centres (every access point status, operators, port types, whitelists, pending
  /// limits and connection statuses) and their requests, each also bent toward the rules a
  /// single request can break only on purpose: an id that is a connection's, a reference to
  /// itself or to a connection, a field of the wrong type, a control character.
  @Test func oneRequestGetsWhatABatchOfItGets() async {
    let codes = Mutex<Set<RejectionCode>>([])
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
      let centre = RandomDataCentre(seed: UInt64(seed))
      guard let files = try? centre.files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      var random = SplitMix64(seed: UInt64(seed))
      let connectionIDs = inventory.connections.map(\.id.rawValue)
      var seen: Set<RejectionCode> = []
      for request in batch {
        var variants = [request]
        var bent = request
        switch random.next() % 6 {
        case 0 where !connectionIDs.isEmpty:
          bent.id = RequestID(connectionIDs[Int(random.next() % UInt64(connectionIDs.count))])
        case 1: bent.redundantConnection = request.id.rawValue
        case 2 where !connectionIDs.isEmpty:
          bent.redundantConnection =
            connectionIDs[Int(random.next() % UInt64(connectionIDs.count))]
        case 3:
          bent.fieldProblems = [FieldProblem(field: "priority", problem: "must be a number")]
        case 4: bent.account = (request.account ?? "1") + "\u{7}"
        default: bent.region = nil
        }
        variants.append(bent)
        for variant in variants {
          if let code = Self.expectSameOutcome(variant, inventory: inventory, "seed \(seed)") {
            seen.insert(code)
          }
        }
      }
      codes.withLock { $0.formUnion(seen) }
    }
    // A batch of one cannot be refused for its group; every other code must have been compared.
    let missing = Set(RejectionCode.allCases).subtracting(codes.withLock { $0 })
      .subtracting([.redundantPartnerRejected])
    #expect(missing.isEmpty, "no request was refused with \(missing)")
  }

  /// The shared batch that names every code, request by request.
  @Test(arguments: EveryCodeTests.batches)
  func everyCodeOfTheSharedBatchAlone(file: String) throws {
    let inventory = try #require(EveryCodeTests.inventory)
    for request in try RequestsDecoder.read(path: Fixtures.path(file)) {
      _ = Self.expectSameOutcome(request, inventory: inventory, file)
    }
  }
}
