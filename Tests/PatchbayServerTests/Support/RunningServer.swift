import Foundation
import Logging
import Patchbay
import PatchbayServer
import PatchbayStore
import PatchbayTestSupport

/// Where a test server keeps its state.
enum ServerBackend: String, CaseIterable, Sendable, CustomStringConvertible {
  case sqlite
  case postgres

  var description: String { rawValue }

  /// A new database holding `inventory`, as `patchbay state init` makes one: an SQLite file in
  /// a new folder, or a new database of the test cluster.
  func newDatabase(_ inventory: Inventory) async throws -> String {
    switch self {
    case .sqlite:
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("patchbay-server-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let path = folder.appendingPathComponent("provisioning.db").path
      let store = try await SQLiteStore.create(path: path)
      try await store.importInventory(inventory)
      return path
    case .postgres:
      let url = try await PostgresTestServer.freshDatabase(prefix: "server")
      let store = try await PostgresStore.create(url: PostgresURL(url), busyTimeout: 30)
      try await store.importInventory(inventory)
      await store.close()
      return url
    }
  }

  /// A store on a database that ``newDatabase(_:)`` made, for one server instance.
  func open(_ database: String, busyTimeout: Double = 30) async throws
    -> any ProvisioningStore & IdempotencyRecords
  {
    switch self {
    case .sqlite:
      return try await SQLiteStore(path: database, access: .readWrite, busyTimeout: busyTimeout)
    case .postgres:
      return try await PostgresStore(
        url: PostgresURL(database), access: .readWrite, busyTimeout: busyTimeout,
        connectionLimit: 8)
    }
  }
}

/// The tokens every test server knows: an operator, and customers of accounts 1001 and 1003.
struct TestTokens: Sendable {
  let path: String
  let operatorToken: String
  let customer1001: String
  let customer1003: String

  static func make() throws -> TestTokens {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-tokens-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("tokens.json").path
    return TestTokens(
      path: path,
      operatorToken: try TokenFile.create(path: path, role: .operator, account: nil, name: "noc"),
      customer1001: try TokenFile.create(
        path: path, role: .customer, account: AccountID("1001"), name: "console-1001"),
      customer1003: try TokenFile.create(
        path: path, role: .customer, account: AccountID("1003"), name: "console-1003"))
  }
}

/// A ``PatchbayServer`` running in this process on a free loopback port, until ``stop()``.
final class RunningServer: Sendable {
  let baseURL: String
  let store: any ProvisioningStore & IdempotencyRecords
  private let task: Task<Void, any Error>

  /// Starts a server on `database` and waits until it listens.
  static func start(
    _ backend: ServerBackend, database: String, tokens: TestTokens,
    settings: ServerSettings = ServerSettings(host: "127.0.0.1", port: 0)
  ) async throws -> RunningServer {
    let store = try await backend.open(database)
    var logger = Logger(label: "patchbay.test")
    logger.logLevel = .critical
    let server = PatchbayServer(
      store: store, tokens: try TokenFile(path: tokens.path), settings: settings, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task {
      try await server.run { _, port in continuation.yield(port) }
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    return RunningServer(baseURL: "http://127.0.0.1:\(port)", store: store, task: task)
  }

  private init(
    baseURL: String, store: any ProvisioningStore & IdempotencyRecords,
    task: Task<Void, any Error>
  ) {
    self.baseURL = baseURL
    self.store = store
    self.task = task
  }

  /// Stops the server and closes its store's connections.
  func stop() async {
    task.cancel()
    _ = await task.result
    if let store = store as? PostgresStore { await store.close() }
  }
}
