/// How to run one MIP solve.
public struct MIPOptions: Sendable, Hashable {
  /// Stop the search after this long and report the best solution found (nil: no limit).
  public var timeLimit: Duration?
  /// Stop once the relative gap between the best solution and the best bound is at most this
  /// (nil: GLPK's default, 0, which means proven optimal).
  public var relativeGap: Double?
  /// An integer-feasible solution to start from (one value per column, 0-based), for example
  /// the greedy answer. It is checked against bounds, integrality and rows first, because GLPK
  /// would take an infeasible one on trust.
  public var initialSolution: [Double]?
  /// Add Gomory's mixed integer cuts at the root (GLPK's `gmi_cuts`): they tighten the
  /// relaxation, which pays on models whose LP bound is far from the integer optimum.
  public var gomoryCuts: Bool
  /// With an initial solution: start the LP relaxation from the basis the problem's last solve
  /// left (GLPK keeps it, and rows and columns added since keep it valid) instead of building
  /// one from scratch. A problem solved again with another objective or an added row, as
  /// lexicographic stages are, then needs about half the simplex work. A basis GLPK cannot use
  /// is replaced by a new one, so the answer never depends on it, only the work.
  public var warmStart: Bool

  public init(
    timeLimit: Duration? = nil, relativeGap: Double? = nil, initialSolution: [Double]? = nil,
    gomoryCuts: Bool = false, warmStart: Bool = false
  ) {
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.initialSolution = initialSolution
    self.gomoryCuts = gomoryCuts
    self.warmStart = warmStart
  }

  /// The same, with the time limit in milliseconds.
  public init(
    timeLimitMilliseconds: Int, relativeGap: Double? = nil, initialSolution: [Double]? = nil
  ) {
    self.init(
      timeLimit: .milliseconds(timeLimitMilliseconds), relativeGap: relativeGap,
      initialSolution: initialSolution)
  }
}

extension MIPOptions {
  /// GLPK's `tm_lim` in milliseconds, rounded up so a tiny positive limit is not "stop now";
  /// -1 for none. Limits beyond GLPK's `int` are no limit.
  func glpkTimeLimit(operation: String) throws(GLPKError) -> Int32 {
    try Self.glpkMilliseconds(timeLimit, operation: operation)
  }

  /// GLPK's `mip_gap`, or -1 for GLPK's default.
  func glpkRelativeGap(operation: String) throws(GLPKError) -> Double {
    guard let relativeGap else { return -1 }
    guard relativeGap.isFinite, relativeGap >= 0 else {
      throw .invalidArgument(
        operation, "relative gap \(relativeGap) must be a finite number >= 0")
    }
    return relativeGap
  }

  static func glpkMilliseconds(
    _ duration: Duration?, operation: String
  ) throws(GLPKError) -> Int32 {
    guard let duration else { return -1 }
    guard duration >= .zero else {
      throw .invalidArgument(operation, "time limit \(duration) must not be negative")
    }
    let (seconds, attoseconds) = duration.components
    let perMillisecond: Int64 = 1_000_000_000_000_000
    let partial = (attoseconds + perMillisecond - 1) / perMillisecond
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    guard !overflow, scaled + partial < Int64(Int32.max) else { return -1 }
    return Int32(scaled + partial)
  }
}
