internal import GRDB
import Patchbay

/// Turns what SQLite and GRDB throw into ``StoreError``, so that a caller of the store sees the
/// lifecycle's vocabulary and never a raw "database is locked".
///
/// Errors that are not database errors (the lifecycle's own refusals, thrown from a write body)
/// pass through unchanged: they are the answer the caller asked for.
struct ErrorMapping: Sendable {
  /// The database file, for messages.
  var path: String
  /// How long SQLite's busy handler waits for another connection before giving up.
  var busyTimeout: Double

  /// The error as the store's caller should see it.
  func map(_ error: any Error) -> any Error {
    switch error {
    case let error as StoreError: return error
    case let error as DatabaseError: return map(error)
    case let error as UnreadableValue:
      return StoreError.unavailable(path, reason: "unreadable data: \(error)")
    case let error as RowDecodingError:
      return StoreError.unavailable(path, reason: "unreadable data: \(error)")
    default: return error
    }
  }

  func map(_ error: DatabaseError) -> StoreError {
    if Self.isBusy(error) { return .busy(waitedSeconds: busyTimeout) }
    return .unavailable(path, reason: Self.reason(error))
  }

  /// `SQLITE_BUSY` (another connection holds the lock past the busy timeout) and `SQLITE_LOCKED`
  /// (a conflict inside a shared cache) both mean "try again later", with every extended code.
  static func isBusy(_ error: DatabaseError) -> Bool {
    error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
  }

  /// SQLite's own message, without GRDB's SQL and arguments (which may be long and help nobody
  /// running a command).
  static func reason(_ error: DatabaseError) -> String {
    if error.resultCode == .SQLITE_READONLY {
      return "this user may not write to the file or to its folder (permission denied; SQLite "
        + "code \(error.extendedResultCode.rawValue))"
    }
    let message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
    return "\(message) (SQLite code \(error.extendedResultCode.rawValue))"
  }

  /// Runs `body`, mapping what it throws.
  func mapping<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw map(error)
    }
  }

  /// Awaits `body`, mapping what it throws.
  func mapping<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch {
      throw map(error)
    }
  }
}
