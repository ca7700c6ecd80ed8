internal import CGLPK

extension Bounds {
  /// GLPK's bound type and values; unused sides are 0 as GLPK ignores them.
  var glpk: (type: Int32, lower: Double, upper: Double) {
    switch self {
    case .free: (GLP_FR, 0, 0)
    case .lower(let value): (GLP_LO, value, 0)
    case .upper(let value): (GLP_UP, 0, value)
    case .double(let lower, let upper): (GLP_DB, lower, upper)
    case .fixed(let value): (GLP_FX, value, value)
    }
  }
}
