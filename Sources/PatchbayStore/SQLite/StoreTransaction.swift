internal import GRDB
import Patchbay

/// What a ``SQLiteStore/read(_:)`` or ``SQLiteStore/write(_:)`` body sees: one open transaction
/// on one connection, used through a ``TransactionBridge`` (each call runs on GRDB's thread).
/// It lives only as long as the body; the body must not keep it.
///
/// In a read, the connection is read-only, so the writing methods fail there as SQLite errors.
struct StoreTransaction: ProvisioningWriter, BatchApprovalReader {
  let bridge: TransactionBridge
  /// In a write: reads the slice of ``SQLiteTransaction/approvalScope()`` on one of the store's
  /// read connections, beside the writer's (``interfacesToApprove()``).
  var approvalSlice: (@Sendable () async throws -> InventorySlice)? = nil

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
    try await bridge.perform { try $0.historyLengths(of: ids) }
  }

  func connection(_ id: ConnectionID) async throws -> Connection? {
    try await bridge.perform { try $0.connection(id) }
  }

  func slice(_ scope: InventoryScope) async throws -> InventorySlice {
    try await bridge.perform { try $0.slice(scope) }
  }

  /// The interfaces on the writer's connection and, at once, the inventory on a read connection
  /// (its scope from four columns of the interfaces' rows, then the slice). The read connection
  /// starts once a first call on the writer's has run, so inside the write transaction: from
  /// then on no other writer can commit before this one, and both connections see the state the
  /// transaction began with. The interfaces' LOAs and times are most of the reading; the
  /// inventory about a third of it.
  func interfacesToApprove() async throws -> (interfaces: [Interface], inventory: Inventory) {
    guard let approvalSlice else {
      let scope = try await bridge.perform { try $0.approvalScope() }
      let interfaces = try await interfaces(in: .inApplication)
      return (interfaces, try await slice(scope).inventory())
    }
    try await bridge.perform { _ in }
    async let inventory = approvalSlice().inventory()
    let interfaces = try await interfaces(in: .inApplication)
    return (interfaces, try await inventory)
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
    try await bridge.perform { try $0.update(all: interfaces, placementsOnly: false) }
  }

  func updatePlacements(_ interfaces: [Interface]) async throws {
    try await bridge.perform { try $0.update(all: interfaces, placementsOnly: true) }
  }

  func append(all entries: [HistoryEntry]) async throws {
    try await bridge.perform { try $0.append(all: entries) }
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
    var dates = StoredDates()
    while let row = try rows.next() {
      interfaces.append(try InterfaceRecord.interface(row, dates: &dates))
    }
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
        sql: "SELECT \(InterfaceRecord.columns), position FROM \(InterfaceRecord.from)\(condition) "
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

  /// The counts of a few hundred ids a statement (`IN` a list of parameters, far below SQLite's
  /// limit of 32,766): a hundred thousand ids are a few hundred statements, not a hundred
  /// thousand.
  func historyLengths(of ids: [InterfaceID]) throws -> [InterfaceID: Int] {
    var lengths: [InterfaceID: Int] = [:]
    lengths.reserveCapacity(ids.count)
    for id in ids { lengths[id] = 0 }
    let perStatement = 500
    for start in stride(from: 0, to: ids.count, by: perStatement) {
      let part = ids[start..<min(start + perStatement, ids.count)]
      let rows = try Row.fetchCursor(
        db.cachedStatement(
          sql: "SELECT interface, COUNT(*) FROM history WHERE interface IN "
            + "(\(placeholders(part.count))) GROUP BY interface"),
        arguments: StatementArguments(part.map(\.rawValue)))
      while let row = try rows.next() {
        lengths[InterfaceID(try row.string(0))] = try row.value(1, as: Int.self)
      }
    }
    return lengths
  }

  /// ``InventoryScope/placing(_:)`` of every interface in application, from the four columns it
  /// needs (no LOA, no times): the scope ``StoreTransaction/interfacesToApprove()`` reads the
  /// inventory with, on a read connection while the writer's reads the interfaces whole.
  func approvalScope() throws -> InventoryScope {
    let rows = try Row.fetchCursor(
      db.cachedStatement(
        sql: "SELECT id, access_point, account, redundant_connection FROM interface "
          + "WHERE state = ?"),
      arguments: [InterfaceState.inApplication.rawValue])
    var scope = InventoryScope()
    while let row = try rows.next() {
      scope.excluding.insert(InterfaceID(try row.string(0)))
      scope.place(
        accessPoint: AccessPointID(try row.string(1)), account: AccountID(try row.string(2)),
        redundantConnection: try row.optionalString(3).map { ConnectionID($0) })
    }
    return scope
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
      if let loa = interface.loa {
        try db.cachedStatement(sql: "INSERT INTO interface_loa (interface, loa) VALUES (?, ?)")
          .execute(arguments: [db.lastInsertedRowID, LOAJSON.text(loa)])
      }
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
      try InterfaceRecord.writeLOA(of: interface, in: db)
      return .commit
    }
  }

  /// ``update(_:)`` of each interface in order, without its read of the holding and its
  /// savepoint: a holding is inserted for an interface that wants a port (none is deleted first:
  /// the table's keys refuse an interface that holds one already, as they refuse a port that is
  /// taken), then its row is updated; `placementsOnly` writes just the state, device, port and
  /// `updatedAt` (the caller vouches that nothing else changed), so the indexes on the other
  /// columns stay untouched, and writes the rows of a run of placements with one `UPDATE`
  /// (``placeAsSet(_:times:)``).
  ///
  /// A savepoint would make SQLite copy every page the call changes to its sub-journal first:
  /// for `approve --all` on `large`, a hundred megabytes. Instead, an interface that is not the
  /// common case (a port taken, one that holds a port already, an unknown id) is left exactly as
  /// it was, and from it on each interface goes through ``update(_:)``, which refuses or accepts
  /// it as it always does: what is written, and what is thrown, is what one ``update(_:)`` per
  /// interface gives.
  func update(all interfaces: [Interface], placementsOnly: Bool) throws {
    let statements = SetStatements(
      take: try db.cachedStatement(
        sql: "INSERT INTO port_holding (device, port, interface) VALUES (?, ?, ?)"),
      release: try db.cachedStatement(sql: "DELETE FROM port_holding WHERE interface = ?"),
      write: try db.cachedStatement(
        sql: placementsOnly ? InterfaceRecord.updatePlacement : InterfaceRecord.update),
      writesWhole: !placementsOnly)
    var times = DateTexts()
    var index = interfaces.startIndex
    written: while index < interfaces.endIndex {
      let end = min(index + InterfaceRecord.placementsPerUpdate, interfaces.endIndex)
      if placementsOnly,
        let done = try placeAsSet(interfaces[index..<end], times: &times)
      {
        index += done
        if index < end { break written }
        continue
      }
      // Not a run of plain placements: each of the run on its own.
      let runEnd = placementsOnly ? end : index + 1
      while index < runEnd {
        let interface = interfaces[index]
        let arguments =
          placementsOnly
          ? [
            interface.state.rawValue, interface.device?.rawValue, interface.port,
            times.text(interface.updatedAt), interface.id.rawValue,
          ] : try InterfaceRecord.updateArguments(interface)
        guard try update(interface, in: statements, arguments: arguments) else { break written }
        index += 1
      }
    }
    for interface in interfaces[index...] { try update(interface) }
  }

  /// A run of placements written with one `INSERT` of all their holdings and one `UPDATE ...
  /// FROM (VALUES ...)` of all their rows: each statement costs a few microseconds beyond its
  /// rows (the cursors on the table and its indexes are opened and closed each time), which was
  /// most of `approve --all`'s writing.
  ///
  /// `nil`, with nothing written, when the run is not plain placements (an interface that holds
  /// no port after the change, an id twice, an id that is not stored): its interfaces go one by
  /// one. Otherwise the number of interfaces written from the start of the run: all of them,
  /// or those before the first whose port is refused (taken, or the interface holds one
  /// already), which is left exactly as it was for ``update(_:)`` to answer.
  ///
  /// Neither statement opens a statement journal (the page copies that leaving out the
  /// savepoint saved): both are `OR FAIL`, and `port_holding`'s foreign keys are deferred
  /// (schema v5). No row of the `UPDATE` can fail once the ids are known to be stored.
  private func placeAsSet(_ run: ArraySlice<Interface>, times: inout DateTexts) throws -> Int? {
    guard run.count > 1 else { return nil }
    var ids: Set<String> = []
    ids.reserveCapacity(run.count)
    for interface in run {
      guard interface.state.holdsPort, interface.device != nil, interface.port != nil,
        ids.insert(interface.id.rawValue).inserted
      else { return nil }
    }
    var count = BoundStatement(
      try db.cachedStatement(
        sql: "SELECT COUNT(*) FROM interface WHERE id IN (\(placeholders(run.count)))"),
      parameters: run.count)
    for interface in run { count.bind(interface.id.rawValue) }
    guard try count.fetchInt() == run.count else { return nil }
    // `OR FAIL`: a refused holding (its port taken, or its interface holding one already)
    // stops the statement and keeps the ones before it, as one insert each would.
    var holdings = BoundStatement(
      try db.cachedStatement(sql: PortHoldings.insertForInterfaces(rows: run.count)),
      parameters: run.count * 3)
    for interface in run {
      holdings.bind(interface.device?.rawValue)
      holdings.bind(interface.port)
      holdings.bind(interface.id.rawValue)
    }
    var taken = run.count
    do {
      try holdings.execute()
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      taken = db.changesCount
    }
    guard taken > 0 else { return 0 }
    var update = BoundStatement(
      try db.cachedStatement(sql: InterfaceRecord.updatePlacements(rows: taken)),
      parameters: taken * 5)
    for interface in run.prefix(taken) {
      update.bind(interface.id.rawValue)
      update.bind(interface.state.rawValue)
      update.bind(interface.device?.rawValue)
      update.bind(interface.port)
      update.bind(times.text(interface.updatedAt))
    }
    try update.execute()
    return taken
  }

  /// The statements of ``update(all:placementsOnly:)``, prepared once for the call.
  private struct SetStatements {
    var take: Statement
    var release: Statement
    var write: Statement
    /// Whether `write` writes the whole interface, so that its LOA is written too.
    var writesWhole: Bool
  }

  /// One interface of ``update(all:placementsOnly:)``: `true` when it is written, `false` when it
  /// is left as it was for ``update(_:)`` to answer. (An SQLite failure, such as a full disk,
  /// throws; it fails the whole transaction.)
  private func update(
    _ interface: Interface, in statements: SetStatements, arguments: StatementArguments
  ) throws -> Bool {
    let id = interface.id.rawValue
    guard interface.state.holdsPort, let device = interface.device, let port = interface.port
    else {
      try statements.write.execute(arguments: arguments)
      guard db.changesCount == 1 else { return false }
      try statements.release.execute(arguments: [id])
      if statements.writesWhole { try InterfaceRecord.writeLOA(of: interface, in: db) }
      return true
    }
    do {
      try statements.take.execute(arguments: [device.rawValue, port, id])
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      return false
    }
    try statements.write.execute(arguments: arguments)
    guard db.changesCount == 1 else {
      // No such interface: give back the holding just taken (it had none, or the insert would
      // have been refused).
      try statements.release.execute(arguments: [id])
      return false
    }
    if statements.writesWhole { try InterfaceRecord.writeLOA(of: interface, in: db) }
    return true
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

  /// ``append(_:)`` of each entry in order, a hundred rows a statement, and a time that a run of
  /// entries shares spelled once. `INSERT OR FAIL` keeps the rows before one that is refused (an
  /// entry numbered twice), so the refusal leaves the entries before it appended and throws the
  /// same error, as one ``append(_:)`` each would.
  func append(all entries: [HistoryEntry]) throws {
    var times = DateTexts()
    var start = entries.startIndex
    while start < entries.endIndex {
      let end = min(start + HistoryRecord.rowsPerInsert, entries.endIndex)
      var insert = BoundStatement(
        try db.cachedStatement(sql: HistoryRecord.insert(rows: end - start)),
        parameters: (end - start) * HistoryRecord.columnCount)
      for entry in entries[start..<end] {
        HistoryRecord.bind(entry, at: times.text(entry.at), to: &insert)
      }
      try insert.execute()
      start = end
    }
  }
}

/// `?, ?, ...` for an `INSERT` of `count` columns.
func placeholders(_ count: Int) -> String {
  Array(repeating: "?", count: count).joined(separator: ", ")
}
