import Foundation
import Patchbay
import PatchbayStore
import PatchbayTestSupport

/// The stores the lifecycle tests run on: the same commands must give the same answers on the
/// in-memory store, on SQLite and on PostgreSQL (a database of its own on the tests' server).
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
  case memory
  case sqlite
  case postgres

  var description: String { rawValue }

  /// A new store holding `inventory`.
  func store(_ inventory: Inventory) async throws -> any ProvisioningStore {
    switch self {
    case .memory: return try await InMemoryStore(inventory: inventory)
    case .sqlite:
      let store = try await TemporarySQLiteStore()
      try await store.importInventory(inventory)
      return store
    case .postgres:
      let store = try await TemporaryPostgresStore()
      try await store.importInventory(inventory)
      return store
    }
  }
}

/// A ``PostgresStore`` on a new database of the tests' server; its connections close when the
/// store goes away (the database stays until the throwaway cluster is removed).
final class TemporaryPostgresStore: ProvisioningStore {
  let store: PostgresStore

  init(busyTimeout: Double = 10) async throws {
    let url = try await PostgresTestServer.freshDatabase(prefix: "lifecycle")
    store = try await PostgresStore.create(url: PostgresURL(url), busyTimeout: busyTimeout)
  }

  deinit {
    let store = store
    Task { await store.close() }
  }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    try await store.read(body)
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    try await store.write(body)
  }

  func importInventory(_ inventory: Inventory) async throws {
    try await store.importInventory(inventory)
  }
}

/// A ``SQLiteStore`` on a file in its own temporary folder, removed when the store goes away.
final class TemporarySQLiteStore: ProvisioningStore {
  let store: SQLiteStore

  init() async throws {
    store = try await SQLiteStore.create(path: StoreFixtures.databasePath())
  }

  deinit { StoreFixtures.removeDatabase(store.path) }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    try await store.read(body)
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    try await store.write(body)
  }

  func importInventory(_ inventory: Inventory) async throws {
    try await store.importInventory(inventory)
  }
}
