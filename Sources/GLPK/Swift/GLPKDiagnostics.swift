internal import CGLPK

/// Hooks for the package's tests: they prove that GLPK's fatal errors are survived.
package enum GLPKDiagnostics {
  /// Makes GLPK hit a real fatal error on this thread (a column that does not exist) inside the
  /// shim's guard. Always throws `glpkFatalError` with GLPK's message; GLPK frees every problem
  /// of the calling thread, exactly as after any other GLPK error.
  package static func triggerFatalError() throws {
    try Shim.call("glp_set_col_bnds") { cglpk_test_trigger_error($0, $1) }
  }

  /// How many GLPK errors this thread has recovered from.
  package static var environmentGeneration: UInt64 {
    cglpk_env_generation()
  }
}
