import Foundation

/// Where the provisioning state lives: the inventory, the interfaces and their history.
///
/// The lifecycle (``Provisioner``) knows only this protocol. SQLite (`PatchbayStore`) is the
/// embedded default; a backend for several service instances (PostgreSQL) implements the same
/// three requirements. A store must give each ``write(_:)`` body the isolation of a serial
/// transaction and commit all of its changes or none, so that no port is ever given twice.
public protocol ProvisioningStore: Sendable {
  /// Runs `body` on a consistent snapshot.
  func read<T>(_ body: (any ProvisioningReader) throws -> T) throws -> T
  /// Runs `body` in one transaction, serialised with every other writer (other processes
  /// included); commits if it returns and rolls back if it throws. Waits a bounded time for
  /// other writers, then throws ``StoreError/busy(waitedSeconds:)``.
  func write<T>(_ body: (any ProvisioningWriter) throws -> T) throws -> T
  /// Loads a whole inventory into an empty store, in one transaction (`patchbay state init`).
  func importInventory(_ inventory: Inventory) throws
}

/// What a transaction can read.
public protocol ProvisioningReader {
  func interface(_ id: InterfaceID) throws -> Interface?
  /// Interfaces in a state (or all), in the order they were applied for.
  func interfaces(in state: InterfaceState?) throws -> [Interface]
  /// The interface's history, oldest first.
  func history(of id: InterfaceID) throws -> [HistoryEntry]
  /// How many entries the interface's history has: the next entry's sequence is one more.
  func historyLength(of id: InterfaceID) throws -> Int
  /// A connection imported with the inventory.
  func connection(_ id: ConnectionID) throws -> Connection?
  /// The part of the inventory that a command needs.
  func slice(_ scope: InventoryScope) throws -> InventorySlice
}

/// What a transaction can change. Stores keep the reserved ports unique: ``update(_:)`` of an
/// interface that holds a port another holder has throws ``StoreError/portTaken(device:port:holder:)``.
public protocol ProvisioningWriter: ProvisioningReader {
  func insert(_ interface: Interface) throws
  func update(_ interface: Interface) throws
  func append(_ entry: HistoryEntry) throws
}

/// Which part of the inventory a command reads: a single approval needs its access point's
/// devices, not the whole data centre.
public struct InventoryScope: Sendable, Hashable {
  /// Whole inventory (`state export`).
  public var everything: Bool
  /// Access points whose devices, and whose connections and interfaces that hold ports, are read.
  public var accessPoints: Set<AccessPointID>
  /// Accounts whose pending connections and interfaces are read (the pending limit).
  public var accounts: Set<AccountID>
  /// Connections or interfaces read wherever they are (named redundant connections).
  public var connections: Set<ConnectionID>
  /// Interfaces left out (the ones being validated or placed again).
  public var excluding: Set<InterfaceID>

  public init(
    accessPoints: Set<AccessPointID> = [], accounts: Set<AccountID> = [],
    connections: Set<ConnectionID> = [], excluding: Set<InterfaceID> = []
  ) {
    self.everything = false
    self.accessPoints = accessPoints
    self.accounts = accounts
    self.connections = connections
    self.excluding = excluding
  }

  /// The whole inventory and every interface.
  public static var all: InventoryScope {
    var scope = InventoryScope()
    scope.everything = true
    return scope
  }
}

/// A store failure that is not the lifecycle's refusal.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Other writers held the database longer than the store waits.
  case busy(waitedSeconds: Double)
  /// The database has no inventory yet.
  case notInitialized(String)
  /// `state init` on a database that already has an inventory.
  case alreadyInitialized(String)
  /// The database was written by a newer Patchbay.
  case newerSchema(String, found: String)
  /// A port would be given twice; the transaction was rolled back.
  case portTaken(device: DeviceID, port: String, holder: String)
  /// The database file cannot be opened, read or written.
  case unavailable(String, reason: String)

  public var code: String {
    switch self {
    case .busy: "database_busy"
    case .notInitialized: "database_not_initialized"
    case .alreadyInitialized: "database_initialized"
    case .newerSchema: "database_newer"
    case .portTaken: "port_taken"
    case .unavailable: "database_unavailable"
    }
  }

  public var description: String {
    switch self {
    case .busy(let seconds):
      "the database stayed busy with other commands for \(seconds) s; nothing was changed, "
        + "run the command again"
    case .notInitialized(let path):
      "\(path) holds no inventory; run `patchbay state init --db \(path) --inventory INV` first"
    case .alreadyInitialized(let path):
      "\(path) already holds an inventory; use a new database file"
    case .newerSchema(let path, let found):
      "\(path) was written by a newer Patchbay (schema \(found)); use that version"
    case .portTaken(let device, let port, let holder):
      "port \(port) of \(device) is already held by \(holder); nothing was changed"
    case .unavailable(let path, let reason): "cannot use the database \(path): \(reason)"
    }
  }
}
