/// `policy.maxConnectionsPerAccessPoint`: an account may hold at most that many live connections
/// (``ConnectionStatus/isLive``) at one access point, counting the inventory's live connections
/// there and then the batch's valid requests at that access point in batch order.
///
/// It is checked right after the pending limit (FORMATS.md's precedence), in the same pass over
/// the batch (``PendingLimit/apply(to:groups:batch:)``): a request refused by either limit is not
/// valid and counts for neither. A redundancy group counts as a unit at the place of its first
/// member, as for the pending limit, and each of its members counts at its own access point, so
/// a pair at one access point counts two there.
struct AccessPointQuota {
  let inventory: Inventory
  let limit: Int
  /// Live connections per account and access point once this batch's requests so far are
  /// counted; an absent key is the inventory's count.
  private var held: [AccountAtAccessPoint: Int] = [:]

  /// The quota of `inventory`'s policy, or `nil` when it sets none.
  init?(inventory: Inventory) {
    guard let limit = inventory.policy.maxConnectionsPerAccessPoint else { return nil }
    self.inventory = inventory
    self.limit = limit
  }

  /// Live connections of the account at the access point, counting what was taken so far.
  func count(_ key: AccountAtAccessPoint) -> Int {
    held[key] ?? inventory.liveConnections(of: key.account, at: key.accessPoint)
  }

  /// The refusal of a request that is not in a group, if the quota is reached where it asks;
  /// `nil` when it fits (it is not counted until ``take(_:)``).
  func rejection(of request: ValidatedRequest) -> Rejection? {
    let key = AccountAtAccessPoint(request.account, request.accessPoint)
    let now = count(key)
    guard now + 1 > limit else { return nil }
    return rejection(request, heldBefore: now, inGroup: 1)
  }

  /// Counts a request accepted by both limits.
  mutating func take(_ request: ValidatedRequest) {
    let key = AccountAtAccessPoint(request.account, request.accessPoint)
    held[key] = count(key) + 1
  }

  /// The refusals of a redundancy group's valid members: every member at an access point where
  /// the group's members of its account would pass the quota, with the first of them (the
  /// others of the group are then refused as its partners); empty when the group fits.
  func rejections(ofGroup valid: [ValidatedRequest])
    -> [(batchIndex: Int, rejection: Rejection)]
  {
    // Groups are small: a list beats a dictionary here.
    var wanted: [(key: AccountAtAccessPoint, count: Int)] = []
    for member in valid {
      let key = AccountAtAccessPoint(member.account, member.accessPoint)
      if let index = wanted.firstIndex(where: { $0.key == key }) {
        wanted[index].count += 1
      } else {
        wanted.append((key, 1))
      }
    }
    return valid.compactMap { member in
      let key = AccountAtAccessPoint(member.account, member.accessPoint)
      guard let asked = wanted.first(where: { $0.key == key })?.count,
        count(key) + asked > limit
      else { return nil }
      return (member.batchIndex, rejection(member, heldBefore: count(key), inGroup: asked))
    }
  }

  /// Counts a group accepted by both limits.
  mutating func take(group valid: [ValidatedRequest]) {
    for member in valid { take(member) }
  }

  /// The refusal of a request alone (a batch of one, valid on its own and within the pending
  /// limit): what ``rejection(of:)`` decides for it, without a table
  /// (`BatchValidator.validate(only:)`, the provisioning path, which must not allocate).
  static func rejection(ofOnly request: ValidatedRequest, in inventory: Inventory) -> Rejection? {
    guard let quota = AccessPointQuota(inventory: inventory) else { return nil }
    return quota.rejection(of: request)
  }

  private func rejection(_ request: ValidatedRequest, heldBefore: Int, inGroup: Int) -> Rejection {
    let existing = inventory.liveConnections(of: request.account, at: request.accessPoint)
    let group =
      inGroup > 1
      ? ", and this request's redundancy group asks for \(inGroup) there (each member counts)"
      : ""
    return Rejection(
      request: request.id, code: .accessPointQuotaExceeded,
      message: "account \(request.account) would hold more than \(limit) live connections at "
        + "\(request.accessPoint): \(existing) in the inventory and \(heldBefore - existing) "
        + "accepted earlier in this batch\(group); the quota is "
        + "policy.maxConnectionsPerAccessPoint = \(limit). Apply at another access point of the "
        + "region, cancel or terminate one of the account's connections there first, or ask "
        + "the operator to raise the quota")
  }
}
