/// A failure of the GLPK binding: the operation that failed and why, in GLPK's words when GLPK
/// itself complained.
public struct GLPKError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure this is; an opaque code so new kinds do not break callers' switches.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
      case invalidArgument
      case glpkFatalError
      case invalidatedProblem
      case wrongThread
      case solverFailure
      case fileWriteFailed
    }

    let code: Code

    /// An index, bound, coefficient, name or option was rejected in Swift, before GLPK saw it
    /// (GLPK would have aborted the process).
    public static let invalidArgument = Kind(code: .invalidArgument)
    /// GLPK hit a fatal error and would have aborted; the shim recovered, and GLPK freed every
    /// problem object of this thread.
    public static let glpkFatalError = Kind(code: .glpkFatalError)
    /// The problem object was freed by an earlier GLPK fatal error on this thread; it cannot be
    /// used any more (build it again).
    public static let invalidatedProblem = Kind(code: .invalidatedProblem)
    /// The problem was used on another thread than the one that created it; GLPK keeps its
    /// memory per thread, so this would corrupt it.
    public static let wrongThread = Kind(code: .wrongThread)
    /// The solver gave up (numerical trouble) without any usable solution.
    public static let solverFailure = Kind(code: .solverFailure)
    /// GLPK could not write a file.
    public static let fileWriteFailed = Kind(code: .fileWriteFailed)

    public var description: String {
      switch code {
      case .invalidArgument: "invalid argument"
      case .glpkFatalError: "GLPK error"
      case .invalidatedProblem: "problem invalidated"
      case .wrongThread: "wrong thread"
      case .solverFailure: "solver failure"
      case .fileWriteFailed: "file write failed"
      }
    }
  }

  /// What kind of failure this is.
  public let kind: Kind
  /// The operation that failed, for example `addRow` or `glp_intopt`.
  public let operation: String
  /// What went wrong; for `glpkFatalError` and `fileWriteFailed`, GLPK's own message.
  public let message: String

  public init(_ kind: Kind, operation: String, message: String) {
    self.kind = kind
    self.operation = operation
    self.message = message
  }

  public var description: String {
    "GLPK \(operation) failed (\(kind)): \(message)"
  }
}

extension GLPKError {
  static func invalidArgument(_ operation: String, _ message: String) -> GLPKError {
    GLPKError(.invalidArgument, operation: operation, message: message)
  }
}
