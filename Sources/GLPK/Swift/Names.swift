/// Checks names before GLPK sees them: GLPK aborts on a name longer than 255 bytes or with
/// control characters.
enum Names {
  static let maxBytes = 255

  static func check(_ name: String?, operation: String, subject: String) throws(GLPKError) {
    guard let name else { return }
    if name.utf8.count > maxBytes {
      throw .invalidArgument(
        operation, "\(subject) has a name of \(name.utf8.count) bytes; GLPK allows \(maxBytes)")
    }
    if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw .invalidArgument(operation, "\(subject) has a name with control characters")
    }
  }
}
