internal import CGLPK

/// One GLPK problem object (`glp_prob`), owned: deleted when its owner goes away.
///
/// `~Copyable` so exactly one owner deletes the C object. Columns and rows are 0-based. Every
/// index, bound, coefficient and name is checked here before GLPK sees it, because GLPK aborts
/// the process on a bad argument; what GLPK itself rejects is recovered by the C shim and thrown
/// as `GLPKError`.
///
/// GLPK keeps its memory per thread: build, solve and drop a problem on one thread, with no
/// `await` in between. Using it on another thread throws `wrongThread`. After a GLPK fatal error
/// on this thread, GLPK has freed every problem of the thread; this one then throws
/// `invalidatedProblem` instead of touching freed memory.
public struct MIPProblem: ~Copyable {
  /// A column as added, kept to check initial solutions (GLPK takes them on trust).
  struct Column {
    let kind: ColumnKind
    let bounds: Bounds
  }

  /// A row as added (zero coefficients dropped), kept for the same reason.
  struct Row {
    let bounds: Bounds
    let columns: [Int]
    let values: [Double]
  }

  let pointer: OpaquePointer
  let stamp: EnvironmentStamp
  private(set) var columns: [Column] = []
  private(set) var rows: [Row] = []
  private var nonzeroCount = 0
  /// Whether the objective is minimized (the default) or maximized.
  public private(set) var direction: OptimizationDirection = .minimize

  /// Creates an empty minimization problem; `name` appears in written LP and MPS files.
  public init(name: String? = nil) throws {
    let operation = "MIPProblem.init"
    try Names.check(name, operation: operation, subject: "the problem")
    var created: OpaquePointer?
    try Shim.call(operation) { error, capacity in
      Shim.withOptionalCString(name) { cglpk_create_prob($0, &created, error, capacity) }
    }
    pointer = created!
    stamp = .current
  }

  deinit {
    // After a recovered error GLPK already freed it; on another thread, deleting would corrupt
    // both threads' memory lists. Leaking is the safe choice there.
    guard stamp == .current else { return }
    let pointer = pointer
    try? Shim.call("glp_delete_prob") { cglpk_delete_prob(pointer, $0, $1) }
  }

  /// Number of columns (variables).
  public var numberOfColumns: Int { columns.count }

  /// Number of rows (constraints).
  public var numberOfRows: Int { rows.count }

  /// The pointer, after making sure it is alive and on this thread.
  func livePointer(_ operation: String) throws(GLPKError) -> OpaquePointer {
    try stamp.check(operation)
    return pointer
  }

  /// Maximizes the objective.
  public mutating func maximize() throws {
    try setDirection(.maximize)
  }

  /// Minimizes the objective.
  public mutating func minimize() throws {
    try setDirection(.minimize)
  }

  /// Sets whether the objective is minimized or maximized.
  public mutating func setDirection(_ direction: OptimizationDirection) throws {
    let pointer = try livePointer("setDirection")
    let glpkDirection = direction == .maximize ? GLP_MAX : GLP_MIN
    try Shim.call("setDirection") { cglpk_set_direction(pointer, glpkDirection, $0, $1) }
    self.direction = direction
  }

