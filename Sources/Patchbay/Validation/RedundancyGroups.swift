/// Requests of one batch linked by `redundantConnection`, in either direction and transitively
/// (FORMATS.md guarantee 3). A group is placed all or nothing, so one rejected member rejects the
/// rest with `redundant_partner_rejected`.
struct RedundancyGroups {
  /// Groups of two or more batch positions, each sorted, ordered by their first member.
  let members: [[Int]]
  /// Batch position -> index in ``members``, for requests in a group.
  let groupOf: [Int: Int]

  init(batch: [Request], positions: [RequestID: Int]) {
    var parent = Array(0..<batch.count)
    func root(_ node: Int) -> Int {
      var node = node
      while parent[node] != node {
        parent[node] = parent[parent[node]]
        node = parent[node]
      }
      return node
    }
    for (position, request) in batch.enumerated() {
      guard let named = request.redundantConnection, let other = positions[RequestID(named)],
        other != position
      else { continue }
      let (a, b) = (root(position), root(other))
      if a != b { parent[max(a, b)] = min(a, b) }
    }
    var size = [Int](repeating: 0, count: batch.count)
    for position in batch.indices { size[root(position)] += 1 }
    var byRoot: [Int: [Int]] = [:]
    for position in batch.indices where size[root(position)] >= 2 {
      byRoot[root(position), default: []].append(position)
    }
    var groups = Array(byRoot.values)
    groups.sort { $0[0] < $1[0] }
    members = groups
    var groupOf: [Int: Int] = [:]
    for (index, group) in groups.enumerated() {
      for position in group { groupOf[position] = index }
    }
    self.groupOf = groupOf
  }

  /// Rejects every valid member of a group that has a rejected member, naming the first one.
  func cascadeRejections(
    _ outcomes: inout [Result<ValidatedRequest, Rejection>], batch: [Request]
  ) {
    for group in members {
      var firstRejected: Rejection?
      for position in group {
        if case .failure(let rejection) = outcomes[position] {
          firstRejected = rejection
          break
        }
      }
      guard let cause = firstRejected else { continue }
      Self.rejectValidMembers(of: group, because: cause, in: &outcomes, batch: batch)
    }
  }

  static func rejectValidMembers(
    of group: [Int], because cause: Rejection,
    in outcomes: inout [Result<ValidatedRequest, Rejection>], batch: [Request]
  ) {
    for position in group {
      guard case .success = outcomes[position] else { continue }
      outcomes[position] = .failure(
        Rejection(
          request: batch[position].id, code: .redundantPartnerRejected,
          message: "\(cause.request) of its redundancy group was rejected "
            + "(\(cause.code.rawValue)), and a redundancy group is placed all or nothing; "
            + "fix \(cause.request) or remove the link to it"))
    }
  }
}
