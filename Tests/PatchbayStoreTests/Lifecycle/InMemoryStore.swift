import Foundation
import Patchbay
import Synchronization

/// A ``ProvisioningStore`` in memory, for testing the lifecycle without a database. It also
/// shows that the protocol asks nothing SQLite-specific of a backend: a write works on a copy,
/// one writer at a time, and replaces the state only if its body returns.
final class InMemoryStore: ProvisioningStore {
  private struct State: Sendable {
    var inventory: Inventory?
    var interfaces: [InterfaceID: Interface] = [:]
    var applicationOrder: [InterfaceID] = []
    var history: [InterfaceID: [HistoryEntry]] = [:]
    /// "device port" -> holder id.
    var holdings: [String: String] = [:]
  }

  private let state = Mutex(State())
  /// Serialises writers: a body awaits, so a `Mutex` cannot be held across it.
  private let writers = WriterQueue()

  init(inventory: Inventory? = nil) async throws {
    if let inventory { try await importInventory(inventory) }
  }

  func read<T: Sendable>(_ body: (any ProvisioningReader) async throws -> T) async throws -> T {
    let snapshot = state.withLock { $0 }
    return try await body(Transaction(state: snapshot))
  }

  func write<T: Sendable>(_ body: (any ProvisioningWriter) async throws -> T) async throws -> T {
    await writers.enter()
    do {
      let transaction = Transaction(state: state.withLock { $0 })
      let result = try await body(transaction)
      state.withLock { $0 = transaction.state }
      await writers.leave()
      return result
    } catch {
      await writers.leave()
      throw error
    }
  }