  /// Appends a column and returns its 0-based index.
  ///
  /// - Parameters:
  ///   - kind: continuous, integer or binary.
  ///   - bounds: nil means `x >= 0`, or `0...1` for binary. Integer and binary columns need
  ///     integral bounds; binary ones within 0...1.
  ///   - objective: the column's objective coefficient.
  ///   - name: optional, at most 255 bytes; used in written LP and MPS files.
  @discardableResult
  public mutating func addColumn(
    _ kind: ColumnKind = .continuous, bounds: Bounds? = nil, objective: Double = 0,
    name: String? = nil
  ) throws -> Int {
    let operation = "addColumn"
    let index = columns.count
    let subject = name.map { "column \(index) (\($0))" } ?? "column \(index)"
    guard index < GLPKIndex.maxCount else {
      throw GLPKError.invalidArgument(
        operation, "GLPK allows at most \(GLPKIndex.maxCount) columns")
    }
    guard objective.isFinite else {
      throw GLPKError.invalidArgument(
        operation, "\(subject) has objective coefficient \(objective); it must be finite")
    }
    try Names.check(name, operation: operation, subject: subject)
    let defaultBounds = kind == .binary ? Bounds.double(lower: 0, upper: 1) : .lower(0)
    let checked = try (bounds ?? defaultBounds).validated(operation: operation, subject: subject)
    if kind.isInteger {
      for value in [checked.lowerValue, checked.upperValue].compactMap({ $0 })
      where value != value.rounded() {
        throw GLPKError.invalidArgument(
          operation, "\(subject) is \(kind) but has the fractional bound \(value)")
      }
    }
    if kind == .binary {
      guard let lower = checked.lowerValue, let upper = checked.upperValue, lower >= 0, upper <= 1
      else {
        throw GLPKError.invalidArgument(
          operation, "\(subject) is binary; its bounds must lie within 0...1")
      }
    }
    let pointer = try livePointer(operation)
    let glpkKind = kind.isInteger ? GLP_IV : GLP_CV
    let glpkBounds = checked.glpk
    try Shim.call(operation) { error, capacity in
      Shim.withOptionalCString(name) {
        cglpk_add_col(
          pointer, glpkKind, glpkBounds.type, glpkBounds.lower, glpkBounds.upper, objective, $0,
          error, capacity)
      }
    }
    columns.append(Column(kind: kind, bounds: checked))
    return index
  }

  /// Appends a row `bounds` on `sum(value * x[column])` and returns its 0-based index.
  ///
  /// - Parameters:
  ///   - bounds: the row's bounds.
  ///   - coefficients: sparse (0-based column index, value) pairs; each column at most once, values
  ///     finite. Zeros are dropped.
  ///   - name: optional, at most 255 bytes; used in written LP and MPS files.
  @discardableResult
  public mutating func addRow(
    _ bounds: Bounds, coefficients: [(column: Int, value: Double)], name: String? = nil
  ) throws -> Int {
    let operation = "addRow"
    let index = rows.count
    let subject = name.map { "row \(index) (\($0))" } ?? "row \(index)"
    guard index < GLPKIndex.maxCount else {
      throw GLPKError.invalidArgument(operation, "GLPK allows at most \(GLPKIndex.maxCount) rows")
    }
    try Names.check(name, operation: operation, subject: subject)
    let checked = try bounds.validated(operation: operation, subject: subject)
    var seen = Set<Int>(minimumCapacity: coefficients.count)
    var rowColumns: [Int] = []
    var rowValues: [Double] = []
    rowColumns.reserveCapacity(coefficients.count)
    rowValues.reserveCapacity(coefficients.count)
    for (column, value) in coefficients {
      guard columns.indices.contains(column) else {
        throw GLPKError.invalidArgument(
          operation,
          "\(subject) refers to column \(column), but the columns are 0..<\(columns.count)")
      }
      guard value.isFinite else {
        throw GLPKError.invalidArgument(
          operation, "\(subject) has coefficient \(value) for column \(column); it must be finite")
      }
      guard seen.insert(column).inserted else {
        throw GLPKError.invalidArgument(
          operation, "\(subject) lists column \(column) more than once")
      }
      if value != 0 {
        rowColumns.append(column)
        rowValues.append(value)
      }
    }
    guard nonzeroCount + rowColumns.count <= GLPKIndex.maxNonzeros else {
      throw GLPKError.invalidArgument(
        operation, "GLPK allows at most \(GLPKIndex.maxNonzeros) nonzero coefficients")
    }
    let pointer = try livePointer(operation)
    let glpkBounds = checked.glpk
    let indices = GLPKIndex.oneBasedIndices(rowColumns)
    let values = GLPKIndex.oneBased(rowValues, unused: 0)
    let length = Int32(rowColumns.count)
    try Shim.call(operation) { error, capacity in
      Shim.withOptionalCString(name) { cName in
        indices.withUnsafeBufferPointer { indices in
          values.withUnsafeBufferPointer { values in
            cglpk_add_row(
              pointer, glpkBounds.type, glpkBounds.lower, glpkBounds.upper, cName, length,
              indices.baseAddress, values.baseAddress, error, capacity)
          }
        }
      }
    }
    rows.append(Row(bounds: checked, columns: rowColumns, values: rowValues))
    nonzeroCount += rowColumns.count
    return index
  }
}

@available(*, unavailable, message: "GLPK keeps its memory per thread; keep a problem on one")
extension MIPProblem: Sendable {}
