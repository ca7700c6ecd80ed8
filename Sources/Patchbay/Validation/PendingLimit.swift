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
    held.reserveCapacity(min(outcomes.count, 1 << 20))
    func count(_ account: AccountID) -> Int {
      held[account] ?? inventory.pendingConnections(of: account)
    }
    for position in outcomes.indices {
      guard case .success(let request) = outcomes[position] else { continue }
      guard let group = groups.group(of: position) else {
        // A single request: the common case, counted without building a unit.
        let now = count(request.account)
        if now + 1 > limit {
          outcomes[position] = .failure(rejection(request, limit: limit, heldBefore: now))
        } else {
          held[request.account] = now + 1
        }
        continue
      }
      guard group[0] == position else { continue }  // Counted at its first member.
      let valid = group.compactMap { member -> ValidatedRequest? in
        if case .success(let request) = outcomes[member] { return request }
        return nil
      }
      // Groups are small: a list beats a dictionary here.
      var wanted: [(account: AccountID, count: Int)] = []
      for member in valid {
        if let index = wanted.firstIndex(where: { $0.account == member.account }) {
          wanted[index].count += 1
        } else {
          wanted.append((member.account, 1))
        }
      }
      let over = wanted.filter { count($0.account) + $0.count > limit }.map(\.account)
      guard !over.isEmpty else {
        for (account, extra) in wanted { held[account] = count(account) + extra }
        continue
      }
      var firstOver: Rejection?
      for member in valid where over.contains(member.account) {
        let rejection = rejection(member, limit: limit, heldBefore: count(member.account))
        outcomes[member.batchIndex] = .failure(rejection)
        if firstOver == nil { firstOver = rejection }
      }
      if let firstOver {
        RedundancyGroups.rejectValidMembers(
          of: group, because: firstOver, in: &outcomes, batch: batch)
      }
    }
  }

  /// The limit for a batch whose only request is `request`, valid on its own: what
  /// `apply(to:groups:batch:)` decides for it, without the batch's tables
  /// (`BatchValidator.validate(only:)`, the provisioning path).
  func rejection(ofOnly request: ValidatedRequest) -> Rejection? {
    guard let limit = inventory.policy.maxPendingPerAccount else { return nil }
    let now = inventory.pendingConnections(of: request.account)
    return now + 1 > limit ? rejection(request, limit: limit, heldBefore: now) : nil
  }

  private func rejection(_ request: ValidatedRequest, limit: Int, heldBefore: Int) -> Rejection {
    let existing = inventory.pendingConnections(of: request.account)
    return Rejection(
      request: request.id, code: .pendingLimitExceeded,
      message: "account \(request.account) would hold more than \(limit) pending connections: "
        + "\(existing) in the inventory and \(heldBefore - existing) accepted earlier in this "
        + "batch; the limit is policy.maxPendingPerAccount = \(limit). Wait until some are "
        + "enabled or canceled, or apply in a later batch")
  }
}
