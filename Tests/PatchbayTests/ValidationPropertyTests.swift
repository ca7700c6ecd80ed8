import PropertyBased
import Testing

@testable import Patchbay

/// Validation over random small data centres, checked against an independent, deliberately
/// plain re-statement of FORMATS.md's rules.
@Suite struct ValidationPropertyTests {
  @Test func validationAgreesWithThePlainRules() async {
    await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max)) { seed in
      let centre = RandomDataCentre(seed: UInt64(seed))
      guard let files = try? centre.files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      let result = BatchValidator(inventory: inventory).validate(batch)
      Self.check(result, batch: batch, inventory: inventory, seed: seed)
    }
  }

  /// Checking requests on several threads at once (big batches) gives exactly what checking
  /// them one after the other does.
  @Test func checkingInSlicesAtOnceChangesNothing() async {
    await propertyCheck(count: 100, input: Gen.int(in: 0...Int.max)) { seed in
      let centre = RandomDataCentre(seed: UInt64(seed))
      guard let files = try? centre.files(),
        let inventory = try? InventoryDecoder.decode(files.inventory, file: "inventory.json"),
        let batch = try? RequestsDecoder.decode(files.requests, file: "r.json", format: .json)
      else {
        Issue.record("seed \(seed): a generated data centre did not decode")
        return
      }
      var oneThread = BatchValidator(inventory: inventory)
      oneThread.parallelCheckThreshold = .max
      var sliced = BatchValidator(inventory: inventory)
      sliced.parallelCheckThreshold = 0
      let expected = oneThread.validate(batch)
      let result = sliced.validate(batch)
      #expect(result.accepted == expected.accepted, "seed \(seed)")
      #expect(result.rejections == expected.rejections, "seed \(seed)")
      #expect(result.groups == expected.groups, "seed \(seed)")
    }
  }

  static func check(_ result: ValidationResult, batch: [Request], inventory: Inventory, seed: Int) {
    // Every request exactly once, in batch order.
    let accepted = Set(result.accepted.map(\.id))
    let rejected = Dictionary(uniqueKeysWithValues: result.rejections.map { ($0.request, $0) })
    #expect(accepted.count + rejected.count == batch.count, "seed \(seed)")
    #expect(accepted.isDisjoint(with: rejected.keys), "seed \(seed)")
    #expect(result.accepted.map(\.batchIndex) == result.accepted.map(\.batchIndex).sorted())

    let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
    for request in batch {
      let own = plainFirstCode(request, byID: byID, inventory: inventory)
      if let rejection = rejected[request.id] {
        if rejection.code < .redundantPartnerRejected {
          #expect(rejection.code == own, "seed \(seed): \(request.id) \(rejection.message)")
        } else {
          #expect(
            own == nil, "seed \(seed): \(request.id) should have been \(String(describing: own))")
        }
      } else {
        #expect(own == nil, "seed \(seed): \(request.id) accepted but \(String(describing: own))")
      }
    }
    // Groups are all or nothing: a link between two batch requests joins their fates.
    for request in batch {
      guard let named = request.redundantConnection, let partner = byID[RequestID(named)],
        partner.id != request.id
      else { continue }
      #expect(
        accepted.contains(request.id) == accepted.contains(partner.id),
        "seed \(seed): \(request.id) and \(partner.id) split")
    }
    // A cascade rejection points at a rejected request of the same group.
    for rejection in result.rejections where rejection.code == .redundantPartnerRejected {
      #expect(
        rejected.keys.contains { rejection.message.hasPrefix("request \($0) in its") },
        "seed \(seed): \(rejection.message)")
    }
    // The pending limit and the access point quota: every request gets exactly the code (or
    // none) that the plain reading of FORMATS.md gives.
    let plain = plainOutcomes(batch, inventory: inventory)
    for request in batch {
      let got = rejected[request.id]?.code.rawValue ?? "valid"
      let want = plain[request.id]??.rawValue ?? "valid"
      #expect(got == want, "seed \(seed): \(request.id) got \(got), the plain rules say \(want)")
    }
    // The pending limit holds per account.
    if let limit = inventory.policy.maxPendingPerAccount {
      var held: [AccountID: Int] = [:]
      for request in result.accepted { held[request.account, default: 0] += 1 }
      for (account, count) in held {
        #expect(
          count + inventory.pendingConnections(of: account) <= limit,
          "seed \(seed): account \(account) over the limit")
      }
    }
  }

  /// Every request's code (`nil`: valid), from FORMATS.md read plainly: each request's own code;
  /// a group (requests linked by `redundantConnection` to a request of the batch, either way,
  /// transitively) with a refused member refuses the rest as partners; then, walking the batch
  /// in order and taking a valid group whole at its first member, the pending limit (pending
  /// statuses per account) and then the access point quota (every status before Canceled and
  /// Terminated, per account and access point), each counting what the inventory holds and
  /// what was accepted before. The members that would pass a limit get its code, the rest of
  /// their group `redundant_partner_rejected`, and nothing of a refused unit counts.
  static func plainOutcomes(_ batch: [Request], inventory: Inventory)
    -> [RequestID: RejectionCode?]
  {
    let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
    var code: [RequestID: RejectionCode?] = [:]
    for request in batch {
      code[request.id] = plainFirstCode(request, byID: byID, inventory: inventory)
    }
    // Groups, by repeated merging: small batches.
    var groupOf = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0.id) })
    func root(_ id: RequestID) -> RequestID {
      var id = id
      while groupOf[id]! != id { id = groupOf[id]! }
      return id
    }
    for request in batch {
      guard let named = request.redundantConnection, named != request.id.rawValue,
        byID[RequestID(named)] != nil
      else { continue }
      let (a, b) = (root(request.id), root(RequestID(named)))
      if a != b { groupOf[max(a, b)] = min(a, b) }
    }
    let members = Dictionary(grouping: batch.map(\.id), by: root)
    for (_, group) in members where group.contains(where: { code[$0]! != nil }) {
      for id in group where code[id]! == nil { code[id] = .redundantPartnerRejected }
    }
    let pendingStatuses = ["Initial", "Approved", "Allocating", "Allocated", "Confirmed"]
    let deadStatuses = ["Rejected", "Canceled", "AllocationFailed", "Terminated"]
    var pending: [String: Int] = [:]
    var live: [String: Int] = [:]
    for connection in inventory.connections {
      if pendingStatuses.contains(connection.status.rawValue) {
        pending[connection.account.rawValue, default: 0] += 1
      }
      if !deadStatuses.contains(connection.status.rawValue) {
        live["\(connection.account) at \(connection.accessPoint)", default: 0] += 1
      }
    }
    var done: Set<RequestID> = []
    for request in batch where code[request.id]! == nil && !done.contains(request.id) {
      let unit = batch.filter { root($0.id) == root(request.id) }
      done.formUnion(unit.map(\.id))
      var refused: [RequestID: RejectionCode] = [:]
      if let limit = inventory.policy.maxPendingPerAccount {
        for member in unit {
          let account = member.account!
          let asked = unit.filter { $0.account == account }.count
          if pending[account, default: 0] + asked > limit {
            refused[member.id] = .pendingLimitExceeded
          }
        }
      }
      if refused.isEmpty, let quota = inventory.policy.maxConnectionsPerAccessPoint {
        for member in unit {
          let key = "\(member.account!) at \(member.accessPoint!)"
          let asked = unit.filter { "\($0.account!) at \($0.accessPoint!)" == key }.count
          if live[key, default: 0] + asked > quota {
            refused[member.id] = .accessPointQuotaExceeded
          }
        }
      }
      if refused.isEmpty {
        for member in unit {
          pending[member.account!, default: 0] += 1
          live["\(member.account!) at \(member.accessPoint!)", default: 0] += 1
        }
      } else {
        for member in unit { code[member.id] = refused[member.id] ?? .redundantPartnerRejected }
      }
    }
    return code
  }

  /// FORMATS.md's table, read top to bottom, for one request on its own (codes 1 to 17).
  static func plainFirstCode(_ request: Request, byID: [RequestID: Request], inventory: Inventory)
    -> RejectionCode?
  {
    guard request.fieldProblems.isEmpty, let account = request.account,
      let region = request.region, let ap = request.accessPoint,
      let op = request.lineOperator, let spec = request.portSpec, let type = request.portType,
      inventory.connection(ConnectionID(request.id.rawValue)) == nil
    else { return .malformedRequest }
    guard inventory.regions.contains(where: { $0.id.rawValue == region }) else {
      return .unknownRegion
    }
    guard let point = inventory.accessPoints.first(where: { $0.id.rawValue == ap }) else {
      return .unknownAccessPoint
    }
    if point.region.rawValue != region { return .accessPointRegionMismatch }
    if point.status == .full || point.status == .disabled { return .accessPointUnavailable }
    guard let lineOperator = LineOperator(rawValue: op) else { return .unknownLineOperator }
    if !point.lineOperators.contains(lineOperator) { return .lineOperatorNotServed }
    if ["155M CPOS", "V.35"].contains(type) { return .unsupportedInterface }
    guard let portType = PortType(rawValue: type) else { return .unknownPortType }
    guard let portSpec = PortSpec(rawValue: spec) else { return .unknownPortSpec }
    if portType.spec != portSpec { return .portSpecMismatch }
    if !point.portTypes.contains(portType) { return .portTypeNotOffered }
    if (portSpec == .fortyG || portSpec == .hundredG)
      && !inventory.highSpeedWhitelist.contains(AccountID(account))
    {
      return .whitelistRequired
    }
    guard let named = request.redundantConnection else { return nil }
    if named == request.id.rawValue { return .redundantConnectionSelf }
    if let connection = inventory.connections.first(where: { $0.id.rawValue == named }) {
      let partnerRegion = inventory.accessPoints.first { $0.id == connection.accessPoint }?.region
      if partnerRegion?.rawValue != region { return .redundantConnectionRegionMismatch }
      if ![.allocated, .confirmed, .enabled].contains(connection.status) {
        return .redundantConnectionNotReady
      }
      return nil
    }
    guard let partner = byID[RequestID(named)] else { return .unknownRedundantConnection }
    return partner.region == region ? nil : .redundantConnectionRegionMismatch
  }
}
