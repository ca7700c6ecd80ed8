/// Settings of an allocation run. None of them changes the plan when every subproblem is
/// proven optimal within the time limit.
public struct AllocationOptions: Sendable, Hashable {
  /// Subproblems solved at once (by default, one per core); the plan does not depend on it.
  public var threads: Int
  /// Longest exact search per subproblem; past it, the best answer found is used and the
  /// subproblem is reported as not proven optimal.
  public var timeLimit: Duration
  /// When set, every integer programme solved is also written here in CPLEX LP format
  /// (`<first access point>.priority-<p>.lp`, `<first access point>.spread.lp`), so that any
  /// solver can check it.
  public var exportModelDirectory: String?

  /// Settings for a run; the defaults suit a command line or a service.
  ///
  /// - Parameters:
  ///   - threads: Subproblems solved at once; `nil` for one per core, and at least 1 whatever is
  ///     given.
  ///   - timeLimit: Longest exact search per subproblem (10 seconds by default).
  ///   - exportModelDirectory: A folder to write every integer programme to, or `nil` for none.
  public init(
    threads: Int? = nil, timeLimit: Duration = .seconds(10), exportModelDirectory: String? = nil
  ) {
    self.threads = max(1, threads ?? Processors.available)
    self.timeLimit = timeLimit
    self.exportModelDirectory = exportModelDirectory
  }

}
