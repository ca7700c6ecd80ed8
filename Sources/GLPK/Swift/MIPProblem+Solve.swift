internal import CGLPK

extension MIPProblem {
  /// Solves the MIP with GLPK's branch and cut (`glp_intopt`), silently.
  ///
  /// Without an initial solution GLPK's MIP presolver is on. With one, the LP relaxation is
  /// solved first and the presolver is off: GLPK takes a heuristic solution for the columns of
  /// the problem it searches, and the presolver replaces that problem by a transformed one with
  /// other columns.
  ///
  /// Throws `invalidArgument` for bad options or an infeasible, wrongly sized initial solution,
  /// `solverFailure` when GLPK gives up without a solution, and `glpkFatalError` when GLPK hit a
  /// fatal error (the problem is then invalidated).
  public mutating func solve(_ options: MIPOptions = MIPOptions()) throws -> MIPResult {
    let operation = "solve"
    let timeLimit = try options.glpkTimeLimit(operation: operation)
    let gap = try options.glpkRelativeGap(operation: operation)
    let start = try options.initialSolution.map { solution throws(GLPKError) in
      GLPKIndex.oneBased(
        try checkedInitialSolution(solution, operation: operation), unused: 0)
    }
    let pointer = try livePointer(operation)
    var outcome = cglpk_mip_outcome()
    try Shim.call("glp_intopt") { error, capacity in
      func run(_ initial: UnsafePointer<Double>?) -> Int32 {
        var params = cglpk_mip_params(
          time_limit_ms: timeLimit, mip_gap: gap, initial: initial,
          gomory_cuts: options.gomoryCuts ? 1 : 0, warm_basis: options.warmStart ? 1 : 0)
        return cglpk_solve_mip(pointer, &params, &outcome, error, capacity)
      }
      guard let start else { return run(nil) }
      return start.withUnsafeBufferPointer { run($0.baseAddress) }
    }
    return try result(of: outcome)
  }

  /// Turns GLPK's return code and statuses into a `MIPResult`.
  private func result(of outcome: cglpk_mip_outcome) throws(GLPKError) -> MIPResult {
    let code = outcome.glpk_rc
    let stopReason: MIPStopReason =
      switch code {
      case GLP_ETMLIM: .timeLimit
      case GLP_EMIPGAP: .gapTolerance
      case GLP_EFAIL: .solverFailure
      default: .completed
      }
    let status: MIPStatus
    switch outcome.mip_status {
    case GLP_OPT: status = .optimal
    case GLP_FEAS: status = .feasible
    case GLP_NOFEAS: status = .infeasible
    default:
      if code == GLP_ENODFS || (outcome.rc_from_simplex != 0 && outcome.lp_status == GLP_UNBND) {
        status = .unbounded
      } else if code == GLP_ENOPFS {
        status = .infeasible
      } else if code == GLP_ETMLIM {
        status = .noSolutionFound
      } else {
        let solver = outcome.rc_from_simplex != 0 ? "glp_simplex" : "glp_intopt"
        throw GLPKError(
          .solverFailure, operation: solver,
          message: "\(solver) stopped with return code \(code) and no solution")
      }
    }
    let accepted: Bool? =
      outcome.initial_accepted < 0 ? nil : outcome.initial_accepted == 1
    guard status == .optimal || status == .feasible else {
      let bound = outcome.has_bound != 0 ? outcome.best_bound : nil
      return MIPResult(
        status: status, stopReason: stopReason, objective: nil,
        bestBound: status == .noSolutionFound ? bound : nil, values: [],
        initialSolutionAccepted: accepted)
    }
    let objective = outcome.objective
    var bound: Double? = objective
    if status == .feasible {
      // The best open node's bound, but never better than the incumbent it has not pruned yet.
      bound = nil
      if outcome.has_bound != 0 {
        let open = outcome.best_bound
        bound = direction == .maximize ? max(open, objective) : min(open, objective)
      }
    }
    return MIPResult(
      status: status, stopReason: stopReason, objective: objective, bestBound: bound,
      values: try columnValues(mip: true), initialSolutionAccepted: accepted)
  }

  /// Solves the LP relaxation (integrality ignored) with the simplex method, silently.
  public mutating func solveLPRelaxation(timeLimit: Duration? = nil) throws -> LPResult {
    let operation = "solveLPRelaxation"
    let limit = try MIPOptions.glpkMilliseconds(timeLimit, operation: operation)
    let pointer = try livePointer(operation)
    var outcome = cglpk_lp_outcome()
    try Shim.call("glp_simplex") { cglpk_solve_lp(pointer, limit, &outcome, $0, $1) }
    let status: LPStatus
    switch (outcome.glpk_rc, outcome.status) {
    case (0, GLP_OPT): status = .optimal
    case (0, GLP_NOFEAS), (GLP_ENOPFS, _): status = .infeasible
    case (0, GLP_UNBND), (GLP_ENODFS, _): status = .unbounded
    case (0, GLP_FEAS), (GLP_ETMLIM, GLP_FEAS), (GLP_EITLIM, GLP_FEAS): status = .feasible
    case (0, _), (GLP_ETMLIM, _), (GLP_EITLIM, _): status = .undefined
    default:
      throw GLPKError(
        .solverFailure, operation: "glp_simplex",
        message: "glp_simplex stopped with return code \(outcome.glpk_rc)")
    }
    guard status == .optimal || status == .feasible else {
      return LPResult(status: status, objective: nil, values: [])
    }
    return LPResult(
      status: status, objective: outcome.objective, values: try columnValues(mip: false))
  }

  /// Reads all column values of the MIP or LP solution; integer columns of a MIP solution are
  /// rounded, as GLPK stores them with tiny errors.
  private func columnValues(mip: Bool) throws(GLPKError) -> [Double] {
    let pointer = try livePointer("columnValues")
    let count = Int32(columns.count)
    var failure: GLPKError?
    var values = GLPKIndex.readOneBased(count: columns.count) { buffer in
      do throws(GLPKError) {
        try Shim.call("columnValues") {
          cglpk_column_values(pointer, mip ? 1 : 0, buffer, count, $0, $1)
        }
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    if mip {
      for (index, column) in columns.enumerated() where column.kind.isInteger {
        values[index] = values[index].rounded() + 0.0
      }
    }
    return values
  }
}
