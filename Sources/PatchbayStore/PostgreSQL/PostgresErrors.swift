import Foundation
import Patchbay
internal import PostgresNIO

/// A conflict PostgreSQL resolves by aborting one transaction (SQLSTATE 40001, a serialization
/// failure; 40P01, a deadlock): the store runs the transaction again, a bounded number of times.
struct RetryableConflict: Error {
  let sqlState: String
}

/// Turns what postgres-nio throws into ``StoreError``, so that a caller sees the lifecycle's
/// vocabulary and never a raw driver error; the lifecycle's own refusals pass through.
struct PostgresErrors: Sendable {
  /// The database, as messages name it (no password).
  let database: String
  /// How long a command waits for locks.
  let busyTimeout: Double

  func map(_ error: any Error) -> any Error {
    switch error {
    case let error as StoreError: return error
    case let error as LifecycleError: return error
    case is RetryableConflict: return error
    case is ConnectionLost:
      return StoreError.unavailable(
        database, reason: "the server closed the connection; it may be restarting, retry")
    case let error as UnreadableValue:
      return StoreError.unavailable(database, reason: "unreadable data: \(error)")
    case let error as PostgresDecodingError:
      return StoreError.unavailable(
        database,
        reason: "unreadable data in column \(error.columnName) (\(error.code)); is the schema "
          + "Patchbay's?")
    case let error as PSQLError: return map(error)
    case is CancellationError: return error
    default:
      return StoreError.unavailable(database, reason: "\(error)")
    }
  }

  func map(_ error: PSQLError) -> any Error {
    if error.code == .server, let state = error.serverInfo?[.sqlState] {
      let message = error.serverInfo?[.message] ?? "no message"
      switch state {
      case "40001", "40P01": return RetryableConflict(sqlState: state)
      case "55P03": return StoreError.busy(waitedSeconds: busyTimeout)
      case "3D000":
        return StoreError.unavailable(
          database,
          reason: "\(message); create it first (CREATE DATABASE ... OWNER ROLE, see "
            + "docs/PROVISIONING.md), or fix the URL")
      case "28P01", "28000":
        return StoreError.unavailable(
          database, reason: "\(message); check the user and password (URL or PGPASSWORD)")
      case "42501":
        return StoreError.unavailable(
          database,
          reason: "\(message); the role lacks a privilege Patchbay needs (docs/PROVISIONING.md, "
            + "\"PostgreSQL\", lists the grants)")
      case "53300":
        return StoreError.unavailable(
          database,
          reason: "\(message); the server has no free connection slot: retry, raise "
            + "max_connections, or put a pooler in front")
      case let state where state.hasPrefix("57P") || state.hasPrefix("08"):
        return StoreError.unavailable(
          database, reason: "\(message) (the server is restarting or went away; retry)")
      default:
        return StoreError.unavailable(
          database, reason: "the server refused a query: \(message) (SQLSTATE \(state))")
      }
    }
    return StoreError.unavailable(database, reason: Self.connectionReason(error))
  }

  /// Why a connection failed, in words: the underlying system error when there is one ("Connection
  /// refused"), not the driver's type names.
  static func connectionReason(_ error: PSQLError) -> String {
    let cause = error.underlying.map { " (\(Self.cause($0)))" } ?? ""
    switch error.code {
    case .connectionError:
      return "cannot connect to the server\(cause); is it running and reachable?"
    case .serverClosedConnection, .uncleanShutdown:
      return "the server closed the connection\(cause); it may be restarting, retry"
    case .clientClosedConnection, .poolClosed:
      return "the connection was closed\(cause)"
    case .sslUnsupported:
      return "the server does not offer TLS, which sslmode=require asks for"
    case .authMechanismRequiresPassword:
      return "the server asks for a password; give it in the URL or in PGPASSWORD"
    case .unsupportedAuthMechanism:
      return "the server asks for an authentication method Patchbay's driver does not speak"
        + cause
    case .queryCancelled:
      return "the query was cancelled"
    default:
      return "\(error.code)\(cause)"
    }
  }

  /// The system's words for what broke a connection: "Connection refused (errno: 111)", not the
  /// driver's wrappers (a PSQLError describes itself generically, to keep secrets out of logs).
  static func cause(_ error: any Error) -> String {
    switch error {
    case let error as PSQLError:
      if let message = error.serverInfo?[.message] { return message }
      return error.underlying.map(cause) ?? "\(error.code)"
    case let error as NIOConnectionError:
      if let first = error.connectionErrors.first { return cause(first.error) }
      if let resolution = error.dnsAAAAError ?? error.dnsAError {
        return "cannot resolve \(error.host): \(resolution)"
      }
      return "cannot connect to \(error.host):\(error.port)"
    case let error as IOError:
      return String(cString: strerror(error.errnoCode)).lowercased()
    case ChannelError.connectTimeout(let amount):
      return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
    default:
      return String(describing: error)
    }
  }

  /// The error as the store's caller should see it, from `body`.
  func mapping<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch {
      throw map(error)
    }
  }
}
