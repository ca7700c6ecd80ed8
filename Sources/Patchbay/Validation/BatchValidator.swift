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

  private func validate(_ batch: [Request], knownPositions: RequestPositions?)
    -> ValidationResult
  {
    let positions = knownPositions ?? RequestPositions(batch)
    let (clashing, partners) = clashesAndPartners(batch, positions: positions)
    let checks = RequestChecks(
      inventory: inventory, batchPositions: positions, batch: batch,
      idsOfConnections: clashing)
    var outcomes = checkEach(batch, with: checks)

    let groups = RedundancyGroups(partners: partners)
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

  /// The positions of requests whose id is already a connection's, and for each request the
  /// batch position of the request its `redundantConnection` names (-1 for none, or itself),
  /// for the redundancy groups. The clashes are looked up from the smaller side: a single
  /// request on the provisioning path must not walk a million connections. Both only read, so
  /// a big batch is looked up in one slice per core at once.
  private func clashesAndPartners(_ batch: [Request], positions: RequestPositions)
    -> (Set<Int>, [Int32])
  {
    let inventory = self.inventory
    let fromTheBatch = batch.count <= inventory.connections.count
    var partners = [Int32](repeating: -1, count: batch.count)
    var clashFlags = [Bool](repeating: false, count: fromTheBatch ? batch.count : 0)
    partners.withUnsafeMutableBufferPointer { partnerBuffer in
      clashFlags.withUnsafeMutableBufferPointer { flagBuffer in
        // Each slice writes its own positions of the two buffers, and nothing else.
        nonisolated(unsafe) let partnerOut = partnerBuffer
        nonisolated(unsafe) let flagOut = flagBuffer
        forEachSlice(of: batch.count) { range in
          for position in range {
            if fromTheBatch,
              inventory.connectionIndex(of: ConnectionID(batch[position].id.rawValue)) != nil
            {
              flagOut[position] = true
            }
            if let named = batch[position].redundantConnection, let other = positions[named],
              other != position
            {
              partnerOut[position] = Int32(truncatingIfNeeded: other)
            }
          }
        }
      }
    }
    var clashing = Set<Int>()
    if fromTheBatch {
      for position in clashFlags.indices where clashFlags[position] { clashing.insert(position) }
    } else {
      for index in inventory.connections.indices {
        if let position = positions[inventory.connections[index].id.rawValue] {
          clashing.insert(position)
        }
      }
    }
    return (clashing, partners)
  }

  /// Calls `body` with slices of `0..<count` that together cover it once: one per core at
  /// once for a big batch, the whole range on this thread for a small one.
  private func forEachSlice(of count: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let slices = count < parallelCheckThreshold ? 1 : min(Processors.available, 8)
    guard slices > 1 else {
      body(0..<count)
      return
    }
    let sliceLength = (count + slices - 1) / slices
    DispatchQueue.concurrentPerform(iterations: slices) { slice in
      let start = min(count, slice * sliceLength)
      body(start..<min(count, start + sliceLength))
    }
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
