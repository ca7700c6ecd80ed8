import Foundation

/// What ``Provisioner/applyMoves(_:)`` committed.
public struct AppliedMoves: Sendable, Hashable {
  /// The moves, in the order they were given.
  public var moves: [ConnectionMove]
  /// The moved interfaces as stored now, in the order of ``moves``.
  public var interfaces: [Interface]
  /// The moved connections imported with the inventory as stored now, in the order of ``moves``.
  public var connections: [Connection]
  /// The history entry appended for each moved interface, in the order of ``interfaces``.
  public var history: [HistoryEntry]

  /// Makes a result as given.
  public init(
    moves: [ConnectionMove], interfaces: [Interface], connections: [Connection],
    history: [HistoryEntry]
  ) {
    self.moves = moves
    self.interfaces = interfaces
    self.connections = connections
    self.history = history
  }
}

extension Provisioner {
  /// Commits a drain plan's moves (`patchbay drain --apply`) in one transaction: every move or
  /// none.
  ///
  /// The moves are checked against the store as it stands when the transaction runs, not as it
  /// was when they were planned, and against the state after all of them, so that a chain (one
  /// connection leaves a port that another takes) or a swap is accepted. The whole list is
  /// refused, with nothing written, when (checked in this order, the first move at fault named):
  ///
  /// - a connection is listed twice, or a move's `to` is its `from`
  ///   (``LifecycleError/Kind/malformedRequest``);
  /// - a move's connection is neither an interface nor an imported connection, or does not hold
  ///   the move's `from` port now (``LifecycleError/Kind/staleMove``, `stale_move`: plan the
  ///   drain again);
  /// - a `to` port is not a port of a device of the connection's access point
  ///   (`move_unknown_port`) or does not accept the connection's port type (`move_port_type`);
  /// - a `to` port is held after the moves by another connection or interface, one the moves
  ///   leave in place or one they move there too (`move_port_taken`);
  /// - a moved connection and its redundant connection end on the same device
  ///   (`move_same_device_as_redundant`); these four are ``LifecycleError/Kind/invalidMove``.
  ///
  /// Each moved interface gets its new device and port and one history entry of action
  /// ``InterfaceAction/move`` whose state is unchanged; each moved imported connection gets its
  /// new device and port. An empty list commits nothing.
  ///
  /// On PostgreSQL the transaction takes the locks of the moved connections' access points, as an
  /// approval does, so an approval there waits for the moves (or they for it) and no port is
  /// given twice; the store may run the transaction again, and every check runs again with it.
  public func applyMoves(_ moves: [ConnectionMove]) async throws -> AppliedMoves {
    guard !moves.isEmpty else {
      return AppliedMoves(moves: [], interfaces: [], connections: [], history: [])
    }
    try Self.checkShape(of: moves)
    let time = now()
    return try await store.write { store in
      try await Self.apply(moves, at: time, in: store)
    }
  }

  /// Refusals that need no store: a connection listed twice, a move that goes nowhere.
  private static func checkShape(of moves: [ConnectionMove]) throws {
    var listed: Set<ConnectionID> = []
    for move in moves {
      guard listed.insert(move.connection).inserted else {
        throw LifecycleError.malformedMoves(
          "connection \(move.connection) is moved twice in one list of moves; list each "
            + "connection once, with the port it ends on", move: move)
      }
      guard move.from != move.to else {
        throw LifecycleError.malformedMoves(
          "the move of \(move.connection) takes it to the port it holds, \(move.to.device) port "
            + "\(move.to.port); leave that move out", move: move)
      }
    }
  }

  /// One holder of a port as the moves see it: an interface or an imported connection.
  private struct Holder {
    var id: ConnectionID
    var accessPoint: AccessPointID
    var portType: PortType
    var partner: ConnectionID?
    var device: DeviceID?
    var port: String?
    var interface: Interface?
    var connection: Connection?
  }

