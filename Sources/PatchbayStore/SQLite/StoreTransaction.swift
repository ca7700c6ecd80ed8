internal import GRDB
import Patchbay

/// What a ``SQLiteStore/read(_:)`` or ``SQLiteStore/write(_:)`` body sees: one open transaction
/// on one connection, used through a ``TransactionBridge`` (each call runs on GRDB's thread).
/// It lives only as long as the body; the body must not keep it.
///
/// In a read, the connection is read-only, so the writing methods fail there as SQLite errors.
struct StoreTransaction: ProvisioningWriter {
  let bridge: TransactionBridge

  func interface(_ id: InterfaceID) async throws -> Interface? {
    try await bridge.perform { try $0.interface(id) }
  }

  func interfaces(in state: InterfaceState?) async throws -> [Interface] {
    try await bridge.perform { try $0.interfaces(in: state) }
  }

  func interfaces(matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int)
    async throws -> InterfacePage
  {
    try await bridge.perform { try $0.interfaces(matching: filter, after: token, limit: limit) }
  }

  func history(of id: InterfaceID) async throws -> [HistoryEntry] {
    try await bridge.perform { try $0.history(of: id) }
  }

  func historyLength(of id: InterfaceID) async throws -> Int {
    try await bridge.perform { try $0.historyLength(of: id) }
  }

  func historyLengths(of ids: [InterfaceID]) async throws -> [InterfaceID: Int] {
    try await bridge.perform { transaction in
      var lengths: [InterfaceID: Int] = [:]
      lengths.reserveCapacity(ids.count)
      for id in ids { lengths[id] = try transaction.historyLength(of: id) }
      return lengths
    }
  }

  func connection(_ id: ConnectionID) async throws -> Connection? {
    try await bridge.perform { try $0.connection(id) }
  }

  func slice(_ scope: InventoryScope) async throws -> InventorySlice {
    try await bridge.perform { try $0.slice(scope) }
  }

  func insert(_ interface: Interface) async throws {
    try await bridge.perform { try $0.insert(interface) }
  }

  func update(_ interface: Interface) async throws {
    try await bridge.perform { try $0.update(interface) }
  }

  func append(_ entry: HistoryEntry) async throws {
    try await bridge.perform { try $0.append(entry) }
  }

  func update(all interfaces: [Interface]) async throws {
    try await bridge.perform { transaction in
      for interface in interfaces { try transaction.update(interface) }
    }
  }

  func append(all entries: [HistoryEntry]) async throws {
    try await bridge.perform { transaction in
      for entry in entries { try transaction.append(entry) }
    }
  }

  func move(interfaces: [Interface], connections: [Connection]) async throws {
    try await bridge.perform { try $0.move(interfaces: interfaces, connections: connections) }
  }
}

/// The SQL of each reader and writer call, run synchronously on GRDB's thread with the
/// connection of the access in progress.
final class SQLiteTransaction {
  let db: Database

  init(_ db: Database) {
    self.db = db
  }

  // MARK: Reading

  func interface(_ id: InterfaceID) throws -> Interface? {
    let statement = try db.cachedStatement(sql: "\(InterfaceRecord.select) WHERE id = ?")
    return try Row.fetchOne(statement, arguments: [id.rawValue]).map(InterfaceRecord.interface)
  }

  func interfaces(in state: InterfaceState?) throws -> [Interface] {
    let rows: RowCursor
    if let state {
      rows = try Row.fetchCursor(
        db.cachedStatement(sql: "\(InterfaceRecord.select) WHERE state = ? ORDER BY position"),
        arguments: [state.rawValue])
    } else {
      rows = try Row.fetchCursor(
        db.cachedStatement(sql: "\(InterfaceRecord.select) ORDER BY position"))
    }
    var interfaces: [Interface] = []
    while let row = try rows.next() { interfaces.append(try InterfaceRecord.interface(row)) }
    return interfaces
  }

  /// One query that seeks in an index in application order (`position` is the rowid, which
  /// every index ends with), reading `limit + 1` rows to know whether a next page exists.
  func interfaces(matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int)
    throws -> InterfacePage
  {
    var conditions: [String] = []
    var arguments: [(any DatabaseValueConvertible)?] = []
    if let state = filter.state {
      conditions.append("state = ?")
      arguments.append(state.rawValue)
    }
    if let accessPoint = filter.accessPoint {
      conditions.append("access_point = ?")
      arguments.append(accessPoint.rawValue)
    }
    if let account = filter.account {
      conditions.append("account = ?")
      arguments.append(account.rawValue)
    }
    if let token {
      conditions.append("position < ?")
      arguments.append(token.position)
    }
    let limit = max(0, limit)
    arguments.append(limit + 1)
    let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    let rows = try Row.fetchCursor(
      db.cachedStatement(
        sql: "SELECT \(InterfaceRecord.columns), position FROM interface\(condition) "
          + "ORDER BY position DESC LIMIT ?"),
      arguments: StatementArguments(arguments))
    var interfaces: [Interface] = []
    var positions: [Int64] = []
    while let row = try rows.next() {
      interfaces.append(try InterfaceRecord.interface(row))
      positions.append(try row.value(16, as: Int64.self))
    }
    guard interfaces.count > limit else { return InterfacePage(interfaces: interfaces, next: nil) }
    interfaces.removeLast()
    positions.removeLast()
    guard let last = positions.last else { return InterfacePage(interfaces: [], next: nil) }
    return InterfacePage(interfaces: interfaces, next: InterfacePageToken(position: last))
  }

