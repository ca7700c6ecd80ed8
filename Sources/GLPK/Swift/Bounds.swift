/// Bounds of a row or column. Values must be finite: an infinite side is expressed by choosing
/// `free`, `lower` or `upper`, as GLPK does.
public enum Bounds: Sendable, Hashable {
  /// No bound: -inf < x < +inf.
  case free
  /// x >= lower.
  case lower(Double)
  /// x <= upper.
  case upper(Double)
  /// lower <= x <= upper (lower <= upper; equal values mean fixed).
  case double(lower: Double, upper: Double)
  /// x == value.
  case fixed(Double)

  /// The smallest allowed value, or nil if unbounded below.
  var lowerValue: Double? {
    switch self {
    case .free, .upper: nil
    case .lower(let value), .fixed(let value): value
    case .double(let lower, _): lower
    }
  }

  /// The largest allowed value, or nil if unbounded above.
  var upperValue: Double? {
    switch self {
    case .free, .lower: nil
    case .upper(let value), .fixed(let value): value
    case .double(_, let upper): upper
    }
  }

  /// Checks the values; `subject` names the row or column in the message.
  func validated(operation: String, subject: String) throws(GLPKError) -> Bounds {
    for value in [lowerValue, upperValue].compactMap({ $0 }) where !value.isFinite {
      throw .invalidArgument(
        operation,
        "\(subject) has bound \(value); bounds must be finite (use .free, .lower or .upper "
          + "for an open side)")
    }
    if case .double(let lower, let upper) = self {
      if lower > upper {
        throw .invalidArgument(
          operation, "\(subject) has lower bound \(lower) above upper bound \(upper)")
      }
      // glp_intopt refuses a double bound with lower == upper; it is a fixed value.
      if lower == upper { return .fixed(lower) }
    }
    return self
  }

  /// Whether `value` lies within the bounds, allowing a small tolerance relative to the bound.
  func contains(_ value: Double, tolerance: Double) -> Bool {
    if let lower = lowerValue, value < lower - tolerance * max(1, abs(lower)) { return false }
    if let upper = upperValue, value > upper + tolerance * max(1, abs(upper)) { return false }
    return true
  }
}
