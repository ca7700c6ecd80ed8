/// What solving the LP relaxation (integrality ignored) found.
public struct LPResult: Sendable, Hashable {
  public var status: LPStatus
  /// Objective value, when there is a solution.
  public var objective: Double?
  /// One value per column (0-based); empty when there is no solution.
  public var values: [Double]

  public init(status: LPStatus, objective: Double?, values: [Double]) {
    self.status = status
    self.objective = objective
    self.values = values
  }
}

/// Outcome of an LP solve.
public enum LPStatus: Sendable, Hashable {
  case optimal
  /// Feasible but not proven optimal (stopped by the time limit).
  case feasible
  case infeasible
  case unbounded
  /// Stopped before a feasible solution was known.
  case undefined
}
