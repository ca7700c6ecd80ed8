/// Requests of one batch linked by `redundantConnection`, in either direction and transitively
/// (FORMATS.md guarantee 3). A group is placed all or nothing, so one rejected member rejects the
/// rest with `redundant_partner_rejected`.
struct RedundancyGroups {
  /// Groups of two or more batch positions, each sorted, ordered by their first member.
  let members: [[Int]]
  /// Batch position -> index in ``members``, or -1 for a request in no group.
  let groupIndex: [Int]

  /// `partners[p]` is the batch position of the request that request `p` names as its
  /// redundant connection, or -1 when it names none of the batch (or itself): looked up once,
  /// with the clashes, by ``BatchValidator``.
  init(partners: [Int32]) {
    let count = partners.count
    var sets = UnionFind(count: count)
    for position in partners.indices where partners[position] >= 0 {
      sets.union(position, Int(partners[position]))
    }
    func root(_ node: Int) -> Int { sets.root(node) }
    // The root is each group's smallest position, so walking positions in order numbers the
    // groups by their first member.
    var size = [Int](repeating: 0, count: count)
    for position in 0..<count { size[root(position)] += 1 }
    var groupIndex = [Int](repeating: -1, count: count)
    var members: [[Int]] = []
    for position in 0..<count where size[root(position)] >= 2 {
      let groupRoot = root(position)
      if groupIndex[groupRoot] < 0 {
        groupIndex[groupRoot] = members.count
        members.append([])
      }
      groupIndex[position] = groupIndex[groupRoot]
      members[groupIndex[position]].append(position)
    }
    self.members = members
    self.groupIndex = groupIndex
  }

  /// The members of the group of the request at `position`, or `nil` if it is in none.
  func group(of position: Int) -> [Int]? {
    groupIndex[position] < 0 ? nil : members[groupIndex[position]]
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
          message: "request \(cause.request) in its redundancy group was rejected "
            + "(\(cause.code.rawValue)); a redundancy group is placed all or nothing, so fix "
            + "\(cause.request) or remove the link to it"))
    }
  }
}
