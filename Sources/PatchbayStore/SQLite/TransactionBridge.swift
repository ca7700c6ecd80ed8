import Foundation
internal import GRDB
import Patchbay

/// Lets an `async` transaction body use a GRDB connection, which only synchronous code on GRDB's
/// own thread may touch.
///
/// The store starts the database access (a write inside `BEGIN IMMEDIATE`, or a read snapshot)
/// on GRDB's dispatch queue and calls ``serve(_:)`` there: it waits for jobs and runs each with
/// the connection. The body runs in the caller's task; each reader or writer call posts one job
/// and suspends until GRDB's thread has run it. When the body is done the store calls
/// ``finish(commit:)`` and ``serve(_:)`` returns, so the access commits or rolls back. Only GRDB's
/// thread ever waits on the condition; no Swift concurrency thread is blocked.
final class TransactionBridge: @unchecked Sendable {
  /// A reader or writer call: `run` on GRDB's thread, or `fail` when the access is over.
  struct Job: Sendable {
    var run: @Sendable (SQLiteTransaction) -> Void
    var fail: @Sendable (any Error) -> Void
  }

  private enum State {
    /// The body is running: jobs are taken.
    case open
    /// The body is done; `serve` returns `commit`.
    case finished(commit: Bool)
    /// The access is over (it failed, or it ended); jobs fail with the error.
    case closed(any Error)
  }

  private let condition = NSCondition()
  private var jobs: [Job] = []
  private var state = State.open
  private let errors: ErrorMapping

  init(errors: ErrorMapping) {
    self.errors = errors
  }

  // MARK: The body's side

  /// Runs `work` with the transaction on GRDB's thread and returns its result, its errors
  /// mapped to ``StoreError`` as every store error is.
  func perform<R: Sendable>(
    _ work: @escaping @Sendable (SQLiteTransaction) throws -> R
  ) async throws -> R {
    let errors = errors
    return try await withCheckedThrowingContinuation { continuation in
      let job = Job(
        run: { transaction in
          continuation.resume(with: Result { try errors.mapping { try work(transaction) } })
        },
        fail: { error in continuation.resume(throwing: error) })
      condition.lock()
      defer { condition.unlock() }
      switch state {
      case .open:
        jobs.append(job)
        condition.signal()
      case .finished:
        continuation.resume(
          throwing: StoreError.unavailable(
            errors.path, reason: "a transaction was used after its body returned"))
      case .closed(let error):
        continuation.resume(throwing: errors.map(error))
      }
    }
  }

  /// The body returned (`commit`) or threw: ``serve(_:)`` returns after the jobs posted so far.
  func finish(commit: Bool) {
    condition.lock()
    defer { condition.unlock() }
    if case .open = state { state = .finished(commit: commit) }
    condition.signal()
  }

  // MARK: GRDB's side

  /// Runs jobs until the body finishes; returns whether to commit. Called once, on GRDB's
  /// thread, inside the database access.
  func serve(_ transaction: SQLiteTransaction) -> Bool {
    while true {
      condition.lock()
      while jobs.isEmpty, case .open = state { condition.wait() }
      let next = jobs.isEmpty ? nil : jobs.removeFirst()
      let current = state
      condition.unlock()
      if let next {
        next.run(transaction)
        continue
      }
      switch current {
      case .finished(let commit): return commit
      case .open: continue
      case .closed: return false
      }
    }
  }

  /// The access is over: `error` if it failed (a busy database, a failed commit), or because it
  /// ended. Jobs still waiting, and any posted later, fail with it.
  func close(_ error: any Error) {
    condition.lock()
    let waiting = jobs
    jobs = []
    if case .closed = state {} else { state = .closed(error) }
    condition.unlock()
    for job in waiting { job.fail(errors.map(error)) }
  }
}
