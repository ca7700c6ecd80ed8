import GLPK
import Testing

/// One problem solved stage after stage, as the allocator's lexicographic priorities are: the
/// objective replaced, the reached value kept as a row, and the next stage started from the
/// last basis (``MIPOptions/warmStart``). Each stage's answer is held to brute force over every
/// subset, so a basis that led GLPK astray would show.
@Suite struct MIPProblemStageTests {
  /// A knapsack with a second objective: first the most value, then, among those plans, the
  /// most items.
  @Test(arguments: [2, 5, 8, 13, 21].map { Knapsack.random(items: 12, seed: UInt64($0)) })
  func stagesFromTheLastBasisReachTheLexicographicOptimum(_ knapsack: Knapsack) throws {
    let (bestValue, mostItems) = bruteForceValueThenItems(knapsack)
    for warm in [false, true] {
      var problem = try knapsack.problem()
      let greedyNothing = [Double](repeating: 0, count: knapsack.values.count)
      let first = try problem.solve(
        MIPOptions(initialSolution: greedyNothing, gomoryCuts: true, warmStart: warm))
      #expect(first.status == .optimal)
      #expect(abs((first.objective ?? -1) - bestValue) < 1e-6)
      try problem.addRow(
        .lower(bestValue),
        coefficients: knapsack.values.enumerated().map { ($0.offset, $0.element) })
      try problem.setObjective(knapsack.values.indices.map { ($0, 1) })
      let second = try problem.solve(
        MIPOptions(initialSolution: first.values, gomoryCuts: true, warmStart: warm))
      #expect(second.status == .optimal)
      #expect(abs((second.objective ?? -1) - mostItems) < 1e-6, "warm start \(warm)")
      #expect(knapsack.value(of: second.values) >= bestValue)
      #expect(knapsack.weight(of: second.values) <= knapsack.capacity)
    }
  }

  @Test func aWarmStartOnAProblemNeverSolvedStartsFromGLPKsOwnBasis() throws {
    var problem = try Knapsack.classic.problem()
    let result = try problem.solve(
      MIPOptions(initialSolution: [0, 0, 0, 0], warmStart: true))
    #expect(result.status == .optimal)
    #expect(result.objective == 21)
  }

  @Test func setObjectiveReplacesEveryCoefficientAndAddsRepeatedColumns() throws {
    var problem = try Knapsack.classic.problem()
    // Only item 0 counts now, listed twice: 1 + 0.5 when it is taken.
    try problem.setObjective([(0, 1), (0, 0.5)])
    let result = try problem.solve()
    #expect(result.objective == 1.5)
    #expect(result.values[0] == 1)
  }

  @Test(arguments: [
    ([(4, 1.0)], "refers to column 4"),
    ([(-1, 1.0)], "refers to column -1"),
    ([(0, Double.nan)], "coefficient nan for column 0"),
    ([(1, Double.infinity)], "coefficient inf for column 1"),
  ])
  func setObjectiveRefusesWhatGLPKWouldAbortOn(
    _ coefficients: [(column: Int, value: Double)], message: String
  ) throws {
    var problem = try Knapsack.classic.problem()
    #expect {
      try problem.setObjective(coefficients)
    } throws: { error in
      (error as? GLPKError)?.kind == .invalidArgument && "\(error)".contains(message)
    }
    // Refused before GLPK saw it: the objective is the knapsack's still.
    #expect(try problem.solve().objective == 21)
  }

  /// The most value, and among the plans with it the most items, by enumerating every subset.
  private func bruteForceValueThenItems(_ knapsack: Knapsack) -> (Double, Double) {
    var best = (value: 0.0, items: 0.0)
    for mask in 0..<(1 << knapsack.values.count) {
      let chosen = knapsack.values.indices.map { mask & (1 << $0) != 0 ? 1.0 : 0.0 }
      guard knapsack.weight(of: chosen) <= knapsack.capacity else { continue }
      let candidate = (value: knapsack.value(of: chosen), items: chosen.reduce(0, +))
      if candidate.value > best.value
        || (candidate.value == best.value && candidate.items > best.items)
      {
        best = candidate
      }
    }
    return (best.value, best.items)
  }
}
