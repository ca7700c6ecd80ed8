internal import GRDB

extension Row {
  /// The column's value, or an error (not GRDB's fatal error) when it is missing or of another
  /// type.
  @inline(__always)
  func value<T: DatabaseValueConvertible & StatementColumnConvertible>(
    _ index: Int, as type: T.Type = T.self
  ) throws -> T {
    try decode(T.self, atIndex: index)
  }

  @inline(__always)
  func string(_ index: Int) throws -> String { try decode(String.self, atIndex: index) }

  @inline(__always)
  func optionalString(_ index: Int) throws -> String? { try decode(String?.self, atIndex: index) }

  @inline(__always)
  func optional<T: DatabaseValueConvertible & StatementColumnConvertible>(
    _ index: Int, as type: T.Type = T.self
  ) throws -> T? {
    try decode(T?.self, atIndex: index)
  }
}
