import Foundation
import Logging
import Patchbay
internal import PostgresNIO
import Synchronization

/// The store's connections to one server: opened when a transaction needs one, kept while idle
/// for the next, at most ``limit`` at once.
///
/// Why not postgres-nio's `PostgresClient` pool: when the server is down or refuses the login, its
/// lease waits, retrying in the background, until a circuit breaker trips a minute later, and the
/// reason (connection refused, wrong password, no such database) is lost on the way. The store's
/// contract is an answer within the wait the caller chose, naming the cause:
/// ``/Patchbay/StoreError/Kind/unavailable`` at once when the server cannot be reached, and
/// ``/Patchbay/StoreError/Kind/busy`` only when this store's own connections are all at work
/// for longer than its wait. Each connection is `PostgresConnection.connect`, so every failure
/// comes back as the driver reports it.
actor PostgresConnections {
  private let configuration: PostgresConnection.Configuration
  private let errors: PostgresErrors
  private let logger: Logger
  /// The most connections open at once.
  let limit: Int
  /// How long opening a connection may take, the startup exchange included.
  private let connectTimeout: Duration
  private var idle: [WatchedConnection] = []
  private var open = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []
  private var nextID = 0
  private var closed = false

  init(url: PostgresURL, limit: Int, errors: PostgresErrors, logger: Logger) throws(StoreError) {
    var configuration: PostgresConnection.Configuration
    if let folder = url.socketFolder {
      configuration = PostgresConnection.Configuration(
        unixSocketPath: "\(folder)/.s.PGSQL.\(url.port)", username: url.user,
        password: url.password, database: url.database)
    } else {
      let tls: PostgresConnection.Configuration.TLS
      do {
        // libpq's `prefer` and `require` encrypt without checking the certificate; so does
        // Patchbay (verify-ca and verify-full are refused by the URL parser, not weakened).
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        tlsConfiguration.certificateVerification = .none
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require: tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
      } catch {
        throw StoreError.unavailable(url.description, reason: "cannot set up TLS: \(error)")
      }
      configuration = PostgresConnection.Configuration(
        host: url.host ?? "localhost", port: url.port, username: url.user,
        password: url.password, database: url.database, tls: tls)
    }
    let seconds = Int64(max(1, min(errors.busyTimeout, 10)))
    configuration.options.connectTimeout = .seconds(seconds)
    self.connectTimeout = .seconds(seconds)
    self.configuration = configuration
    self.errors = errors
    self.logger = logger
    self.limit = limit
  }

  /// A connection for one transaction: an idle one, or a new one while fewer than ``limit`` are
  /// open; otherwise waits up to the store's wait for one to be given back.
  func take() async throws -> WatchedConnection {
    if closed {
      throw StoreError.unavailable(errors.database, reason: "the store was closed")
    }
    while let connection = idle.popLast() {
      if !connection.isClosed { return connection }
      open -= 1
    }
    if open >= limit {
      try await waitForAConnection()
      return try await take()
    }
    open += 1
    nextID += 1
    do {
      return WatchedConnection(try await connect(id: nextID))
    } catch {
      open -= 1
      signal()
      throw errors.map(error)
    }
  }

  /// Opens a connection, within ``connectTimeout``: the driver bounds the TCP connect itself,
  /// but a server that goes away during the startup exchange (a restart) can leave the driver's
  /// handshake waiting for an answer that never comes, and cancelling it does not end the wait.
  /// So the attempt runs in a task of its own that is left behind (and its connection closed,
  /// should it ever arrive) when the time is up.
  private func connect(id: Int) async throws -> PostgresConnection {
    let configuration = configuration
    let logger = logger
    let timeout = connectTimeout
    let late = StoreError.unavailable(
      errors.database,
      reason: "the server did not finish the connection within \(timeout); is it starting, "
        + "restarting or overloaded? retry")
    let outcome = FirstOutcome<PostgresConnection>()
    return try await withCheckedThrowingContinuation { continuation in
      outcome.wait(continuation)
      let attempt = Task {
        do {
          let connection = try await PostgresConnection.connect(
            configuration: configuration, id: id, logger: logger)
          if !outcome.resume(with: .success(connection)) { try? await connection.close() }
        } catch {
          outcome.resume(with: .failure(error))
        }
      }
      let timer = Task {
        try? await Task.sleep(for: timeout)
        if outcome.resume(with: .failure(late)) { attempt.cancel() }
      }
      outcome.onResume { timer.cancel() }
    }
  }

  /// Returns a connection after its transaction; a broken one is dropped.
  func give(back connection: WatchedConnection) {
    if connection.isClosed || closed {
      open -= 1
      if !connection.connection.isClosed { Task { try? await connection.connection.close() } }
    } else {
      idle.append(connection)
    }
    signal()
  }

  private func signal() {
    if !waiting.isEmpty { waiting.removeFirst().resume() }
  }

  /// Waits until a connection is given back, up to the store's wait.
  private func waitForAConnection() async throws {
    let wait = errors.busyTimeout
    let started = ContinuousClock.now
    // Only a timer that ran out wakes a waiter: a cancelled one (its waiter got a connection)
    // must not, or it wakes the next waiter for nothing, which waits again with a new timer,
    // and so on: a chain that cost 15 ms of CPU per request with 64 clients on 8 connections.
    let timer = Task { [weak self] in
      do { try await Task.sleep(for: .seconds(wait)) } catch { return }
      await self?.signal()
    }
    defer { timer.cancel() }
    await withCheckedContinuation { waiting.append($0) }
    if ContinuousClock.now - started >= .seconds(wait), open >= limit, idle.isEmpty {
      throw StoreError.busy(waitedSeconds: wait)
    }
  }

  /// Closes the idle connections; those at work close when they are given back.
  func close() async {
    closed = true
    let connections = idle
    idle = []
    open -= connections.count
    for connection in connections { try? await connection.connection.close() }
  }
}

/// A continuation resumed by whichever of several racers finishes first; the others learn that
/// they lost.
final class FirstOutcome<Value: Sendable>: Sendable {
  private struct State {
    var continuation: CheckedContinuation<Value, any Error>?
    var result: Result<Value, any Error>?
    var onResume: (@Sendable () -> Void)?
  }
  private let state = Mutex(State())

  func wait(_ continuation: CheckedContinuation<Value, any Error>) {
    let early = state.withLock { state -> Result<Value, any Error>? in
      if let result = state.result { return result }
      state.continuation = continuation
      return nil
    }
    if let early { continuation.resume(with: early) }
  }

  /// Runs `action` once the outcome is known (at once if it is).
  func onResume(_ action: @escaping @Sendable () -> Void) {
    let known = state.withLock { state -> Bool in
      if state.result != nil { return true }
      state.onResume = action
      return false
    }
    if known { action() }
  }

  /// Resumes the waiter with `result` unless another racer did first; returns whether this one
  /// won.
  @discardableResult
  func resume(with result: Result<Value, any Error>) -> Bool {
    let (won, continuation, action) = state.withLock { state in
      guard state.result == nil else {
        return (false, CheckedContinuation<Value, any Error>?.none, (@Sendable () -> Void)?.none)
      }
      state.result = result
      defer {
        state.continuation = nil
        state.onResume = nil
      }
      return (true, state.continuation, state.onResume)
    }
    continuation?.resume(with: result)
    action?()
    return won
  }
}
