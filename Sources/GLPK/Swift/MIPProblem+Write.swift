internal import CGLPK

extension MIPProblem {
  /// Writes the problem in CPLEX LP format, to read it or to run `glpsol --lp` on it.
  public func write(lpTo path: String) throws {
    try write(path, operation: "write(lpTo:)") { cglpk_write_lp($0, $1, $2, $3) }
  }

  /// Writes the problem in free MPS format, which other solvers read.
  public func write(mpsTo path: String) throws {
    try write(path, operation: "write(mpsTo:)") { cglpk_write_mps($0, $1, $2, $3) }
  }

  private func write(
    _ path: String, operation: String,
    _ writer: (OpaquePointer, UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int) -> Int32
  ) throws(GLPKError) {
    guard !path.isEmpty, !path.utf8.contains(0) else {
      throw .invalidArgument(operation, "the path must be non-empty and contain no NUL byte")
    }
    let pointer = try livePointer(operation)
    do throws(GLPKError) {
      try Shim.call(operation, failure: .fileWriteFailed) { error, capacity in
        path.withCString { writer(pointer, $0, error, capacity) }
      }
    } catch {
      guard error.kind == .fileWriteFailed else { throw error }
      // Keep GLPK's reason ("Unable to create ..."), not its progress line before it.
      let reason = error.message.split(separator: "\n")
        .filter { !$0.hasPrefix("Writing problem data") }
        .joined(separator: "\n")
      throw GLPKError(
        .fileWriteFailed, operation: operation, message: reason.isEmpty ? error.message : reason)
    }
  }
}