  /// The body of ``applyMoves(_:)``'s transaction: reads, checks, then writes.
  private static func apply(
    _ moves: [ConnectionMove], at time: Date, in store: any ProvisioningWriter
  ) async throws -> AppliedMoves {
    // Which access points to lock and read: the moved connections'. An interface is read
    // `FOR UPDATE` on PostgreSQL, so no other command changes it before this one commits; they
    // are read in id order, so two lists of moves never wait for each other in a circle.
    var scope = InventoryScope()
    var missing: Set<ConnectionID> = []
    for id in moves.map(\.connection).sorted(by: { $0.rawValue < $1.rawValue }) {
      scope.connections.insert(id)
      if let interface = try await store.interface(id) {
        scope.accessPoints.insert(interface.accessPoint)
        if let partner = interface.redundantConnection { scope.connections.insert(partner) }
      } else if let connection = try await store.connection(id) {
        scope.accessPoints.insert(connection.accessPoint)
        if let partner = connection.redundantConnection { scope.connections.insert(partner) }
      } else {
        missing.insert(id)
      }
    }
    if let move = moves.first(where: { missing.contains($0.connection) }) {
      throw LifecycleError.staleMove(
        move, "there is no connection or interface \(move.connection) in this database")
    }
    // After the access points' locks: what holds a port there now.
    let slice = try await store.slice(scope)
    var holders: [ConnectionID: Holder] = [:]
    for connection in slice.connections {
      holders[connection.id] = Holder(
        id: connection.id, accessPoint: connection.accessPoint, portType: connection.portType,
        partner: connection.redundantConnection,
        device: connection.status.holdsPort ? connection.device : nil,
        port: connection.status.holdsPort ? connection.port : nil, connection: connection)
    }
    for interface in slice.interfaces {
      holders[interface.id] = Holder(
        id: interface.id, accessPoint: interface.accessPoint, portType: interface.portType,
        partner: interface.redundantConnection,
        device: interface.state.holdsPort ? interface.device : nil,
        port: interface.state.holdsPort ? interface.port : nil, interface: interface)
    }
    let moved = try await stillHeld(moves, holders: holders, in: store)
    try checkTargets(moves, moved: moved, devices: slice.devices)
    try checkHoldings(moves, holders: holders)
    try checkPartners(moves, holders: holders)
    return try await write(moves, moved: moved, at: time, in: store)
  }

  /// Each move's holder, which must hold the move's `from` port now.
  private static func stillHeld(
    _ moves: [ConnectionMove], holders: [ConnectionID: Holder], in store: any ProvisioningReader
  ) async throws -> [Holder] {
    var moved: [Holder] = []
    for move in moves {
      guard let holder = holders[move.connection] else {
        // The slice leaves out finished interfaces.
        if let interface = try await store.interface(move.connection) {
          throw LifecycleError.staleMove(
            move,
            "interface \(move.connection) is \(interface.state.rawValue) "
              + "(\(interface.state.consoleName)) and holds no port",
            state: interface.state)
        }
        throw LifecycleError.staleMove(
          move, "there is no connection or interface \(move.connection) in this database")
      }
      if let interface = holder.interface, !interface.state.holdsPort {
        throw LifecycleError.staleMove(
          move,
          "interface \(move.connection) is \(interface.state.rawValue) "
            + "(\(interface.state.consoleName)) and holds no port",
          state: interface.state)
      }
      if let connection = holder.connection, !connection.status.holdsPort {
        throw LifecycleError.staleMove(
          move, "connection \(move.connection) is \(connection.status.rawValue) and holds no port")
      }
      guard let device = holder.device, let port = holder.port else {
        throw LifecycleError.staleMove(move, "\(move.connection) holds no port")
      }
      guard device == move.from.device, port == move.from.port else {
        throw LifecycleError.staleMove(
          move, "\(move.connection) holds \(device) port \(port) now",
          state: holder.interface?.state)
      }
      moved.append(holder)
    }
    return moved
  }

