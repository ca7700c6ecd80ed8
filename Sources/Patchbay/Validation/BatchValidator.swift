/// Validates a whole batch: each request's own checks, then the redundancy groups (a rejected
/// member rejects its whole group with `redundant_partner_rejected`), then the pending limit.
public struct BatchValidator: Sendable {
  public let inventory: Inventory

  public init(inventory: Inventory) { self.inventory = inventory }

  public func validate(_ batch: [Request]) -> ValidationResult {
    var positions: [RequestID: Int] = [:]
    positions.reserveCapacity(batch.count)
    for (position, request) in batch.enumerated() where positions[request.id] == nil {
      positions[request.id] = position
    }
    // Ids shared with existing connections, looked up from the smaller side: a single request
    // on the provisioning path must not walk a million connections.
    var clashing = Set<Int>()
    if batch.count <= inventory.connections.count {
      for (position, request) in batch.enumerated()
      where inventory.connection(ConnectionID(request.id.rawValue)) != nil {
        clashing.insert(position)
      }
    } else {
      for connection in inventory.connections {
        if let position = positions[RequestID(connection.id.rawValue)] {
          clashing.insert(position)
        }
      }
    }
    let checks = RequestChecks(
      inventory: inventory, batchPositions: positions, batch: batch,
      idsOfConnections: clashing)
    var outcomes: [Result<ValidatedRequest, Rejection>] = []
    outcomes.reserveCapacity(batch.count)
    for (position, request) in batch.enumerated() {
      outcomes.append(checks.check(request, at: position))
    }

    let groups = RedundancyGroups(batch: batch, positions: positions)
    groups.cascadeRejections(&outcomes, batch: batch)
    PendingLimit(inventory: inventory).apply(to: &outcomes, groups: groups, batch: batch)

    var accepted: [ValidatedRequest] = []
    var rejections: [Rejection] = []
    var acceptedPosition = [Int](repeating: -1, count: batch.count)
    accepted.reserveCapacity(batch.count)
    for (position, outcome) in outcomes.enumerated() {
      switch outcome {
      case .success(let request):
        acceptedPosition[position] = accepted.count
        accepted.append(request)
      case .failure(let rejection): rejections.append(rejection)
      }
    }
    let acceptedGroups = groups.members.compactMap { members -> [Int]? in
      let valid = members.map { acceptedPosition[$0] }.filter { $0 >= 0 }
      return valid.count >= 2 ? valid : nil
    }
    return ValidationResult(
      requestCount: batch.count, accepted: accepted, rejections: rejections,
      groups: acceptedGroups)
  }
}