  func history(of id: InterfaceID) throws -> [HistoryEntry] {
    let rows = try Row.fetchCursor(
      db.cachedStatement(sql: HistoryRecord.select), arguments: [id.rawValue])
    var entries: [HistoryEntry] = []
    while let row = try rows.next() { entries.append(try HistoryRecord.entry(row)) }
    return entries
  }

  func historyLength(of id: InterfaceID) throws -> Int {
    let statement = try db.cachedStatement(
      sql: "SELECT COUNT(*) FROM history WHERE interface = ?")
    return try Int.fetchOne(statement, arguments: [id.rawValue]) ?? 0
  }

  func connection(_ id: ConnectionID) throws -> Connection? {
    let statement = try db.cachedStatement(sql: "\(ConnectionRecord.select) WHERE id = ?")
    return try Row.fetchOne(statement, arguments: [id.rawValue]).map(ConnectionRecord.connection)
  }

  func slice(_ scope: InventoryScope) throws -> InventorySlice {
    try SliceQuery(db: db, scope: scope).run()
  }

  // MARK: Writing

  /// Refuses an id that an interface or an imported connection already has: the two share one
  /// id space (a placed interface is a connection).
  func insert(_ interface: Interface) throws {
    let taken = try Bool.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT EXISTS (SELECT 1 FROM interface WHERE id = ?1)
            OR EXISTS (SELECT 1 FROM connection WHERE id = ?1)
          """),
      arguments: [interface.id.rawValue])
    if taken == true { throw LifecycleError.duplicateInterface(interface.id) }
    try db.inSavepoint {
      try db.cachedStatement(sql: InterfaceRecord.insert)
        .execute(arguments: try InterfaceRecord.arguments(interface))
      try PortHoldings.follow(db, interface)
      return .commit
    }
  }

  /// Changes every field but the application order, and the port holding with it; a port held
  /// by someone else leaves the interface as it was.
  func update(_ interface: Interface) throws {
    try db.inSavepoint {
      try PortHoldings.follow(db, interface)
      try db.cachedStatement(sql: InterfaceRecord.update)
        .execute(arguments: try InterfaceRecord.updateArguments(interface))
      guard db.changesCount == 1 else {
        throw LifecycleError.unknownInterface(interface.id, isConnection: false)
      }
      return .commit
    }
  }

  /// Two phases in one savepoint: every holding the movers have is deleted, then each mover is
  /// written and takes its new port, so a chain or a swap among them meets no holding of theirs.
  /// A port held outside the call rolls the whole call back.
  func move(interfaces: [Interface], connections: [Connection]) throws {
    try db.inSavepoint {
      for connection in connections {
        guard let old = try self.connection(connection.id) else {
          throw LifecycleError.unknownInterface(connection.id, isConnection: false)
        }
        if let device = old.device, let port = old.port {
          try db.cachedStatement(
            sql: "DELETE FROM port_holding WHERE device = ? AND port = ? AND connection = ?"
          ).execute(arguments: [device.rawValue, port, connection.id.rawValue])
        }
      }
      for interface in interfaces {
        try db.cachedStatement(sql: "DELETE FROM port_holding WHERE interface = ?")
          .execute(arguments: [interface.id.rawValue])
      }
      for interface in interfaces { try update(interface) }
      for connection in connections {
        try db.cachedStatement(
          sql: "UPDATE connection SET device = ?, port = ?, status = ? WHERE id = ?"
        ).execute(arguments: [
          connection.device?.rawValue, connection.port, connection.status.rawValue,
          connection.id.rawValue,
        ])
        if connection.status.holdsPort, let device = connection.device,
          let port = connection.port
        {
          try PortHoldings.take(db, device: device, port: port, by: .connection(connection.id))
        }
      }
      return .commit
    }
  }

  func append(_ entry: HistoryEntry) throws {
    try db.cachedStatement(sql: HistoryRecord.insert)
      .execute(arguments: HistoryRecord.arguments(entry))
  }
}

/// `?, ?, ...` for an `INSERT` of `count` columns.
func placeholders(_ count: Int) -> String {
  Array(repeating: "?", count: count).joined(separator: ", ")
}
