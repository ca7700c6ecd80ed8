import PatchbaySynthetic
import Testing

@testable import Patchbay

/// The index of ids that reading a file makes is handed on to validation and to the plan
/// check (`RequestBatch`); with it they must give exactly what they give without it.
@Suite struct RequestBatchTests {
  @Test(arguments: [1, 2, 3, 4, 5, 6])
  func theDecodersIndexGivesTheSameValidationAndCheck(seed: Int) throws {
    var settings = GeneratorSettings.preset(.tight)
    settings.requests = 400
    let centre = SyntheticDataCentre(settings: settings, seed: UInt64(seed))
    let batch = try RequestsDecoder.decodeBatch(
      RequestsEncoder.jsonBytes(centre.requests), file: "requests.json", format: .json)
    #expect(batch.requests.count == centre.requests.count)
    for (position, request) in batch.requests.enumerated() {
      #expect(batch.positions[request.id] == position)
    }
    #expect(batch.positions.count == batch.requests.count)
    #expect(batch.positions[RequestID("no such request")] == nil)

    let validator = BatchValidator(inventory: centre.inventory)
    let plain = validator.validate(batch.requests)
    let indexed = validator.validate(batch)
    #expect(indexed.accepted == plain.accepted)
    #expect(indexed.rejections == plain.rejections)
    #expect(!plain.rejections.isEmpty)
    #expect(indexed.groups == plain.groups)

    // A plan with a fault, so that the check has violations to agree on: one port given twice.
    var plan = Allocator(inventory: centre.inventory).allocate(batch.requests).plan
    if plan.assignments.count >= 2 {
      plan.assignments[1].accessPoint = plan.assignments[0].accessPoint
      plan.assignments[1].device = plan.assignments[0].device
      plan.assignments[1].port = plan.assignments[0].port
    }
    let checked = PlanChecker.check(
      plan, inventory: centre.inventory, requests: batch.requests, validation: plain)
    let checkedWithIndex = PlanChecker.check(
      plan, inventory: centre.inventory, batch: batch, validation: plain)
    #expect(checkedWithIndex == checked)
    #expect(plan.assignments.count < 2 || !checked.isEmpty)
  }

  @Test func aRepeatedIdIsStillAnInputErrorNamingBothPlaces() throws {
    let bytes = Array(
      """
      {"requests": [{"id": "a"}, {"id": "b"}, {"id": "a"}]}
      """.utf8)
    #expect {
      _ = try RequestsDecoder.decodeBatch(bytes, file: "r.json", format: .json)
    } throws: { error in
      let text = "\(error)"
      return text.contains("requests[2]") && text.contains("requests[0]")
        && text.contains("duplicate request id \"a\"")
    }
  }
}
