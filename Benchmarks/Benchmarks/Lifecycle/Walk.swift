import BenchmarkInputs
import Foundation
import Patchbay
import PatchbaySynthetic

/// An LOA whose construction is a year away, so `applyForLOA` accepts it.
var letter: LetterOfAuthorization {
  get throws {
    try LetterOfAuthorization(
      companyName: "Example Trading Co.", constructionCompany: "Cabling Ltd",
      constructionType: .fibre, scheduledConstructionTime: Date(timeIntervalSinceNow: 86_400 * 365),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138 0000 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000")
      ])
  }
}

/// The requests of a batch that are valid on their own and name no other request as their
/// redundant connection: each can walk the whole lifecycle alone, under a new id.
func singleRequests(_ centre: SyntheticDataCentre) -> [Request] {
  BatchValidator(inventory: centre.inventory).validate(centre.requests).accepted
    .filter { if case .request = $0.partner { false } else { true } }
    .map { centre.requests[$0.batchIndex] }
}

/// The `medium` data centre (120,000 ports, half held) in a database, and single requests that
/// are valid on their own to walk through the whole lifecycle, one per iteration, each with an
/// id of its own.
final class LifecycleState: @unchecked Sendable {
  let open: OpenStore
  let provisioner: Provisioner
  let requests: [Request]
  var next = 0

  init(_ backend: Backend) async throws {
    let centre = BenchmarkInputs.centre(.medium)
    let database = try await BenchmarkDatabase.create(
      backend, name: "lifecycle", inventory: centre.inventory)
    open = try await database.open()
    provisioner = Provisioner(store: open.store)
    requests = singleRequests(centre)
  }

  /// apply, apply-loa, approve, deliver, connect, enable: six transactions.
  func walkNext() async throws {
    var request = requests[next % requests.count]
    request.id = RequestID("life-\(next)")
    next += 1
    let id = try await provisioner.apply(request).id
    _ = try await provisioner.applyForLOA(id, loa: letter)
    _ = try await provisioner.approve(id)
    _ = try await provisioner.deliver(
      id, report: try DeliveryReport(lineCode: "CT-\(next)", cableLabels: ["A-\(next)"]))
    _ = try await provisioner.connect(id)
    _ = try await provisioner.enable(id)
  }
}
