import GLPK
import Testing

/// Every bad input is refused in Swift, before GLPK (which would abort the process) sees it, and
/// leaves the problem usable.
@Suite struct MIPProblemValidationTests {
  enum BadInput: String, CaseIterable, CustomTestStringConvertible {
    case rowColumnOutOfRange
    case rowNegativeColumn
    case rowDuplicateColumn
    case rowNaNCoefficient
    case rowInfiniteCoefficient
    case rowNaNBound
    case rowInfiniteBound
    case rowCrossedBounds
    case columnNaNObjective
    case columnInfiniteBound
    case columnCrossedBounds
    case integerFractionalBound
    case binaryBoundsOutside01
    case nameTooLong
    case nameWithControlCharacter
    case initialSolutionTooShort
    case initialSolutionTooLong
    case initialSolutionNaN
    case initialSolutionFractional
    case initialSolutionOutsideBounds
    case initialSolutionViolatesRow
    case negativeTimeLimit
    case negativeGap
    case nanGap
    case emptyPath

    var testDescription: String { rawValue }

    /// Applies the bad input to the classic knapsack (4 binary columns, 1 row).
    func apply(to problem: inout MIPProblem) throws {
      switch self {
      case .rowColumnOutOfRange: try problem.addRow(.upper(1), coefficients: [(4, 1)])
      case .rowNegativeColumn: try problem.addRow(.upper(1), coefficients: [(-1, 1)])
      case .rowDuplicateColumn: try problem.addRow(.upper(1), coefficients: [(0, 1), (0, 2)])
      case .rowNaNCoefficient: try problem.addRow(.upper(1), coefficients: [(0, .nan)])
      case .rowInfiniteCoefficient: try problem.addRow(.upper(1), coefficients: [(0, .infinity)])
      case .rowNaNBound: try problem.addRow(.upper(.nan), coefficients: [(0, 1)])
      case .rowInfiniteBound: try problem.addRow(.lower(-.infinity), coefficients: [(0, 1)])
      case .rowCrossedBounds:
        try problem.addRow(.double(lower: 2, upper: 1), coefficients: [(0, 1)])
      case .columnNaNObjective: try problem.addColumn(objective: .nan)
      case .columnInfiniteBound: try problem.addColumn(bounds: .upper(.infinity))
      case .columnCrossedBounds: try problem.addColumn(bounds: .double(lower: 1, upper: 0))
      case .integerFractionalBound: try problem.addColumn(.integer, bounds: .upper(2.5))
      case .binaryBoundsOutside01: try problem.addColumn(.binary, bounds: .lower(0))
      case .nameTooLong: try problem.addColumn(name: String(repeating: "x", count: 256))
      case .nameWithControlCharacter: try problem.addRow(.free, coefficients: [], name: "a\nb")
      case .initialSolutionTooShort: _ = try problem.solve(MIPOptions(initialSolution: [0, 1]))
      case .initialSolutionTooLong:
        _ = try problem.solve(MIPOptions(initialSolution: [0, 1, 1, 1, 0]))
      case .initialSolutionNaN: _ = try problem.solve(MIPOptions(initialSolution: [0, .nan, 1, 1]))
      case .initialSolutionFractional:
        _ = try problem.solve(MIPOptions(initialSolution: [0, 0.5, 1, 1]))
      case .initialSolutionOutsideBounds:
        _ = try problem.solve(MIPOptions(initialSolution: [0, 2, 0, 0]))
      case .initialSolutionViolatesRow:
        _ = try problem.solve(MIPOptions(initialSolution: [1, 1, 1, 0]))  // weight 16 > 14
      case .negativeTimeLimit: _ = try problem.solve(MIPOptions(timeLimit: .seconds(-1)))
      case .negativeGap: _ = try problem.solve(MIPOptions(relativeGap: -0.1))
      case .nanGap: _ = try problem.solve(MIPOptions(relativeGap: .nan))
      case .emptyPath: try problem.write(lpTo: "")
      }
    }
  }

  @Test(arguments: BadInput.allCases)
  func badInputThrowsAndLeavesTheProblemUsable(_ input: BadInput) throws {
    var problem = try Knapsack.classic.problem()
    let generation = GLPKDiagnostics.environmentGeneration
    let error = try #require(throws: GLPKError.self) { try input.apply(to: &problem) }
    #expect(error.kind == .invalidArgument)
    #expect(!error.message.isEmpty)
    // Refused in Swift: GLPK never hit an error, and nothing was added.
    #expect(GLPKDiagnostics.environmentGeneration == generation)
    #expect(problem.numberOfColumns == 4)
    #expect(problem.numberOfRows == 1)
    #expect(try problem.solve().objective == 21)
  }

  @Test func messagesNameTheOffendingItem() throws {
    var problem = try Knapsack.classic.problem()
    let outOfRange = try #require(throws: GLPKError.self) {
      try problem.addRow(.upper(1), coefficients: [(7, 1)], name: "cage")
    }
    #expect(outOfRange.operation == "addRow")
    #expect(outOfRange.message.contains("column 7"))
    #expect(outOfRange.message.contains("cage"))
    let length = try #require(throws: GLPKError.self) {
      try problem.solve(MIPOptions(initialSolution: [1]))
    }
    #expect(length.message.contains("1 values"))
    #expect(length.message.contains("4 columns"))
  }

  @Test func zeroCoefficientsAndEqualDoubleBoundsAreAccepted() throws {
    var problem = try MIPProblem()
    let x = try problem.addColumn(.integer, bounds: .double(lower: 3, upper: 3), objective: 1)
    let y = try problem.addColumn(bounds: .free, objective: 1)
    try problem.addRow(.double(lower: 1, upper: 1), coefficients: [(x, 0), (y, 1)])
    let result = try problem.solve()
    #expect(result.status == .optimal)
    #expect(result.values == [3, 1])
  }
}