  /// One writer at a time, the others suspended (not blocked) in arrival order.
  private actor WriterQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
      guard busy else {
        busy = true
        return
      }
      await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
      if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
  }

  func importInventory(_ inventory: Inventory) async throws {
    try state.withLock { current in
      guard current.inventory == nil else { throw StoreError.alreadyInitialized("memory") }
      current.inventory = inventory
      for connection in inventory.connections where connection.status.holdsPort {
        if let device = connection.device, let port = connection.port {
          current.holdings["\(device) \(port)"] = connection.id.rawValue
        }
      }
    }
  }

  private final class Transaction: ProvisioningWriter {
    var state: State

    init(state: State) { self.state = state }

    private func inventory() throws -> Inventory {
      guard let inventory = state.inventory else { throw StoreError.notInitialized("memory") }
      return inventory
    }

    func interface(_ id: InterfaceID) throws -> Interface? {
      _ = try inventory()
      return state.interfaces[id]
    }

    func interfaces(in filter: InterfaceState?) throws -> [Interface] {
      _ = try inventory()
      return state.applicationOrder.compactMap { state.interfaces[$0] }
        .filter { filter == nil || $0.state == filter }
    }

    /// Positions are places in the application order, counted from 1, as a database's are.
    func interfaces(
      matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int
    ) throws -> InterfacePage {
      _ = try inventory()
      var found: [Interface] = []
      var index = min(token.map { Int($0.position) - 1 } ?? Int.max, state.applicationOrder.count)
      var last = 0
      while index > 0 {
        index -= 1
        guard let interface = state.interfaces[state.applicationOrder[index]],
          filter.matches(interface)
        else { continue }
        if found.count == limit {
          return InterfacePage(interfaces: found, next: InterfacePageToken(position: Int64(last)))
        }
        found.append(interface)
        last = index + 1
      }
      return InterfacePage(interfaces: found, next: nil)
    }

    func history(of id: InterfaceID) throws -> [HistoryEntry] { state.history[id] ?? [] }

    func historyLength(of id: InterfaceID) throws -> Int { state.history[id]?.count ?? 0 }

    func connection(_ id: ConnectionID) throws -> Connection? { try inventory().connection(id) }

    func slice(_ scope: InventoryScope) throws -> InventorySlice {
      let inventory = try inventory()
      func inScope(_ connection: Connection, holdsPort: Bool, pending: Bool) -> Bool {
        if scope.excluding.contains(connection.id) { return false }
        if scope.everything { return true }
        // Live and not pending (`ConnectionStatus.isLive`): those hold a port.
        return (holdsPort && scope.accessPoints.contains(connection.accessPoint))
          || (pending && scope.accounts.contains(connection.account))
          || (holdsPort && scope.accounts.contains(connection.account)
            && scope.quotaAccessPoints.contains(connection.accessPoint))
          || scope.connections.contains(connection.id)
      }
      let interfaces = try interfaces(in: nil).filter {
        !$0.state.isFinal
          && inScope(
            $0.connection, holdsPort: $0.state.holdsPort, pending: $0.state.apiStatus.isPending)
      }
      return InventorySlice(
        regions: inventory.regions, accessPoints: inventory.accessPoints,
        devices: inventory.devices.filter {
          scope.everything || scope.accessPoints.contains($0.accessPoint)
        },
        connections: inventory.connections.filter {
          inScope($0, holdsPort: $0.status.holdsPort, pending: $0.status.isPending)
        },
        interfaces: interfaces,
        highSpeedWhitelist: inventory.highSpeedWhitelist.filter {
          scope.everything || scope.accounts.contains($0)
        },
        policy: inventory.policy)
    }

    func insert(_ interface: Interface) throws {
      // As SQLiteStore does: ids are unique among interfaces and connections.
      if try state.interfaces[interface.id] != nil || inventory().connection(interface.id) != nil {
        throw LifecycleError.duplicateInterface(interface.id)
      }
      state.interfaces[interface.id] = interface
      state.applicationOrder.append(interface.id)
      try hold(interface)
    }

    func update(_ interface: Interface) throws {
      guard state.interfaces[interface.id] != nil else {
        throw LifecycleError.unknownInterface(interface.id, isConnection: false)
      }
      state.interfaces[interface.id] = interface
      try hold(interface)
    }

    func append(_ entry: HistoryEntry) throws {
      state.history[entry.interface, default: []].append(entry)
    }

    /// Releases every mover's port, then takes the new ones; a refusal leaves the state as it
    /// was, as a database's savepoint does.
    func move(interfaces: [Interface], connections: [Connection]) throws {
      let saved = state
      do {
        var inventory = try inventory()
        let movers = Set(interfaces.map(\.id.rawValue) + connections.map(\.id.rawValue))
        state.holdings = state.holdings.filter { !movers.contains($0.value) }
        for interface in interfaces { try update(interface) }
        var replaced = inventory.connections
        for connection in connections {
          guard let index = replaced.firstIndex(where: { $0.id == connection.id }) else {
            throw LifecycleError.unknownInterface(connection.id, isConnection: false)
          }
          replaced[index] = connection
          guard connection.status.holdsPort, let device = connection.device,
            let port = connection.port
          else { continue }
          let key = "\(device) \(port)"
          if let holder = state.holdings[key] {
            throw StoreError.portTaken(device: device, port: port, holder: holder)
          }
          state.holdings[key] = connection.id.rawValue
        }
        inventory = try Inventory(
          regions: inventory.regions, accessPoints: inventory.accessPoints,
          devices: inventory.devices, connections: replaced,
          highSpeedWhitelist: inventory.highSpeedWhitelist, policy: inventory.policy)
        state.inventory = inventory
      } catch {
        state = saved
        throw error
      }
    }

    /// Keeps the holdings in step with the interface, refusing a port held by another.
    private func hold(_ interface: Interface) throws {
      state.holdings = state.holdings.filter { $0.value != interface.id.rawValue }
      guard interface.state.holdsPort, let device = interface.device, let port = interface.port
      else { return }
      let key = "\(device) \(port)"
      if let holder = state.holdings[key] {
        throw StoreError.portTaken(device: device, port: port, holder: holder)
      }
      state.holdings[key] = interface.id.rawValue
    }
  }
}
