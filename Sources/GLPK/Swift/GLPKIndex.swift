/// The one place where Swift's 0-based indices meet GLPK's 1-based ones.
///
/// GLPK numbers rows and columns from 1 and leaves element 0 of every array it reads or fills
/// unused. Everything public in this module is 0-based; only these helpers shift.
enum GLPKIndex {
  /// GLPK's limit on rows and on columns (M_MAX and N_MAX in its sources).
  static let maxCount = 100_000_000
  /// GLPK's limit on nonzero constraint coefficients (NNZ_MAX).
  static let maxNonzeros = 500_000_000

  /// The GLPK number of a checked 0-based index (below `maxCount`, so it fits in Int32).
  static func glpk(_ index: Int) -> Int32 {
    Int32(index + 1)
  }

  /// A GLPK array `a[1...n]` holding `values` (element 0 is unused).
  static func oneBased<T>(_ values: [T], unused: T) -> [T] {
    var array = [unused]
    array.reserveCapacity(values.count + 1)
    array.append(contentsOf: values)
    return array
  }

  /// GLPK's `ind[1...len]` for checked 0-based column indices.
  static func oneBasedIndices(_ columns: [Int]) -> [Int32] {
    oneBased(columns.map(glpk), unused: 0)
  }

  /// Fills a 0-based array of `count` values from a GLPK routine that writes `a[1...count]`.
  static func readOneBased(
    count: Int, _ fill: (UnsafeMutablePointer<Double>) -> Void
  ) -> [Double] {
    var array = [Double](repeating: 0, count: count + 1)
    array.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
    return Array(array.dropFirst())
  }
}
