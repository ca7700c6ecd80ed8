import Foundation
import Patchbay
import PatchbayStore

/// The stores the lifecycle tests run on: the same commands must give the same answers on the
/// in-memory store and on SQLite.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
  case memory
  case sqlite

  var description: String { rawValue }

  /// A new store holding `inventory`.
  func store(_ inventory: Inventory) async throws -> any ProvisioningStore {
    switch self {
    case .memory: return try await InMemoryStore(inventory: inventory)
    case .sqlite:
      let store = try await TemporarySQLiteStore()
      try await store.importInventory(inventory)
      return store
    }
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
