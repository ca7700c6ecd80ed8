/// What values a column (variable) may take.
public enum ColumnKind: Sendable, Hashable {
  /// Any real value within its bounds.
  case continuous
  /// Integer values within its bounds (the bounds must be integral).
  case integer
  /// 0 or 1.
  case binary

  /// Whether GLPK treats the column as integer (binary is integer with bounds 0...1).
  var isInteger: Bool { self != .continuous }
}
