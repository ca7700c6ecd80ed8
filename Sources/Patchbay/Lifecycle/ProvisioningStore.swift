import Foundation

/// Where the provisioning state lives: the inventory, the interfaces and their history.
///
/// The lifecycle (``Provisioner``) knows only this protocol. SQLite (`PatchbayStore`) is the
/// embedded default; a backend for several service instances (PostgreSQL) implements the same
/// three requirements. A store must give each ``write(_:)`` body the isolation of a serial
/// transaction and commit all of its changes or none, so that no port is ever given twice.
///
/// Everything is `async`: a store waits for its database (for a lock, for the network), and a
/// caller on an event loop must not be blocked meanwhile. A transaction body is `async` too, and
/// so is every ``ProvisioningReader`` and ``ProvisioningWriter`` call in it: a networked store
/// awaits each query. A body must use its reader or writer only while it runs, and must not start
/// another transaction on the same store from inside it (a store may refuse that).
public protocol ProvisioningStore: Sendable {
  /// Runs `body` on a consistent snapshot. Reads never wait for writers: they see the state as
  /// of the last commit before the snapshot began.
  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T
  /// Runs `body` in one transaction, serialised with every other writer (other processes and
  /// hosts included); commits if it returns and rolls back if it throws. Waits a bounded time
  /// for other writers, then throws a ``StoreError`` of kind ``StoreError/Kind/busy``.
  ///
  /// A store may run `body` more than once (a PostgreSQL store retries a serialization
  /// failure), so a body changes nothing but through its writer.
  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T
  /// Loads a whole inventory into an empty store, in one transaction (`patchbay state init`).
  func importInventory(_ inventory: Inventory) async throws
}

/// What a transaction can read.
public protocol ProvisioningReader {
  /// The interface with this id, or `nil`.
  func interface(_ id: InterfaceID) async throws -> Interface?
  /// Interfaces in a state (or all), in the order they were applied for.
  func interfaces(in state: InterfaceState?) async throws -> [Interface]
  /// The interface's history, oldest first.
  func history(of id: InterfaceID) async throws -> [HistoryEntry]
  /// How many entries the interface's history has: the next entry's sequence is one more.
  func historyLength(of id: InterfaceID) async throws -> Int
  /// ``historyLength(of:)`` of many interfaces in one call (`approve --all` numbers the entries
  /// of a whole batch); an id without history is 0.
  func historyLengths(of ids: [InterfaceID]) async throws -> [InterfaceID: Int]
  /// A connection imported with the inventory.
  func connection(_ id: ConnectionID) async throws -> Connection?
  /// The part of the inventory that a command needs.
  func slice(_ scope: InventoryScope) async throws -> InventorySlice
}

/// What a transaction can change. Stores keep the reserved ports unique: ``update(_:)`` of an
/// interface that holds a port another holder has throws a ``StoreError`` of kind
/// ``StoreError/Kind/portTaken``; ``insert(_:)`` of a taken id throws
/// ``LifecycleError/duplicateInterface(_:)`` and ``update(_:)`` of an unknown one
/// ``LifecycleError/unknownInterface(_:isConnection:)``.
public protocol ProvisioningWriter: ProvisioningReader {
  /// Stores a new interface, after every interface applied for before it.
  func insert(_ interface: Interface) async throws
  /// Replaces the stored interface of the same id, and its port holding with it.
  func update(_ interface: Interface) async throws
  /// Adds an entry to the interface's history, which is never changed afterwards.
  func append(_ entry: HistoryEntry) async throws
  /// ``update(_:)`` of each interface in order, in one call (`approve --all` records a batch
  /// of a hundred thousand): a refusal leaves the earlier ones updated, as separate calls would.
  func update(all interfaces: [Interface]) async throws
  /// ``append(_:)`` of each entry in order, in one call.
  func append(all entries: [HistoryEntry]) async throws
}

extension ProvisioningReader {
  /// One ``historyLength(of:)`` per id; a store overrides it to answer in one query.
  public func historyLengths(of ids: [InterfaceID]) async throws -> [InterfaceID: Int] {
    var lengths: [InterfaceID: Int] = [:]
    for id in ids { lengths[id] = try await historyLength(of: id) }
    return lengths
  }
}

extension ProvisioningWriter {
  /// One ``update(_:)`` per interface; a store overrides it to write them in one go.
  public func update(all interfaces: [Interface]) async throws {
    for interface in interfaces { try await update(interface) }
  }

