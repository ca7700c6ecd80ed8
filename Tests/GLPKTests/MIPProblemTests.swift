import GLPK
import Testing

@Suite struct MIPProblemTests {
  @Test func classicKnapsackIsSolvedToItsOptimum() throws {
    var problem = try Knapsack.classic.problem()
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.stopReason == .completed)
    #expect(result.objective == 21)
    #expect(result.bestBound == 21)
    #expect(result.values == [0, 1, 1, 1])
    #expect(result.initialSolutionAccepted == nil)
  }

  @Test func lpRelaxationOfTheClassicKnapsackIsFractional() throws {
    var problem = try Knapsack.classic.problem()
    let relaxation = try problem.solveLPRelaxation()
    #expect(relaxation.status == .optimal)
    #expect(abs((relaxation.objective ?? 0) - 22) < 1e-9)
    let expected: [Double] = [1, 1, 0.5, 0]
    #expect(zip(relaxation.values, expected).allSatisfy { abs($0 - $1) < 1e-9 })
    // The MIP is solved on the same object afterwards, and is still integral.
    #expect(try problem.solve().objective == 21)
  }

  @Test(arguments: [3, 7, 11].map { Knapsack.random(items: 12, seed: UInt64($0)) })
  func randomKnapsacksMatchBruteForce(_ knapsack: Knapsack) throws {
    var problem = try knapsack.problem()
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.objective == knapsack.bruteForceOptimum)
    #expect(result.values.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(knapsack.weight(of: result.values) <= knapsack.capacity)
    #expect(knapsack.value(of: result.values) == result.objective)
  }

  /// GLPK does not say which cuts it used, so this cannot see the option ignored; it checks that
  /// asking for cuts keeps the proven optimum (their speed is measured in BENCHMARKS.md).
  @Test(arguments: [3, 7, 11, 19].map { Knapsack.random(items: 14, seed: UInt64($0)) })
  func gomoryCutsKeepTheOptimum(_ knapsack: Knapsack) throws {
    var problem = try knapsack.problem()
    let result = try problem.solve(MIPOptions(gomoryCuts: true))
    #expect(result.status == .optimal)
    #expect(result.objective == knapsack.bruteForceOptimum)
    #expect(knapsack.weight(of: result.values) <= knapsack.capacity)
  }

  /// max 5x + 4y, 6x + 4y <= 24, x + 2y <= 6, x, y integer >= 0: LP optimum 21 at (3, 1.5),
  /// integer optimum 20 at (4, 0).
  @Test func generalIntegerColumnsAreRoundedAndOptimal() throws {
    var problem = try MIPProblem()
    try problem.maximize()
    let x = try problem.addColumn(.integer, objective: 5, name: "x")
    let y = try problem.addColumn(.integer, bounds: .lower(0), objective: 4, name: "y")
    try problem.addRow(.upper(24), coefficients: [(x, 6), (y, 4)])
    try problem.addRow(.upper(6), coefficients: [(x, 1), (y, 2)])
    #expect(try problem.solveLPRelaxation().objective == 21)
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.objective == 20)
    #expect(result.values == [4, 0])
  }

  /// min total cost of a 3x3 assignment; the optimum 1 + 5 + 3 = 9 is unique.
  @Test func tinyAssignmentProblem() throws {
    let cost: [[Double]] = [[1, 9, 9], [9, 9, 5], [4, 3, 9]]
    var problem = try MIPProblem(name: "assignment")
    var column = [[Int]]()
    for worker in 0..<3 {
      column.append(
        try (0..<3).map { job in
          try problem.addColumn(.binary, objective: cost[worker][job], name: "x_\(worker)_\(job)")
        })
    }
    for worker in 0..<3 {
      try problem.addRow(.fixed(1), coefficients: (0..<3).map { (column[worker][$0], 1) })
    }
    for job in 0..<3 {
      try problem.addRow(.fixed(1), coefficients: (0..<3).map { (column[$0][job], 1) })
    }
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.objective == 9)
    #expect(result.values == [1, 0, 0, 0, 0, 1, 0, 1, 0])
  }

  enum Infeasibility: String, CaseIterable, CustomTestStringConvertible {
    /// x + y >= 3 and x + y <= 2: even the LP is infeasible.
    case linear
    /// 2x == 1 with x integer: the LP is feasible (x = 0.5), the MIP is not.
    case integral

    var testDescription: String { rawValue }
  }

  @Test(arguments: Infeasibility.allCases)
  func infeasibleProblemsAreReportedInfeasible(_ kind: Infeasibility) throws {
    var problem = try MIPProblem()
    switch kind {
    case .linear:
      let x = try problem.addColumn(.integer, bounds: .double(lower: 0, upper: 10))
      let y = try problem.addColumn(.integer, bounds: .double(lower: 0, upper: 10))
      try problem.addRow(.lower(3), coefficients: [(x, 1), (y, 1)])
      try problem.addRow(.upper(2), coefficients: [(x, 1), (y, 1)])
    case .integral:
      let x = try problem.addColumn(.integer, bounds: .double(lower: 0, upper: 10))
      try problem.addRow(.fixed(1), coefficients: [(x, 2)])
    }
    let result = try problem.solve()
    #expect(result.status == .infeasible)
    #expect(result.objective == nil)
    #expect(result.values.isEmpty)
    // No start solution can be given: it would have to satisfy the rows.
    let start = [Double](repeating: 0, count: problem.numberOfColumns)
    #expect(throws: GLPKError.self) { try problem.solve(MIPOptions(initialSolution: start)) }
  }

  @Test func unboundedProblemIsReportedUnbounded() throws {
    var problem = try MIPProblem()
    try problem.maximize()
    let x = try problem.addColumn(.integer, objective: 1)
    try problem.addRow(.lower(1), coefficients: [(x, 1)])
    let result = try problem.solve()
    #expect(result.status == .unbounded)
    #expect(try problem.solveLPRelaxation().status == .unbounded)
  }

  @Test func emptyProblemIsOptimal() throws {
    var problem = try MIPProblem()
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.objective == 0)
    #expect(result.values.isEmpty)
  }

  @Test(arguments: [
    [0.0, 1, 1, 1],  // the optimum itself
    [1.0, 1, 0, 0],  // weight 12, value 19
    [0.0, 0, 0, 0],  // the empty knapsack
  ])
  func initialSolutionIsAcceptedAndTheOptimumStillFound(_ start: [Double]) throws {
    var problem = try Knapsack.classic.problem()
    let result = try problem.solve(MIPOptions(initialSolution: start))
    #expect(result.initialSolutionAccepted == true)
    #expect(result.status == .optimal)
    #expect(result.objective == 21)
    #expect(result.values == [0, 1, 1, 1])
  }

  /// Items e(w20, v100), a, b, c (w1, v1 each), d(w4, v100), capacity 5.5; optimum 101 (a, d).
  /// The presolver drops e, which cannot fit. Were the start (a, b, c) handed to GLPK's
  /// presolved problem, whose columns are a, b, c, d, it would read as (b, c, d): weight 6,
  /// value 102, infeasible, and GLPK 5.0 reports that as "optimal". The start must be given in
  /// the columns the search uses.
  @Test func initialSolutionIsNotMisreadByThePresolver() throws {
    var problem = try MIPProblem()
    try problem.maximize()
    let items: [(weight: Double, value: Double)] = [(20, 100), (1, 1), (1, 1), (1, 1), (4, 100)]
    for item in items { try problem.addColumn(.binary, objective: item.value) }
    try problem.addRow(
      .upper(5.5), coefficients: items.enumerated().map { ($0.offset, $0.element.weight) })
    let result = try problem.solve(MIPOptions(initialSolution: [0, 1, 1, 1, 0]))
    #expect(result.status == .optimal)
    #expect(result.objective == 101)
    #expect(
      result.values == [0, 1, 0, 0, 1] || result.values == [0, 0, 1, 0, 1]
        || result.values == [0, 0, 0, 1, 1])
  }

  @Test func initialSolutionWithRoundingNoiseIsAccepted() throws {
    var problem = try Knapsack.classic.problem()
    let start = [1e-9, 1 - 1e-9, 1, 1]
    let result = try problem.solve(MIPOptions(initialSolution: start))
    #expect(result.initialSolutionAccepted == true)
    #expect(result.objective == 21)
  }

  @Test func relativeGapIsHonoured() throws {
    // With a 100% gap any solution found is good enough; the answer must still be feasible.
    let knapsack = Knapsack.random(items: 40, seed: 5)
    var problem = try knapsack.problem()
    let result = try problem.solve(MIPOptions(relativeGap: 1))
    #expect(result.status == .feasible || result.status == .optimal)
    #expect(knapsack.weight(of: result.values) <= knapsack.capacity)
    if result.status == .feasible {
      #expect(result.stopReason == .gapTolerance)
      let bound = try #require(result.bestBound)
      #expect(bound >= (result.objective ?? .infinity) - 1e-9)
    }
  }
}
