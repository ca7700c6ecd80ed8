import Synchronization

#if canImport(Dispatch)
  import Dispatch
#endif

/// Places a batch: validation, then each subproblem (an access point, or the access points that
/// a group spans) with the greedy and, where the greedy leaves requests out, the exact model;
/// subproblems run in parallel and the plan is assembled in a fixed order, so it is the same
/// whatever the thread count.
public struct Allocator: Sendable {
  /// The inventory as it is before the batch; the allocator never changes it.
  public let inventory: Inventory
  /// Threads, time limit and model export of every run.
  public let options: AllocationOptions

  /// An allocator of batches against `inventory`.
  public init(inventory: Inventory, options: AllocationOptions = AllocationOptions()) {
    self.inventory = inventory
    self.options = options
  }

  /// Validates and places a batch. `progress`, if given, hears how many subproblems are solved
  /// out of how many, from the worker threads.
  ///
  /// It runs on the calling thread and on up to ``AllocationOptions/threads`` - 1 more, and
  /// returns when every subproblem is solved: milliseconds for most batches, at most about
  /// ``AllocationOptions/timeLimit`` per subproblem that needs the exact solver. A service
  /// calls it off its event loops (a detached task or its own thread).
  public func allocate(
    _ requests: [Request], progress: (@Sendable (_ solved: Int, _ total: Int) -> Void)? = nil
  ) -> AllocationResult {
    allocate(validated: BatchValidator(inventory: inventory).validate(requests), progress: progress)
  }

  /// Places an already validated batch. `validation` must be ``BatchValidator``'s result for
  /// this allocator's inventory: the command line validates once for the allocator and the plan
  /// check, and the benchmarks time allocation alone; a service calls
  /// ``allocate(_:progress:)``, which cannot pair a batch with another inventory's validation.
  @_spi(Tooling) public func allocate(
    validated validation: ValidationResult,
    progress: (@Sendable (_ solved: Int, _ total: Int) -> Void)? = nil
  ) -> AllocationResult {
    run(validated: validation, freePorts: nil, progress: progress).result
  }

  /// Places a validated batch on given free ports, and says where each accepted request went.
  func run(
    validated validation: ValidationResult, freePorts: FreePorts?,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (result: AllocationResult, placements: [Placement?]) {
    let input = AllocationInput(
      inventory: inventory, validation: validation, freePorts: freePorts)
    let subproblems = Subproblem.split(input)
    let solutions = solveAll(subproblems, input: input, progress: progress)
    var placements = [Placement?](repeating: nil, count: validation.accepted.count)
    for (subproblem, solution) in zip(subproblems, solutions) {
      for (local, demand) in subproblem.demands.enumerated() {
        placements[demand] = solution.placements[local]
      }
    }
    return (assemble(input: input, subproblems: subproblems, solutions: solutions), placements)
  }

  private func solveAll(
    _ subproblems: [Subproblem], input: AllocationInput,
    progress: (@Sendable (Int, Int) -> Void)?
  ) -> [SubproblemSolution] {
    let results = Mutex<[Int: SubproblemSolution]>([:])
    let next = Atomic<Int>(0)
    let workers = min(options.threads, subproblems.count)
    let options = self.options
    let work: @Sendable (Int) -> Void = { _ in
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < subproblems.count else { return }
        let solution = SubproblemSolution.solve(subproblems[index], input: input, options: options)
        let solved = results.withLock { results in
          results[index] = solution
          return results.count
        }
        progress?(solved, subproblems.count)
      }
    }
    if workers <= 1 {
      work(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: workers, execute: work)
    }
    return results.withLock { solved in subproblems.indices.map { solved[$0]! } }
  }

  private func assemble(
    input: AllocationInput, subproblems: [Subproblem], solutions: [SubproblemSolution]
  ) -> AllocationResult {
    let validation = input.validation
    var placementOf = [Placement?](repeating: nil, count: validation.accepted.count)
    var unplacementOf = [Unplacement?](repeating: nil, count: validation.accepted.count)
    var outcomeOf: [Int: (SolveMethod, Bool, OptimalityGap?)] = [:]
    var errors: [String] = []
    var exportFailures: [String] = []
    for (subproblem, solution) in zip(subproblems, solutions) {
      exportFailures += solution.exportFailures
      for (local, demand) in subproblem.demands.enumerated() {
        placementOf[demand] = solution.placements[local]
      }
      for (demand, unplacement) in solution.unplaced { unplacementOf[demand] = unplacement }
      for accessPoint in subproblem.accessPoints {
        outcomeOf[accessPoint] = (solution.method, solution.optimal, solution.gap)
      }
      if let error = solution.solverError {
        let names = subproblem.accessPoints.map { inventory.accessPoints[$0].id.rawValue }
        errors.append("\(names.joined(separator: ", ")): \(error)")
      }
    }
    // Counted per access point in arrays (not a dictionary: a hash per request), and each
    // request's fields read in place (a copy of it would retain its every string).
    var requestsAt = [Int](repeating: 0, count: inventory.accessPoints.count)
    var placedAt = [Int](repeating: 0, count: inventory.accessPoints.count)
    var assignments: [Assignment] = []
    assignments.reserveCapacity(placementOf.count { $0 != nil })
    var unplaced: [Unplacement] = []
    let accepted = validation.accepted
    for index in accepted.indices {
      let accessPoint = input.demands[index].accessPoint
      requestsAt[accessPoint] += 1
      if let placement = placementOf[index] {
        placedAt[accessPoint] += 1
        assignments.append(
          Assignment(
            request: accepted[index].id, accessPoint: accepted[index].accessPoint,
            device: inventory.devices[placement.device].id,
            port: inventory.devices[placement.device].ports[placement.port].name,
            portType: accepted[index].portType, account: accepted[index].account,
            redundantConnection: accepted[index].partner.map(\.name),
            priority: accepted[index].priority))
      } else {
        unplaced.append(
          unplacementOf[index]
            ?? Unplacement(
              request: accepted[index].id, code: .capacityContention,
              message: "no port was found for it in this batch"))
      }
    }
    let outcomes = requestsAt.indices.filter { requestsAt[$0] > 0 }.map { accessPoint in
      let (method, optimal, gap) = outcomeOf[accessPoint] ?? (.greedy, true, nil)
      return AccessPointOutcome(
        id: inventory.accessPoints[accessPoint].id, requests: requestsAt[accessPoint],
        placed: placedAt[accessPoint], method: method, optimal: optimal, gap: gap)
    }
    let plan = Plan(
      assignments: assignments, rejected: validation.rejections, unplaced: unplaced,
      accessPoints: outcomes,
      summary: PlanSummary(
        requests: validation.requestCount, placed: assignments.count,
        rejected: validation.rejections.count, unplaced: unplaced.count,
        optimal: outcomes.allSatisfy(\.optimal)))
    return AllocationResult(plan: plan, solverErrors: errors, modelExportFailures: exportFailures)
  }
}

/// A plan, and what went wrong on the way that the plan itself does not say.
public struct AllocationResult: Sendable {
  /// The plan of the batch, complete even when ``solverErrors`` is not empty.
  public var plan: Plan
  /// Subproblems where GLPK failed and the greedy answer was kept (marked not optimal).
  public var solverErrors: [String]
  /// Model files (`AllocationOptions.exportModelDirectory`) that could not be written, each as
  /// `PATH: cause`; the plan does not depend on them.
  public var modelExportFailures: [String] = []
}

extension RedundancyPartner {
  /// The id as the request named it.
  var name: String {
    switch self {
    case .connection(let id): id.rawValue
    case .request(let id): id.rawValue
    }
  }
}
