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
  /// A page of the interfaces that match `filter`, the most recently applied for first (the
  /// reverse of ``interfaces(in:)``): at most `limit` of them, after the interface that `token`
  /// ends on (from the newest when `token` is `nil`). ``InterfacePage/next`` is set only when
  /// more match. A store answers with one indexed query that seeks to the token's place (never
  /// counts its way there), so a page costs the same wherever it is.
  func interfaces(matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int)
    async throws -> InterfacePage
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
  /// `update(all:)` of interfaces that differ from the stored ones only in their state,
  /// device, port and `updatedAt`, as a batch approval changes them: a store may write just
  /// those columns and the port holdings (the LOA, stored as text, is not written again). The
  /// outcome, refusals included, is exactly that of `update(all:)`.
  func updatePlacements(_ interfaces: [Interface]) async throws
  /// ``append(_:)`` of each entry in order, in one call.
  func append(all entries: [HistoryEntry]) async throws
  /// Moves interfaces and imported connections to the ports they now name, in one call
  /// (``Provisioner/applyMoves(_:)``): each interface is stored as given, as ``update(_:)``
  /// stores it, and each connection's device, port and status replace the stored ones (its
  /// other fields are the inventory's and never change).
  ///
  /// Every port they leave is released before any is taken, so a chain within the call (one
  /// leaves a port that another takes) or a swap is accepted. A port that a holder outside the
  /// call has throws ``StoreError/Kind/portTaken``, and an id the store does not have (as an
  /// interface, or as a connection) ``LifecycleError/unknownInterface(_:isConnection:)``; either
  /// leaves everything of the call as it was.
  func move(interfaces: [Interface], connections: [Connection]) async throws
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

  /// `update(all:)`; a store overrides it to write only the columns a placement changes.
  public func updatePlacements(_ interfaces: [Interface]) async throws {
    try await update(all: interfaces)
  }

  /// One ``append(_:)`` per entry; a store overrides it to write them in one go.
  public func append(all entries: [HistoryEntry]) async throws {
    for entry in entries { try await append(entry) }
  }
}

/// A writer that can read what ``Provisioner/approveAll(only:progress:)`` starts with, every
/// interface in application and the inventory it is placed in, in one call, so that it may read
/// the two at once (the SQLite store reads the inventory on a second connection while the writer's
/// reads the interfaces: both see the state the write transaction began with). Only for the start
/// of a transaction, before it writes anything.
package protocol BatchApprovalReader {
  /// Every interface in ``InterfaceState/inApplication``, in application order, and the
  /// inventory of ``InventoryScope/placing(_:)``'s scope for them; what
  /// ``ProvisioningReader/interfaces(in:)`` and then ``ProvisioningReader/slice(_:)`` and
  /// ``InventorySlice/inventory()`` give, or throw.
  func interfacesToApprove() async throws -> (interfaces: [Interface], inventory: Inventory)
}
