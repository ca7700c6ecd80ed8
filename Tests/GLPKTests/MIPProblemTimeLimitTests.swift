import GLPK
import Testing

/// Time limits must stop hard searches with an honest status, never crash. The limits here are
/// short and the instances hard; no test measures speed.
@Suite struct MIPProblemTimeLimitTests {
  /// A market split instance (Cornuéjols and Dawande): rows `sum a[i][j] x[j] == floor(sum/2)`
  /// with binary x. Tiny, and notoriously hard for LP-based branch and bound.
  @Test(arguments: [1, 2] as [UInt64])
  func marketSplitStopsAtTheTimeLimit(seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    let rowCount = 4
    let columnCount = 30
    let a = (0..<rowCount).map { _ in
      (0..<columnCount).map { _ in Double(Int.random(in: 0..<100, using: &random)) }
    }
    var problem = try MIPProblem(name: "market_split")
    for _ in 0..<columnCount { try problem.addColumn(.binary) }
    for row in a {
      let rhs = (row.reduce(0, +) / 2).rounded(.down)
      try problem.addRow(
        .fixed(rhs), coefficients: row.enumerated().map { ($0.offset, $0.element) })
    }
    let clock = ContinuousClock()
    let start = clock.now
    let result = try problem.solve(MIPOptions(timeLimit: .milliseconds(300)))
    #expect(clock.now - start < .seconds(30))
    switch result.status {
    case .feasible, .noSolutionFound:
      #expect(result.stopReason == .timeLimit)
    case .optimal, .infeasible:
      #expect(result.stopReason == .completed)
    case .unbounded:
      Issue.record("a bounded problem was reported unbounded")
    }
    if result.status == .feasible || result.status == .optimal {
      for row in a {
        let rhs = (row.reduce(0, +) / 2).rounded(.down)
        #expect(zip(row, result.values).map { $0 * $1 }.reduce(0, +) == rhs)
      }
    } else {
      #expect(result.values.isEmpty)
    }
  }

  /// A strongly correlated knapsack (value = weight + constant): GLPK does not prove these
  /// optimal within a minute, so a short limit ends with a solution and a gap.
  @Test(arguments: [OptimizationDirection.maximize, .minimize])
  func stronglyCorrelatedKnapsackStopsWithAValidBound(_ direction: OptimizationDirection) throws {
    var random = SplitMix64(seed: 7)
    let weights = (0..<300).map { _ in Double(Int.random(in: 1000...10000, using: &random)) }
    let values = weights.map { $0 + 100 }
    let half = (weights.reduce(0, +) / 2).rounded(.down)
    // Maximize value within capacity, or (the covering twin) minimize weight for enough value.
    let objective = direction == .maximize ? values : weights
    let row = direction == .maximize ? weights : values
    var problem = try MIPProblem()
    try problem.setDirection(direction)
    for item in weights.indices { try problem.addColumn(.binary, objective: objective[item]) }
    try problem.addRow(
      direction == .maximize ? .upper(half) : .lower(half),
      coefficients: row.enumerated().map { ($0.offset, $0.element) })
    let result = try problem.solve(MIPOptions(timeLimitMilliseconds: 200))
    #expect(result.status == .optimal || result.status == .feasible)
    #expect(result.stopReason == (result.status == .optimal ? .completed : .timeLimit))
    let found = try #require(result.objective)
    let activity = zip(row, result.values).map { $0 * $1 }.reduce(0, +)
    #expect(direction == .maximize ? activity <= half : activity >= half)
    #expect(abs(zip(objective, result.values).map { $0 * $1 }.reduce(0, +) - found) < 1e-6)
    // The bound lies between the solution and the LP relaxation, which no solution can beat.
    let bound = try #require(result.bestBound)
    let relaxation = try #require(try problem.solveLPRelaxation().objective)
    if direction == .maximize {
      #expect(found <= bound && bound <= relaxation + 1e-6)
    } else {
      #expect(relaxation - 1e-6 <= bound && bound <= found)
    }
  }

  @Test func timeLimitWithInitialSolutionKeepsTheStart() throws {
    let knapsack = Knapsack.random(items: 300, seed: 43)
    // Greedy start: take items in order while they fit.
    var start = [Double](repeating: 0, count: knapsack.values.count)
    var weight = 0.0
    for item in knapsack.weights.indices where weight + knapsack.weights[item] <= knapsack.capacity
    {
      start[item] = 1
      weight += knapsack.weights[item]
    }
    var problem = try knapsack.problem()
    let result = try problem.solve(MIPOptions(timeLimitMilliseconds: 200, initialSolution: start))
    #expect(result.status == .optimal || result.status == .feasible)
    #expect(try #require(result.objective) >= knapsack.value(of: start))
    #expect(knapsack.weight(of: result.values) <= knapsack.capacity)
  }

  @Test func zeroTimeLimitDoesNotCrash() throws {
    var problem = try Knapsack.random(items: 200, seed: 9).problem()
    let result = try problem.solve(MIPOptions(timeLimit: .zero))
    #expect([.optimal, .feasible, .noSolutionFound].contains(result.status))
  }
}
