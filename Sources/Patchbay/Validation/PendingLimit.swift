/// `policy.maxPendingPerAccount`: an account may hold at most that many pending connections,
/// counting the inventory's pending connections and then the batch's valid requests in batch
/// order. A redundancy group is counted as a unit at the place of its first member: if any of
/// its members would pass its account's limit, those members get `pending_limit_exceeded`, the
/// others `redundant_partner_rejected`, and none of them counts.
struct PendingLimit {
  let inventory: Inventory

  func apply(
    to outcomes: inout [Result<ValidatedRequest, Rejection>], groups: RedundancyGroups,
    batch: [Request]
  ) {
    guard let limit = inventory.policy.maxPendingPerAccount else { return }
    var held: [AccountID: Int] = [:]
    func count(_ account: AccountID) -> Int {
      held[account] ?? inventory.pendingConnections(of: account)
    }
    var done = Set<Int>()
    for position in outcomes.indices where !done.contains(position) {
      let unit = groups.groupOf[position].map { groups.members[$0] } ?? [position]
      done.formUnion(unit)
      let valid = unit.compactMap { member -> ValidatedRequest? in
        if case .success(let request) = outcomes[member] { return request }
        return nil
      }
      guard !valid.isEmpty else { continue }
      var wanted: [AccountID: Int] = [:]
      for request in valid { wanted[request.account, default: 0] += 1 }
      let over = Set(wanted.filter { count($0.key) + $0.value > limit }.keys)
      guard !over.isEmpty else {
        for (account, extra) in wanted { held[account] = count(account) + extra }
        continue
      }
      var firstOver: Rejection?
      for request in valid where over.contains(request.account) {
        let existing = inventory.pendingConnections(of: request.account)
        let rejection = Rejection(
          request: request.id, code: .pendingLimitExceeded,
          message: "account \(request.account) would hold more than \(limit) pending "
            + "connections: \(existing) in the inventory and \(count(request.account) - existing)"
            + " accepted earlier in this batch; the limit is policy.maxPendingPerAccount = "
            + "\(limit). Wait until some are enabled or canceled")
        outcomes[request.batchIndex] = .failure(rejection)
        if firstOver == nil { firstOver = rejection }
      }
      if let firstOver {
        RedundancyGroups.rejectValidMembers(
          of: unit, because: firstOver, in: &outcomes, batch: batch)
      }
    }
  }
}
