extension MIPProblem {
  /// Tolerance for bounds, rows and integrality of an initial solution (relative to the bound's
  /// size when that is above 1).
  static let feasibilityTolerance = 1e-6

  /// Checks a start solution and returns it with integer columns rounded exactly.
  ///
  /// `glp_ios_heur_sol` checks neither bounds nor rows, and rejects an integer column unless its
  /// value is exactly integral. An infeasible start would become GLPK's incumbent and could be
  /// reported as the optimum, so it is refused here.
  func checkedInitialSolution(
    _ solution: [Double], operation: String
  ) throws(GLPKError) -> [Double] {
    guard solution.count == columns.count else {
      throw .invalidArgument(
        operation,
        "the initial solution has \(solution.count) values; the problem has \(columns.count) "
          + "columns")
    }
    let tolerance = Self.feasibilityTolerance
    var checked = solution
    for (index, column) in columns.enumerated() {
      var value = solution[index]
      guard value.isFinite else {
        throw .invalidArgument(
          operation, "the initial solution has value \(value) for column \(index)")
      }
      if column.kind.isInteger {
        let rounded = value.rounded()
        guard abs(value - rounded) <= tolerance else {
          throw .invalidArgument(
            operation,
            "the initial solution gives \(column.kind) column \(index) the fractional value "
              + "\(value)")
        }
        value = rounded + 0.0  // + 0.0 turns -0.0 into 0.0
      }
      guard column.bounds.contains(value, tolerance: tolerance) else {
        throw .invalidArgument(
          operation,
          "the initial solution gives column \(index) the value \(value), outside its bounds "
            + "\(column.bounds)")
      }
      checked[index] = value
    }
    for (index, row) in rows.enumerated() {
      var activity = 0.0
      for (column, coefficient) in zip(row.columns, row.values) {
        activity += coefficient * checked[column]
      }
      guard row.bounds.contains(activity, tolerance: tolerance) else {
        throw .invalidArgument(
          operation,
          "the initial solution violates row \(index): its activity \(activity) is outside "
            + "\(row.bounds)")
      }
    }
    return checked
  }
}
