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
  func store(_ inventory: Inventory) throws -> any ProvisioningStore {
    switch self {
    case .memory: return InMemoryStore(inventory: inventory)
    case .sqlite:
      let store = try TemporarySQLiteStore()
      try store.importInventory(inventory)
      return store
    }
  }
}

/// A ``SQLiteStore`` on a file in its own temporary folder, removed when the store goes away.
final class TemporarySQLiteStore: ProvisioningStore {
  let store: SQLiteStore

  init() throws { store = try SQLiteStore(path: try StoreFixtures.databasePath()) }

  deinit { StoreFixtures.removeDatabase(store.path) }

  func read<T>(_ body: (any ProvisioningReader) throws -> T) throws -> T {
    try store.read(body)
  }

  func write<T>(_ body: (any ProvisioningWriter) throws -> T) throws -> T {
    try store.write(body)
  }

  func importInventory(_ inventory: Inventory) throws { try store.importInventory(inventory) }
}
