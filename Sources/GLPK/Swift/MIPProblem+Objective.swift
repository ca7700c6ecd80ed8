internal import CGLPK

extension MIPProblem {
  /// Replaces the whole objective: the listed columns get their coefficients (a column listed
  /// more than once, their sum) and every other column 0.
  ///
  /// What solving one problem stage after stage needs (with ``MIPOptions/warmStart``): the rows
  /// and the basis stay, only the objective changes.
  public mutating func setObjective(_ coefficients: [(column: Int, value: Double)]) throws {
    let operation = "setObjective"
    var objective = [Double](repeating: 0, count: columns.count)
    for (column, value) in coefficients {
      guard columns.indices.contains(column) else {
        throw GLPKError.invalidArgument(
          operation,
          "the objective refers to column \(column), but the columns are 0..<\(columns.count)")
      }
      guard value.isFinite else {
        throw GLPKError.invalidArgument(
          operation,
          "the objective has coefficient \(value) for column \(column); it must be finite")
      }
      objective[column] += value
    }
    let pointer = try livePointer(operation)
    let oneBased = GLPKIndex.oneBased(objective, unused: 0)
    let count = Int32(columns.count)
    try Shim.call(operation) { error, capacity in
      oneBased.withUnsafeBufferPointer {
        cglpk_set_objective(pointer, count, $0.baseAddress, error, capacity)
      }
    }
  }
}
