internal import CGLPK

/// Which GLPK environment a problem object lives in: the creating thread and that thread's
/// environment generation.
///
/// GLPK allocates a problem's memory in the environment of the thread that created it. A
/// recovered GLPK error calls `glp_free_env()`, which frees every problem of that thread, and bumps
/// the generation. A problem whose stamp no longer matches must not be touched.
struct EnvironmentStamp: Equatable {
  let thread: UInt64
  let generation: UInt64

  /// The calling thread's environment now.
  static var current: EnvironmentStamp {
    EnvironmentStamp(thread: cglpk_thread_id(), generation: cglpk_env_generation())
  }

  /// Throws instead of letting GLPK touch memory that is freed or belongs to another thread.
  func check(_ operation: String) throws(GLPKError) {
    let now = EnvironmentStamp.current
    if now.thread != thread {
      throw GLPKError(
        .wrongThread, operation: operation,
        message: "the problem was created on another thread; GLPK keeps its memory per thread, "
          + "so build, solve and drop a problem on one thread (no await in between)")
    }
    if now.generation != generation {
      throw GLPKError(
        .invalidatedProblem, operation: operation,
        message: "the problem was freed when an earlier GLPK error on this thread reset GLPK's "
          + "environment; build the problem again")
    }
  }
}
