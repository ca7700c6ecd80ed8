import Dispatch

/// Validates a whole batch: each request's own checks, then the redundancy groups (a rejected
/// member rejects its whole group with `redundant_partner_rejected`), then the pending limit and
/// the access point quota.
public struct BatchValidator: Sendable {
  /// The inventory as it is before the batch.
  public let inventory: Inventory
  /// Below this many requests a batch is checked on one thread: splitting costs more than it
  /// gains, and the provisioning path checks one request at a time. (Tests lower it.)
  var parallelCheckThreshold = 10_000

  /// A validator of batches against `inventory`.
  public init(inventory: Inventory) { self.inventory = inventory }

  /// Checks every request of `batch`, in batch order, against ``inventory`` and the rest of the
  /// batch: each request ends up either accepted or rejected with the first code that applies.
  public func validate(_ batch: [Request]) -> ValidationResult {
    validate(batch, knownPositions: nil)
  }

  /// ``validate(_:)`` of a batch read from a file, whose id index the decoder made already.
  package func validate(_ batch: RequestBatch) -> ValidationResult {
    validate(batch.requests, knownPositions: batch.positions)
  }

  private func validate(_ batch: [Request], knownPositions: [RequestID: Int]?)
    -> ValidationResult
  {
    let (positions, clashing) = positionsAndClashes(batch, knownPositions: knownPositions)
    let checks = RequestChecks(
      inventory: inventory, batchPositions: positions, batch: batch,
      idsOfConnections: clashing)
    var outcomes = checkEach(batch, with: checks)

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

  /// The batch position of each request id (the first, should ids repeat), and the positions
  /// of requests whose id is already a connection's. The clashes are looked up from the smaller
  /// side: a single request on the provisioning path must not walk a million connections. From
  /// the batch's side they do not need the positions, so a big batch makes both at once.
  private func positionsAndClashes(_ batch: [Request], knownPositions: [RequestID: Int]?)
    -> ([RequestID: Int], Set<Int>)
  {
    let inventory = self.inventory
    @Sendable func positions() -> [RequestID: Int] {
      if let knownPositions { return knownPositions }
      var positions: [RequestID: Int] = [:]
      positions.reserveCapacity(batch.count)
      // By index, not `enumerated()`: that copies each whole request (a dozen retains and
      // releases) to read its id. One hash per id; a repeated id keeps its first position.
      for position in batch.indices {
        let id = batch[position].id
        if let first = positions.updateValue(position, forKey: id) { positions[id] = first }
      }
      return positions
    }
    @Sendable func clashesFromTheBatch() -> Set<Int> {
      var clashing = Set<Int>()
      for position in batch.indices
      where inventory.connection(ConnectionID(batch[position].id.rawValue)) != nil {
        clashing.insert(position)
      }
      return clashing
    }
    guard batch.count <= inventory.connections.count else {
      let positions = positions()
      var clashing = Set<Int>()
      for connection in inventory.connections {
        if let position = positions[RequestID(connection.id.rawValue)] {
          clashing.insert(position)
        }
      }
      return (positions, clashing)
    }
    guard batch.count >= parallelCheckThreshold, Processors.available > 1, knownPositions == nil
    else {
      return (positions(), clashesFromTheBatch())
    }
    return bothAtOnce(positions, clashesFromTheBatch)
  }

  /// Each request's own checks, in batch order. They only read, so a big batch is checked in
  /// one slice per core at once; the outcomes do not depend on how it is split.
  private func checkEach(_ batch: [Request], with checks: RequestChecks)
    -> [Result<ValidatedRequest, Rejection>]
  {
    let slices =
      batch.count < parallelCheckThreshold ? 1 : min(Processors.available, 8)
    guard slices > 1 else {
      return batch.enumerated().map { position, request in checks.check(request, at: position) }
    }
    let sliceLength = (batch.count + slices - 1) / slices
    return [Result<ValidatedRequest, Rejection>](unsafeUninitializedCapacity: batch.count) {
      buffer, initialized in
      // Each slice initializes its own positions of the buffer, and nothing else.
      nonisolated(unsafe) let outcomes = buffer
      DispatchQueue.concurrentPerform(iterations: slices) { slice in
        let start = min(batch.count, slice * sliceLength)
        let positions = start..<min(batch.count, start + sliceLength)
        for position in positions {
          (outcomes.baseAddress! + position).initialize(
            to: checks.check(batch[position], at: position))
        }
      }
      initialized = batch.count
    }
  }
}
