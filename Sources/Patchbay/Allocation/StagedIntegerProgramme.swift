import GLPK

/// A small integer programme solved objective by objective with GLPK (lexicographic, as the
/// allocator's ``ExactModel`` does priorities): each stage optimizes its terms with every earlier
/// stage's result kept as a bound. Models built outside this folder (the drain planner's) are
/// described with it, so that GLPK stays behind the solver folder (STYLE.md).
struct StagedIntegerProgramme {
  /// A column: `0 <= x <= upper`, integer or continuous.
  struct Column {
    var integer: Bool
    var upper: Double
  }

  /// A row: `lower <= sum(value * x[column]) <= upper`, a side `nil` when unbounded.
  struct Row {
    var terms: [(column: Int, value: Double)]
    var lower: Double?
    var upper: Double?
  }

  /// One objective: maximize or minimize a sum of terms.
  struct Stage {
    var terms: [(column: Int, value: Double)]
    var maximize: Bool
    /// The best value possible, if known: a start that reaches it needs no solve.
    var best: Double?
  }

  /// How the stages ended.
  struct Outcome {
    /// Column values of the last solution, rounded for the integer columns.
    var values: [Double]
    /// Every stage proven optimal.
    var optimal: Bool
  }

  var columns: [Column] = []
  var rows: [Row] = []

  /// Adds a column and returns its index.
  mutating func addColumn(integer: Bool, upper: Double) -> Int {
    columns.append(Column(integer: integer, upper: upper))
    return columns.count - 1
  }

  /// Adds a row; a row without terms is dropped (it constrains nothing).
  mutating func addRow(_ terms: [(column: Int, value: Double)], lower: Double?, upper: Double?) {
    guard !terms.isEmpty else { return }
    rows.append(Row(terms: terms, lower: lower, upper: upper))
  }

  /// Solves the stages in order from `start` (a feasible point), within `timeLimit` in all.
  /// Each stage's value, as reached, bounds the later stages. A stage that cannot improve on
  /// `start` is still solved, so that its optimality is proven rather than assumed.
  func solve(stages: [Stage], start: [Double], timeLimit: Duration) throws -> Outcome {
    let clock = ContinuousClock()
    let deadline = clock.now + timeLimit
    var values = start
    var optimal = true
    var bounds: [Row] = []
    for stage in stages {
      let remaining = deadline - clock.now
      let current = stage.terms.reduce(0.0) { $0 + values[$1.column] * $1.value }
      if let best = stage.best, (stage.maximize ? current >= best - 0.5 : current <= best + 0.5) {
        // Nothing to prove: the start already reaches the best possible.
      } else if remaining > .zero {
        var problem = try build(stage: stage, bounds: bounds)
        let result = try Self.solve(&problem, start: values, timeLimit: remaining)
        if let solution = result.values { values = solution }
        optimal = optimal && result.optimal
      } else {
        optimal = false
      }
      let reached = stage.terms.reduce(0.0) { $0 + values[$1.column] * $1.value }.rounded()
      bounds.append(
        Row(
          terms: stage.terms, lower: stage.maximize ? reached : nil,
          upper: stage.maximize ? nil : reached))
    }
    let rounded = values.enumerated().map {
      columns[$0.offset].integer ? $0.element.rounded() : $0.element
    }
    return Outcome(values: rounded, optimal: optimal)
  }

  private func build(stage: Stage, bounds: [Row]) throws -> MIPProblem {
    var problem = try MIPProblem(name: "patchbay-drain")
    if stage.maximize { try problem.maximize() } else { try problem.minimize() }
    var objective = [Double](repeating: 0, count: columns.count)
    for (column, value) in stage.terms { objective[column] += value }
    for (index, column) in columns.enumerated() {
      try problem.addColumn(
        column.integer ? .integer : .continuous,
        bounds: .double(lower: 0, upper: column.upper), objective: objective[index])
    }
    for row in rows + bounds where !row.terms.isEmpty {
      try problem.addRow(Self.bounds(row), coefficients: Self.merged(row.terms))
    }
    return problem
  }

  /// GLPK takes each column once per row: repeated columns are added up.
  private static func merged(_ terms: [(column: Int, value: Double)]) -> [(
    column: Int, value: Double
  )] {
    var sum: [Int: Double] = [:]
    var order: [Int] = []
    for (column, value) in terms {
      if sum[column] == nil { order.append(column) }
      sum[column, default: 0] += value
    }
    return order.map { ($0, sum[$0]!) }
  }

  private static func bounds(_ row: Row) -> Bounds {
    switch (row.lower, row.upper) {
    case (let lower?, let upper?):
      lower == upper ? .fixed(lower) : .double(lower: lower, upper: upper)
    case (let lower?, nil): .lower(lower)
    case (nil, let upper?): .upper(upper)
    case (nil, nil): .free
    }
  }

  /// One GLPK solve from a start; a start GLPK refuses is dropped rather than failing the run.
  private static func solve(_ problem: inout MIPProblem, start: [Double], timeLimit: Duration)
    throws -> (values: [Double]?, optimal: Bool)
  {
    var result: MIPResult
    do {
      result = try problem.solve(
        MIPOptions(timeLimit: timeLimit, initialSolution: start, gomoryCuts: true))
    } catch let error as GLPKError where error.kind == .invalidArgument {
      result = try problem.solve(MIPOptions(timeLimit: timeLimit, gomoryCuts: true))
    }
    switch result.status {
    case .optimal: return (result.values, true)
    case .feasible: return (result.values, false)
    default: return (nil, false)
    }
  }
}