  /// One ``append(_:)`` per entry; a store overrides it to write them in one go.
  public func append(all entries: [HistoryEntry]) async throws {
    for entry in entries { try await append(entry) }
  }
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

/// A store failure that is not the lifecycle's refusal: the database is busy, missing, foreign,
/// of another version, or refuses a port given twice.
///
/// A struct with an opaque ``Kind`` rather than an enumeration, as ``GLPKError`` is: a later
/// Patchbay (or another backend) may add kinds without breaking a caller's `switch`. ``code`` is
/// the stable string scripts match on (FORMATS.md "Provisioning state").
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure this is; an opaque code, so new kinds do not break callers' switches.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
      case busy
      case notInitialized
      case alreadyInitialized
      case newerSchema
      case portTaken
      case unavailable
      case foreign
    }

    let code: Code

    /// Other writers held the database longer than the store waits
    /// (``StoreError/waitedSeconds``); nothing was changed, trying again may succeed.
    public static let busy = Kind(code: .busy)
    /// The database has no inventory yet.
    public static let notInitialized = Kind(code: .notInitialized)
    /// `state init` on a database that already has an inventory.
    public static let alreadyInitialized = Kind(code: .alreadyInitialized)
    /// The database was written by a newer Patchbay (``StoreError/detail`` names the schema
    /// versions found).
    public static let newerSchema = Kind(code: .newerSchema)
    /// A port would be given twice; the change was refused (``StoreError/device``,
    /// ``StoreError/port``, ``StoreError/holder``).
    public static let portTaken = Kind(code: .portTaken)
    /// The database cannot be opened, read or written (``StoreError/detail`` says why).
    public static let unavailable = Kind(code: .unavailable)
    /// The file is not a Patchbay database: another program's SQLite file, an empty one, or
    /// not SQLite at all. Nothing was written to it.
    public static let foreign = Kind(code: .foreign)

    public var description: String {
      switch code {
      case .busy: "busy"
      case .notInitialized: "not initialized"
      case .alreadyInitialized: "already initialized"
      case .newerSchema: "newer schema"
      case .portTaken: "port taken"
      case .unavailable: "unavailable"
      case .foreign: "not a Patchbay database"
      }
    }
  }

  /// What kind of failure this is.
  public let kind: Kind
  /// The code scripts match on: `database_busy`, `database_not_initialized`, ...
  public let code: String
  /// The sentence for people: what failed and what to do.
  public let description: String
  /// The database, as the caller named it (a file path, a URL without its password); `nil`
  /// for ``Kind/busy`` and ``Kind/portTaken``.
  public let database: String?
  /// For ``Kind/busy``: how long the store waited.
  public let waitedSeconds: Double?
  /// For ``Kind/unavailable``, ``Kind/foreign`` and ``Kind/newerSchema``: the cause, or the
  /// schema versions found.
  public let detail: String?
  /// For ``Kind/portTaken``: the device of the port.
  public let device: DeviceID?
  /// For ``Kind/portTaken``: the port's name on ``device``.
  public let port: String?
  /// For ``Kind/portTaken``: who holds the port ("connection ID", "interface ID").
  public let holder: String?

  private init(
    _ kind: Kind, code: String, description: String, database: String? = nil,
    waitedSeconds: Double? = nil, detail: String? = nil, device: DeviceID? = nil,
    port: String? = nil, holder: String? = nil
  ) {
    self.kind = kind
    self.code = code
    self.description = description
    self.database = database
    self.waitedSeconds = waitedSeconds
    self.detail = detail
    self.device = device
    self.port = port
    self.holder = holder
  }

  // MARK: Failures a store reports

  /// Other writers held the database for `seconds`, as long as the store waits.
  public static func busy(waitedSeconds seconds: Double) -> StoreError {
    StoreError(
      .busy, code: "database_busy",
      description: "the database stayed busy with other commands for \(seconds) s; nothing was "
        + "changed, run the command again",
      waitedSeconds: seconds)
  }

  /// The database at `path` has no inventory yet.
  public static func notInitialized(_ path: String) -> StoreError {
    StoreError(
      .notInitialized, code: "database_not_initialized",
      description:
        "\(path) holds no inventory; run `patchbay state init --db \(path) --inventory INV` first",
      database: path)
  }

  /// `state init` on the database at `path`, which has an inventory already.
  public static func alreadyInitialized(_ path: String) -> StoreError {
    StoreError(
      .alreadyInitialized, code: "database_initialized",
      description: "\(path) already holds an inventory; use a new database file", database: path)
  }

  /// The database records migrations this build does not know (`found`).
  public static func newerSchema(_ path: String, found: String) -> StoreError {
    StoreError(
      .newerSchema, code: "database_newer",
      description: "\(path) was written by a newer Patchbay (schema \(found)); use that version",
      database: path, detail: found)
  }

  /// The port is held by `holder` already; the change that wanted it was refused.
  public static func portTaken(device: DeviceID, port: String, holder: String) -> StoreError {
    StoreError(
      .portTaken, code: "port_taken",
      description: "port \(port) of \(device) is already held by \(holder); nothing was changed",
      device: device, port: port, holder: holder)
  }

  /// The database cannot be opened, read or written; `reason` says why, in words that name the
  /// real cause (no such file, permission denied, ...).
  public static func unavailable(_ path: String, reason: String) -> StoreError {
    StoreError(
      .unavailable, code: "database_unavailable",
      description: "cannot use the database \(path): \(reason)", database: path, detail: reason)
  }

  /// `reason` says what the file is instead ("no Patchbay schema", "an empty file", ...).
  public static func foreign(_ path: String, reason: String) -> StoreError {
    StoreError(
      .foreign, code: "database_foreign",
      description: "\(path) is not a Patchbay database (\(reason)); give the file made by "
        + "`patchbay state init`, or a new file to `state init`",
      database: path, detail: reason)
  }
}
