import Logging
import Patchbay
internal import PostgresNIO
import Synchronization

/// A connection whose queries fail when it closes, instead of waiting forever.
///
/// When the server ends a connection (a restart, an administrator's `pg_terminate_backend`), a
/// query postgres-nio writes to it at that moment can be lost with nobody to answer it: the
/// query's `await` never returns (seen here in one command of four during a `pg_ctl restart`).
/// Each query therefore runs in a task of its own while its caller waits for whichever comes
/// first, the answer or the connection's close.
final class WatchedConnection: Sendable {
  let connection: PostgresConnection
  private let pending = Mutex<FirstOutcome<PostgresRowSequence>?>(nil)
  private let lost = Mutex(false)

  init(_ connection: PostgresConnection) {
    self.connection = connection
    connection.closeFuture.whenComplete { [weak self] _ in self?.close() }
  }

  /// Whether the connection is gone (closed by either side).
  var isClosed: Bool { lost.withLock { $0 } || connection.isClosed }

  /// Runs `query`; throws ``ConnectionLost`` if the connection closes first.
  func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
    let outcome = FirstOutcome<PostgresRowSequence>()
    let gone = lost.withLock { lost in
      if !lost { pending.withLock { $0 = outcome } }
      return lost
    }
    if gone { throw ConnectionLost() }
    defer { pending.withLock { if $0 === outcome { $0 = nil } } }
    let connection = connection
    return try await withCheckedThrowingContinuation { continuation in
      outcome.wait(continuation)
      Task {
        do {
          outcome.resume(with: .success(try await connection.query(query, logger: logger)))
        } catch {
          outcome.resume(with: .failure(error))
        }
      }
    }
  }

  private func close() {
    let waiting = lost.withLock { lost in
      lost = true
      return pending.withLock { pending in
        defer { pending = nil }
        return pending
      }
    }
    waiting?.resume(with: .failure(ConnectionLost()))
  }
}

/// The server closed the connection while a query was on its way.
struct ConnectionLost: Error {}
