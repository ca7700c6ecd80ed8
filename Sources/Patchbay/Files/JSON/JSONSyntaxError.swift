/// A JSON text that does not parse, with the place where it stops making sense.
package struct JSONSyntaxError: Error, Sendable, Equatable {
  package var message: String
  package var byteOffset: Int
  package var line: Int
  package var column: Int
}
