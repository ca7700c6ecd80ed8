internal import CGLPK

/// Calls the C shim, whose guarded functions survive GLPK's fatal errors, and turns their status
/// into `GLPKError`.
enum Shim {
  /// Room for GLPK's message; its error messages are one or two short lines.
  static let messageCapacity = 2048

  /// Runs `body` with an error buffer. `failure` is the kind reported when GLPK failed without a
  /// fatal error (status `CGLPK_FAILED`).
  static func call(
    _ operation: String, failure: GLPKError.Kind = .solverFailure,
    _ body: (UnsafeMutablePointer<CChar>, Int) -> Int32
  ) throws(GLPKError) {
    var status: Int32 = 0
    var message = ""
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: messageCapacity) { buffer in
      let base = buffer.baseAddress!
      base[0] = 0
      status = body(base, buffer.count)
      if status != Int32(CGLPK_OK) {
        message = String(cString: base)
      }
    }
    switch status {
    case Int32(CGLPK_OK):
      return
    case Int32(CGLPK_ENV_ERROR):
      throw GLPKError(
        .glpkFatalError, operation: operation,
        message: message.isEmpty ? "GLPK reported a fatal error without a message" : message)
    default:
      throw GLPKError(
        failure, operation: operation,
        message: message.isEmpty ? "GLPK reported a failure without a message" : message)
    }
  }

  /// Passes `string` as a C string, or NULL when it is nil.
  static func withOptionalCString<R>(
    _ string: String?, _ body: (UnsafePointer<CChar>?) -> R
  ) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
  }
}
