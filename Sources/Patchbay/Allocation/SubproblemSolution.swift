/// The answer for one subproblem.
struct SubproblemSolution: Sendable {
  /// A placement per demand of the subproblem (same order).
  var placements: [Placement?]
  var method: SolveMethod
  var optimal: Bool
  /// When not proven optimal, the first priority not proven and its bound.
  var gap: OptimalityGap?
  var unplaced: [(demand: Int, unplacement: Unplacement)]
  /// Why the exact solver could not be used, when it failed (the greedy answer stands).
  var solverError: String?
  /// Model files (`--export-model`) that could not be written; the answer does not depend on them.
  var exportFailures: [String] = []
}

extension SubproblemSolution {
  /// Solves one subproblem: the greedy; if it leaves requests out, the exact model from the
  /// greedy answer, kept only if it is at least as good priority by priority.
  static func solve(
    _ subproblem: Subproblem, input: AllocationInput, options: AllocationOptions
  ) -> SubproblemSolution {
    let greedy = GreedyPlacer(input: input, subproblem: subproblem).place()
    var placements = greedy
    var method = SolveMethod.greedy
    var optimal = true
    var gap: OptimalityGap?
    var solverError: String?
    var exportFailures: [String] = []
    if greedy.contains(where: { $0 == nil }) {
      method = .ilp
      let started = ContinuousClock.now
      // Access points joined by groups are first solved apart (exact, or nil), and together
      // only when that cannot be proven optimal.
      if subproblem.accessPoints.count > 1,
        let answer = try? RegionDecomposition(input: input, subproblem: subproblem).solve(
          greedy: greedy, deadline: started + options.timeLimit,
          exportDirectory: options.exportModelDirectory),
        !counts(answer.placements, subproblem, input).lexicographicallyPrecedes(
          counts(greedy, subproblem, input))
      {
        placements = answer.placements
        exportFailures = answer.exportFailures
      } else {
        let model = ExactModel(input: input, subproblem: subproblem)
        do {
          let outcome = try model.solve(
            greedy: greedy, timeLimit: options.timeLimit - (ContinuousClock.now - started),
            exportDirectory: options.exportModelDirectory)
          let exact = ExactExpansion(model: model).placements(outcome)
          optimal = outcome.optimal
          gap = outcome.gap
          exportFailures = outcome.exportFailures
          let (exactCounts, greedyCounts) = (
            counts(exact, subproblem, input), counts(greedy, subproblem, input)
          )
          if exactCounts.lexicographicallyPrecedes(greedyCounts) {
            optimal = false  // cannot happen when the model is right; keep the better answer
          } else {
            placements = exact
          }
        } catch {
          solverError = "\(error)"
          optimal = false
          gap = unboundedGap(greedy, subproblem, input)
        }
      }
    }
    placements = wholeGroups(placements, subproblem, input)
    let unplaced = UnplacedReasons(
      input: input, subproblem: subproblem, placements: placements, optimal: optimal
    ).explain()
    return SubproblemSolution(
      placements: placements, method: method, optimal: optimal, gap: gap, unplaced: unplaced,
      solverError: solverError, exportFailures: exportFailures)
  }

  /// Without a solver bound: at the highest priority the greedy did not fill, no plan places
  /// more than there are requests.
  private static func unboundedGap(
    _ placements: [Placement?], _ subproblem: Subproblem, _ input: AllocationInput
  ) -> OptimalityGap? {
    let levels = Set(subproblem.demands.map { input.demands[$0].priority }).sorted(by: >)
    for level in levels {
      let at = subproblem.demands.indices.filter {
        input.demands[subproblem.demands[$0]].priority == level
      }
      let placed = at.filter { placements[$0] != nil }.count
      if placed < at.count {
        return OptimalityGap(priority: level, placed: placed, atMost: at.count)
      }
    }
    return nil
  }

  /// Placed requests per priority, highest priority first.
  private static func counts(
    _ placements: [Placement?], _ subproblem: Subproblem, _ input: AllocationInput
  ) -> [Int] {
    let levels = Set(subproblem.demands.map { input.demands[$0].priority }).sorted(by: >)
    return levels.map { level in
      subproblem.demands.indices.filter {
        placements[$0] != nil && input.demands[subproblem.demands[$0]].priority == level
      }.count
    }
  }

  /// Guarantee 3 enforced once more: a group with an unplaced member is unplaced whole.
  private static func wholeGroups(
    _ placements: [Placement?], _ subproblem: Subproblem, _ input: AllocationInput
  ) -> [Placement?] {
    var result = placements
    var seen = Set<Int>()
    for demand in subproblem.demands {
      guard let group = input.demands[demand].group, seen.insert(group).inserted else { continue }
      let members = input.validation.groups[group]
      let positions = members.compactMap { subproblem.position(ofDemand: $0) }
      guard positions.count == members.count, positions.contains(where: { result[$0] == nil })
      else { continue }
      for position in positions { result[position] = nil }
    }
    return result
  }
}
