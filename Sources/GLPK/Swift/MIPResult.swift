/// What a MIP solve found.
public struct MIPResult: Sendable, Hashable {
  /// Whether a solution exists and whether it is proven optimal.
  public var status: MIPStatus
  /// Why the search ended.
  public var stopReason: MIPStopReason
  /// Objective value of the solution, when there is one.
  public var objective: Double?
  /// The best bound on the optimum that the search proved (equal to `objective` when optimal),
  /// when known. Below the objective for a maximization, above it for a minimization.
  public var bestBound: Double?
  /// One value per column (0-based), integer columns rounded to exact integers; empty when there
  /// is no solution.
  public var values: [Double]
  /// Whether GLPK took the initial solution as its incumbent; nil when none was given. False
  /// also when GLPK never asked for one (the LP relaxation was integral already).
  public var initialSolutionAccepted: Bool?

  public init(
    status: MIPStatus, stopReason: MIPStopReason, objective: Double?, bestBound: Double?,
    values: [Double], initialSolutionAccepted: Bool?
  ) {
    self.status = status
    self.stopReason = stopReason
    self.objective = objective
    self.bestBound = bestBound
    self.values = values
    self.initialSolutionAccepted = initialSolutionAccepted
  }

  /// Whether the solution is proven optimal.
  public var isOptimal: Bool { status == .optimal }
}

/// Outcome of a MIP solve.
public enum MIPStatus: Sendable, Hashable {
  /// The solution is proven optimal.
  case optimal
  /// A solution was found but its optimality is not proven (time limit or gap tolerance).
  case feasible
  /// Proven: no integer-feasible solution exists.
  case infeasible
  /// The LP relaxation is unbounded (no dual-feasible solution), so the MIP is unbounded or
  /// infeasible.
  case unbounded
  /// The search stopped (time limit) before finding any integer-feasible solution.
  case noSolutionFound
}

/// Why the MIP search ended.
public enum MIPStopReason: Sendable, Hashable {
  /// The search ran to its end.
  case completed
  /// The time limit was reached.
  case timeLimit
  /// The relative gap tolerance was reached.
  case gapTolerance
  /// GLPK could not solve an LP relaxation (numerical trouble) after finding a solution.
  case solverFailure
}
