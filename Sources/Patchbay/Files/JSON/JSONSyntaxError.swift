/// A JSON text that does not parse, with the place where it stops making sense.
package struct JSONSyntaxError: Error, Sendable, Equatable {
  package var message: String
  package var byteOffset: Int
  package var line: Int
  package var column: Int
  /// The JSON path (`devices[2].status`) when the text is well formed but breaks a rule of the
  /// format, such as a member given twice; `nil` for a syntax error, placed by line and column.
  package var path: String? = nil
}
