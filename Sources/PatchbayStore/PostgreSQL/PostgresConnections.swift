import Foundation
import Logging
import Patchbay
internal import PostgresNIO

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
  private var idle: [PostgresConnection] = []
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
    configuration.options.connectTimeout = .seconds(Int64(max(1, min(errors.busyTimeout, 10))))
    self.configuration = configuration
    self.errors = errors
    self.logger = logger
    self.limit = limit
  }

  /// A connection for one transaction: an idle one, or a new one while fewer than ``limit`` are
  /// open; otherwise waits up to the store's wait for one to be given back.
  func take() async throws -> PostgresConnection {
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
      return try await PostgresConnection.connect(
        configuration: configuration, id: nextID, logger: logger)
    } catch {
      open -= 1
      signal()
      throw errors.map(error)
    }
  }

  /// Returns a connection after its transaction; a broken one is dropped.
  func give(back connection: PostgresConnection) {
    if connection.isClosed || closed {
      open -= 1
      if !connection.isClosed { Task { try? await connection.close() } }
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
    let timer = Task { [weak self] in
      try? await Task.sleep(for: .seconds(wait))
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
    for connection in connections { try? await connection.close() }
  }
}