  /// Each `to` port exists on a device of the connection's access point and accepts its type.
  private static func checkTargets(
    _ moves: [ConnectionMove], moved: [Holder], devices: [Device]
  ) throws {
    let byID = Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for (move, holder) in zip(moves, moved) {
      guard let device = byID[move.to.device], device.accessPoint == holder.accessPoint else {
        throw LifecycleError.invalidMove(
          move, code: "move_unknown_port",
          "\(move.to.device) is not a device of access point \(holder.accessPoint), where "
            + "\(move.connection) is; a connection moves only within its access point")
      }
      guard let port = device.ports.first(where: { $0.name == move.to.port }) else {
        throw LifecycleError.invalidMove(
          move, code: "move_unknown_port",
          "device \(move.to.device) has no port \(move.to.port)")
      }
      guard port.accepts.contains(holder.portType) else {
        throw LifecycleError.invalidMove(
          move, code: "move_port_type",
          "the port accepts \(port.accepts.listDescription), not \(holder.portType.rawValue)")
      }
    }
  }

  /// No port is held twice once every move is made: the ports the moves leave are free for the
  /// others, and no two moves take one port.
  private static func checkHoldings(_ moves: [ConnectionMove], holders: [ConnectionID: Holder])
    throws
  {
    let movedIDs = Set(moves.map(\.connection))
    var held: [ConnectionMove.End: ConnectionID] = [:]
    for holder in holders.values where !movedIDs.contains(holder.id) {
      if let device = holder.device, let port = holder.port {
        held[ConnectionMove.End(device: device, port: port)] = holder.id
      }
    }
    for move in moves {
      if let other = held[move.to] {
        let kind = holders[other]?.interface == nil ? "connection" : "interface"
        throw LifecycleError.invalidMove(
          move, code: "move_port_taken",
          movedIDs.contains(other)
            ? "the moves give that port to \(other) too; give each connection its own port"
            : "\(kind) \(other) holds it now; plan the drain again")
      }
      held[move.to] = move.connection
    }
  }

  /// A moved connection and its redundant connection (either naming the other) end on
  /// different devices.
  private static func checkPartners(_ moves: [ConnectionMove], holders: [ConnectionID: Holder])
    throws
  {
    var device: [ConnectionID: DeviceID] = [:]
    for holder in holders.values where holder.port != nil {
      if let place = holder.device { device[holder.id] = place }
    }
    for move in moves { device[move.connection] = move.to.device }
    var namedBy: [ConnectionID: [ConnectionID]] = [:]
    for holder in holders.values {
      if let partner = holder.partner { namedBy[partner, default: []].append(holder.id) }
    }
    for move in moves {
      var partners = namedBy[move.connection] ?? []
      if let partner = holders[move.connection]?.partner { partners.insert(partner, at: 0) }
      for partner in partners where device[partner] == move.to.device {
        throw LifecycleError.invalidMove(
          move, code: "move_same_device_as_redundant",
          "\(partner), its redundant connection, is on \(move.to.device) after the moves; a "
            + "connection and its redundant connection stay on different devices")
      }
    }
  }

  /// Writes the checked moves and the moved interfaces' history entries.
  private static func write(
    _ moves: [ConnectionMove], moved: [Holder], at time: Date, in store: any ProvisioningWriter
  ) async throws -> AppliedMoves {
    var interfaces: [Interface] = []
    var connections: [Connection] = []
    var details: [InterfaceID: String] = [:]
    for (move, holder) in zip(moves, moved) {
      if var interface = holder.interface {
        interface.device = move.to.device
        interface.port = move.to.port
        interface.updatedAt = time
        interfaces.append(interface)
        details[interface.id] =
          "moved from device \(move.from.device) port \(move.from.port) to device "
          + "\(move.to.device) port \(move.to.port) (drain)"
      } else if var connection = holder.connection {
        connection.device = move.to.device
        connection.port = move.to.port
        connections.append(connection)
      }
    }
    try await store.move(interfaces: interfaces, connections: connections)
    let lengths = try await store.historyLengths(of: interfaces.map(\.id))
    let history = try interfaces.map { interface in
      HistoryEntry(
        interface: interface.id, sequence: (lengths[interface.id] ?? 0) + 1, at: time,
        action: .move, from: interface.state,
        to: try InterfaceAction.move.transition(from: interface.state, interface: interface.id),
        detail: details[interface.id])
    }
    try await store.append(all: history)
    return AppliedMoves(
      moves: moves, interfaces: interfaces, connections: connections, history: history)
  }
}
