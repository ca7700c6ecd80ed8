/// `policy.maxPendingPerAccount`: an account may hold at most that many pending connections,
/// counting the inventory's pending connections and then the batch's valid requests in batch
/// order. A redundancy group is counted as a unit at the place of its first member: if any of
/// its members would pass its account's limit, those members get `pending_limit_exceeded`, the
/// others `redundant_partner_rejected`, and none of them counts.
///
/// The access point quota (``AccessPointQuota``) comes right after it in the precedence order
/// and is checked in the same pass: a request (or group) within the pending limit is then held
/// to the quota, and only one within both counts for either. So a request refused by the quota
/// uses none of its account's pending limit, as FORMATS.md's "valid requests" says.
struct PendingLimit {
  let inventory: Inventory

  func apply(
    to outcomes: inout [Result<ValidatedRequest, Rejection>], groups: RedundancyGroups,
    batch: [Request]
  ) {
    let limit = inventory.policy.maxPendingPerAccount
    var quota = AccessPointQuota(inventory: inventory)
    guard limit != nil || quota != nil else { return }
    var held: [AccountID: Int] = [:]
    if limit != nil { held.reserveCapacity(min(outcomes.count, 1 << 20)) }
    func count(_ account: AccountID) -> Int {
      held[account] ?? inventory.pendingConnections(of: account)
    }
    for position in outcomes.indices {
      guard case .success(let request) = outcomes[position] else { continue }
      guard let group = groups.group(of: position) else {
        // A single request: the common case, counted without building a unit.
        let now = count(request.account)
        if let limit, now + 1 > limit {
          outcomes[position] = .failure(rejection(request, limit: limit, heldBefore: now))
        } else if let rejection = quota?.rejection(of: request) {
          outcomes[position] = .failure(rejection)
        } else {
          if limit != nil { held[request.account] = now + 1 }
          quota?.take(request)
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
      var refused: [(batchIndex: Int, rejection: Rejection)] = []
      if let limit {
        let over = wanted.filter { count($0.account) + $0.count > limit }.map(\.account)
        refused = valid.filter { over.contains($0.account) }.map {
          ($0.batchIndex, rejection($0, limit: limit, heldBefore: count($0.account)))
        }
      }
      if refused.isEmpty, let quota { refused = quota.rejections(ofGroup: valid) }
      guard let firstRefused = refused.first?.rejection else {
        if limit != nil {
          for (account, extra) in wanted { held[account] = count(account) + extra }
        }
        quota?.take(group: valid)
        continue
      }
      for (batchIndex, rejection) in refused { outcomes[batchIndex] = .failure(rejection) }
      RedundancyGroups.rejectValidMembers(
        of: group, because: firstRefused, in: &outcomes, batch: batch)
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
