import Foundation
import Logging
import Patchbay
internal import PostgresNIO

/// What a ``PostgresStore/read(_:)`` or ``PostgresStore/write(_:)`` body sees: one open
/// transaction on one connection. It lives only as long as the body.
///
/// How a write keeps two instances from giving one port twice, the way PostgreSQL wants it (the
/// transaction is `READ COMMITTED`, so every statement sees what committed before it began):
///
/// 1. An interface read in a write is read `FOR UPDATE`: a second command on the same interface
///    waits for the first to commit, then sees its new state (and is refused if the transition
///    no longer applies).
/// 2. Before a write reads a part of the inventory (``slice(_:)``) it takes a transaction-scoped
///    advisory lock on each access point and account of the scope, in a fixed order: commands at
///    one access point (or for one account's pending limit) take turns, commands at different
///    access points run in parallel. What the slice then reads is what the lock's last holder
///    committed.
/// 3. Every write first takes one shared "everyone" lock; a batch (`approve --all`, which reads a
///    whole state's interfaces) takes it exclusively instead, and so runs alone, as it does on
///    SQLite, without a lock per access point and account (a big batch would need tens of
///    thousands).
/// 4. `port_holding`'s primary key refuses a port given twice whatever the locks did.
///
/// Locks are `pg_advisory_xact_lock`, released by the commit or rollback: never session locks,
/// which a pooler in transaction mode would hand to the wrong client. A deadlock between two
/// commands (possible when one reads a second interface after taking access point locks) is
/// PostgreSQL's 40P01; the store runs the loser again.
final class PostgresTransaction: ProvisioningWriter {
  let connection: WatchedConnection
  let writing: Bool
  let logger: Logger
  /// Which lock on "everyone" this transaction holds.
  private var everyone: EveryoneLock = .none
  /// Access point and account keys already locked.
  private var locked: Set<Int32> = []

  private enum EveryoneLock { case none, shared, exclusive }

  /// Advisory lock keys are two integers: this namespace ("PBAY") and a key.
  static let namespace: Int32 = 0x5042_4159
  /// The key of the "everyone" lock, in a namespace of its own.
  static let everyoneNamespace: Int32 = 0x5042_415A
  /// More access points and accounts than this in one scope lock "everyone" exclusively.
  static let largestScopeLocked = 256

  init(connection: WatchedConnection, writing: Bool, logger: Logger) {
    self.connection = connection
    self.writing = writing
    self.logger = logger
  }

  // MARK: Locks

  private func lockEveryone(exclusively: Bool) async throws {
    guard writing else { return }
    switch (everyone, exclusively) {
    case (.exclusive, _), (.shared, false): return
    case (.shared, true):
      // Cannot upgrade without risking a deadlock with another upgrader; PostgreSQL detects it
      // (40P01) and the store runs the transaction again.
      break
    case (.none, _): break
    }
    let namespace = Self.everyoneNamespace
    if exclusively {
      try await execute("SELECT pg_advisory_xact_lock(\(namespace), 0)")
      everyone = .exclusive
    } else {
      try await execute("SELECT pg_advisory_xact_lock_shared(\(namespace), 0)")
      everyone = .shared
    }
  }

  /// Locks the scope's access points and accounts, in key order, so two commands never wait for
  /// each other in a circle over these locks.
  private func lock(_ scope: InventoryScope) async throws {
    guard writing else { return }
    if scope.everything || scope.accessPoints.count + scope.accounts.count > Self.largestScopeLocked
    {
      try await lockEveryone(exclusively: true)
      return
    }
    try await lockEveryone(exclusively: false)
    guard everyone != .exclusive else { return }
    var keys = Set(scope.accessPoints.map { Self.key("access point", $0.rawValue) })
    keys.formUnion(scope.accounts.map { Self.key("account", $0.rawValue) })
    let wanted = keys.subtracting(locked).sorted()
    guard !wanted.isEmpty else { return }
    let namespace = Self.namespace
    try await execute(
      """
      SELECT pg_advisory_xact_lock(\(namespace), key)
      FROM (SELECT DISTINCT unnest(\(wanted)::integer[]) AS key ORDER BY 1) AS keys
      """)
    locked.formUnion(wanted)
  }

  /// A lock key for a name: 32-bit FNV-1a of its bytes. Two names with one key only take turns
  /// when they need not; nothing else depends on keys being distinct.
  static func key(_ kind: String, _ name: String) -> Int32 {
    var hash: UInt32 = 0x811C_9DC5
    for byte in "\(kind)\u{0}\(name)".utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 0x0100_0193
    }
    return Int32(bitPattern: hash)
  }

  // MARK: Reading

  func interface(_ id: InterfaceID) async throws -> Interface? {
    try await lockEveryone(exclusively: false)
    let lock = writing ? " FOR UPDATE" : ""
    let rows = try await query(
      "\(unescaped: PostgresRecords.interfaceSelect) WHERE id = \(id.rawValue)\(unescaped: lock)")
    return try await PostgresRecords.interfaces(rows).first
  }

  func interfaces(in state: InterfaceState?) async throws -> [Interface] {
    // A write that reads a whole state's interfaces is a batch: it runs alone.
    try await lockEveryone(exclusively: true)
    let rows: PostgresRowSequence
    if let state {
      rows = try await query(
        "\(unescaped: PostgresRecords.interfaceSelect) WHERE state = \(state.rawValue) ORDER BY position"
      )
    } else {
      rows = try await query("\(unescaped: PostgresRecords.interfaceSelect) ORDER BY position")
    }
    return try await PostgresRecords.interfaces(rows)
  }

  /// One query that seeks in an index ending in `position` (schema version 2), reading
  /// `limit + 1` rows to know whether a next page exists. A listing locks nothing: it is a read,
  /// whatever transaction it is in.
  func interfaces(matching filter: InterfaceFilter, after token: InterfacePageToken?, limit: Int)
    async throws -> InterfacePage
  {
    var conditions: [String] = []
    var binds = PostgresBindings()
    for (column, value) in [
      ("state", filter.state?.rawValue), ("access_point", filter.accessPoint?.rawValue),
      ("account", filter.account?.rawValue),
    ] {
      guard let value else { continue }
      binds.append(value)
      conditions.append("\(column) = $\(binds.count)")
    }
    if let token {
      binds.append(token.position)
      conditions.append("position < $\(binds.count)")
    }
    let limit = max(0, limit)
    binds.append(Int64(limit + 1))
    let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    let sql =
      PostgresRecords.interfaceSelectWithPosition + condition
      + " ORDER BY position DESC LIMIT $\(binds.count)"
    var interfaces: [Interface] = []
    var positions: [Int64] = []
    for try await row in try await query(PostgresQuery(unsafeSQL: sql, binds: binds)) {
      let (interface, position) = try PostgresRecords.interfaceAndPosition(row)
      interfaces.append(interface)
      positions.append(position)
    }
    guard interfaces.count > limit else { return InterfacePage(interfaces: interfaces, next: nil) }
    interfaces.removeLast()
    positions.removeLast()
    guard let last = positions.last else { return InterfacePage(interfaces: [], next: nil) }
    return InterfacePage(interfaces: interfaces, next: InterfacePageToken(position: last))
  }

  func history(of id: InterfaceID) async throws -> [HistoryEntry] {
    try await PostgresRecords.history(
      query(
        "\(unescaped: PostgresRecords.historySelect) WHERE interface = \(id.rawValue) ORDER BY sequence"
      )
    )
  }

  func historyLength(of id: InterfaceID) async throws -> Int {
    let rows = try await query(
      "SELECT count(*)::bigint FROM patchbay.history WHERE interface = \(id.rawValue)")
    for try await count in rows.decode(Int64.self) { return Int(count) }
    return 0
  }

  func historyLengths(of ids: [InterfaceID]) async throws -> [InterfaceID: Int] {
    var lengths: [InterfaceID: Int] = [:]
    lengths.reserveCapacity(ids.count)
    for id in ids { lengths[id] = 0 }
    let names = ids.map(\.rawValue)
    let rows = try await query(
      """
      SELECT interface, count(*)::bigint FROM patchbay.history
      WHERE interface = ANY(\(names)::text[]) GROUP BY interface
      """)
    for try await (interface, count) in rows.decode((String, Int64).self) {
      lengths[InterfaceID(interface)] = Int(count)
    }
    return lengths
  }

  func connection(_ id: ConnectionID) async throws -> Connection? {
    let rows = try await query(
      "\(unescaped: PostgresRecords.connectionSelect) WHERE id = \(id.rawValue)")
    return try await PostgresRecords.connections(rows).first
  }

  func slice(_ scope: InventoryScope) async throws -> InventorySlice {
    try await lock(scope)
    return try await PostgresSlice(transaction: self, scope: scope).run()
  }

  // MARK: Writing

  /// Refuses an id that an interface or an imported connection already has (they share one id
  /// space); two commands inserting one new id at once meet the table's unique key instead.
  func insert(_ interface: Interface) async throws {
    let id = interface.id.rawValue
    let rows = try await query(
      """
      SELECT EXISTS (SELECT 1 FROM patchbay.interface WHERE id = \(id))
        OR EXISTS (SELECT 1 FROM patchbay.connection WHERE id = \(id))
      """)
    for try await taken in rows.decode(Bool.self) where taken {
      throw LifecycleError.duplicateInterface(interface.id)
    }
    let columns = try InterfaceColumns(interface)
    try await inSavepoint {
      let inserted = try await self.query(
        """
        INSERT INTO patchbay.interface (\(unescaped: PostgresRecords.interfaceColumns))
        VALUES (\(columns.id), \(columns.account), \(columns.region), \(columns.accessPoint),
          \(columns.lineOperator), \(columns.portType), \(columns.redundantConnection),
          \(columns.priority), \(columns.state), \(columns.loa), \(columns.rejectionReason),
          \(columns.device), \(columns.port), \(columns.delivery),
          \(columns.createdAt)::timestamptz, \(columns.updatedAt)::timestamptz)
        ON CONFLICT (id) DO NOTHING RETURNING 1
        """)
      if try await Self.count(inserted) == 0 {
        throw LifecycleError.duplicateInterface(interface.id)
      }
      try await self.followHoldings(
        of: [(id: columns.id, device: columns.device, port: columns.port, holds: columns.holdsPort)]
      )
    }
  }

  func update(_ interface: Interface) async throws {
    try await update(all: [interface])
  }

  func append(_ entry: HistoryEntry) async throws {
    try await append(all: [entry])
  }

  /// Writes the batch's holdings and rows in two statements; a refusal undoes the batch and
  /// then writes the interfaces one by one up to the refused one, as separate calls would.
  func update(all interfaces: [Interface]) async throws {
    guard !interfaces.isEmpty else { return }
    let columns = try interfaces.map(InterfaceColumns.init)
    try await writeAsSet(
      interfaces, ids: columns.map(\.id),
      holdings: columns.map { (id: $0.id, device: $0.device, port: $0.port, holds: $0.holdsPort) }
    ) {
      var writer = JSONWriter()
      PostgresRecords.writeJSON(columns, into: &writer)
      let json = String(decoding: writer.bytes, as: UTF8.self)
      return try await self.query(
        """
        UPDATE patchbay.interface AS i SET
          account = r.account, region = r.region, access_point = r.access_point,
          line_operator = r.line_operator, port_type = r.port_type,
          redundant_connection = r.redundant_connection, priority = r.priority,
          state = r.state, loa = r.loa, rejection_reason = r.rejection_reason,
          device = r.device, port = r.port, delivery = r.delivery,
          created_at = r.created_at, updated_at = r.updated_at
        FROM json_to_recordset(\(json)::json) AS r(\(unescaped: PostgresRecords.recordColumns))
        WHERE i.id = r.id
        RETURNING i.id
        """)
    }
  }

  /// ``update(all:)`` writing only what a placement changes: the JSON of the batch carries the
  /// id, state, device, port and `updated_at` (not the LOA, most of a row's bytes), and the
  /// `UPDATE` sets those four columns. A refusal runs ``update(all:)`` one by one, as there.
  func updatePlacements(_ interfaces: [Interface]) async throws {
    guard !interfaces.isEmpty else { return }
    var times = DateTexts()
    let columns = interfaces.map { interface in
      PlacementColumns(
        id: interface.id.rawValue, state: interface.state.rawValue,
        device: interface.device?.rawValue, port: interface.port,
        updatedAt: times.text(interface.updatedAt),
        holdsPort: interface.state.holdsPort && interface.device != nil && interface.port != nil)
    }
    try await writeAsSet(
      interfaces, ids: columns.map(\.id),
      holdings: columns.map { (id: $0.id, device: $0.device, port: $0.port, holds: $0.holdsPort) }
    ) {
      var writer = JSONWriter()
      writer.raw("[")
      for (index, item) in columns.enumerated() {
        if index > 0 { writer.raw(",") }
        writer.inlineObject([
          ("id", .string(item.id)), ("state", .string(item.state)),
          ("device", item.device.map { .string($0) } ?? .null),
          ("port", item.port.map { .string($0) } ?? .null),
          ("updated_at", .string(item.updatedAt)),
        ])
      }
      writer.raw("]")
      let json = String(decoding: writer.bytes, as: UTF8.self)
      return try await self.query(
        """
        UPDATE patchbay.interface AS i SET
          state = r.state, device = r.device, port = r.port, updated_at = r.updated_at
        FROM json_to_recordset(\(json)::json)
          AS r(id text, state text, device text, port text, updated_at timestamptz)
        WHERE i.id = r.id
        RETURNING i.id
        """)
    }
  }

  /// The one way both updates write a batch: its holdings, then `statement` (an `UPDATE ...
  /// RETURNING i.id`), in a savepoint. A batch that is not a plain set, or a refusal (a port
  /// taken, an id not found), goes to ``update(all:)`` one interface at a time, so what is
  /// written and refused is what separate calls would give.
  private func writeAsSet(
    _ interfaces: [Interface], ids: [String],
    holdings: [(id: String, device: String?, port: String?, holds: Bool)],
    statement: () async throws -> PostgresRowSequence
  ) async throws {
    func oneByOne() async throws {
      for interface in interfaces { try await update(all: [interface]) }
    }
    guard Self.isPlainSet(holdings) else { return try await oneByOne() }
    do {
      try await inSavepoint {
        try await self.followHoldings(of: holdings)
        var found: Set<String> = []
        for try await id in try await statement().decode(String.self) { found.insert(id) }
        if let missing = ids.first(where: { !found.contains($0) }) {
          throw LifecycleError.unknownInterface(InterfaceID(missing), isConnection: false)
        }
      }
    } catch let error as StoreError where interfaces.count > 1 && error.kind == .portTaken {
      try await oneByOne()
    } catch is LifecycleError where interfaces.count > 1 {
      try await oneByOne()
    }
  }

  /// Whether a batch can be written as one set: no interface twice and no port wanted twice.
  /// Otherwise it goes one interface at a time: the set's holdings are matched to interfaces by
  /// id, and PostgreSQL's `ON CONFLICT` refuses to touch one row twice in a statement (an error
  /// that is not `port_taken`), where one call per interface answers each as it comes.
  private static func isPlainSet(
    _ rows: [(id: String, device: String?, port: String?, holds: Bool)]
  ) -> Bool {
    guard rows.count > 1 else { return true }
    var ids: Set<String> = []
    var ports: Set<String> = []
    for row in rows {
      guard ids.insert(row.id).inserted else { return false }
      if row.holds, let device = row.device, let port = row.port,
        !ports.insert("\(device)\u{0}\(port)").inserted
      {
        return false
      }
    }
    return true
  }

  /// What ``updatePlacements(_:)`` writes of an interface.
  private struct PlacementColumns {
    var id: String
    var state: String
    var device: String?
    var port: String?
    var updatedAt: String
    var holdsPort: Bool
  }

  func append(all entries: [HistoryEntry]) async throws {
    guard !entries.isEmpty else { return }
    var writer = JSONWriter()
    var times = DateTexts()
    writer.raw("[")
    for (index, entry) in entries.enumerated() {
      if index > 0 { writer.raw(",") }
      writer.inlineObject([
        ("interface", .string(entry.interface.rawValue)), ("sequence", .int(entry.sequence)),
        ("at", .string(times.text(entry.at))), ("action", .string(entry.action.rawValue)),
        ("from_state", entry.from.map { .string($0.rawValue) } ?? .null),
        ("to_state", .string(entry.to.rawValue)),
        ("detail", entry.detail.map { .string($0) } ?? .null),
      ])
    }
    writer.raw("]")
    let json = String(decoding: writer.bytes, as: UTF8.self)
    try await execute(
      """
      INSERT INTO patchbay.history (interface, sequence, at, action, from_state, to_state, detail)
      SELECT interface, sequence, at, action, from_state, to_state, detail
      FROM json_to_recordset(\(json)::json) AS r(
        interface text, sequence integer, at timestamptz, action text, from_state text,
        to_state text, detail text)
      """)
  }

  /// Two phases in one savepoint, as on SQLite: every holding the movers have is deleted, then
  /// each mover is written and takes its new port, so a chain or a swap among them meets no
  /// holding of theirs. A port held outside the call rolls the whole call back.
  func move(interfaces: [Interface], connections: [Connection]) async throws {
    guard !interfaces.isEmpty || !connections.isEmpty else { return }
    let interfaceIDs = interfaces.map(\.id.rawValue)
    var writer = JSONWriter()
    writer.raw("[")
    for (index, connection) in connections.enumerated() {
      if index > 0 { writer.raw(",") }
      writer.inlineObject([
        ("id", .string(connection.id.rawValue)),
        ("device", connection.device.map { .string($0.rawValue) } ?? .null),
        ("port", connection.port.map { .string($0) } ?? .null),
        ("status", .string(connection.status.rawValue)),
        ("holds", .bool(connection.status.holdsPort)),
      ])
    }
    writer.raw("]")
    let json = String(decoding: writer.bytes, as: UTF8.self)
    try await inSavepoint {
      try await self.execute(
        """
        DELETE FROM patchbay.port_holding AS h
        USING patchbay.connection AS c, json_to_recordset(\(json)::json) AS r(id text)
        WHERE c.id = r.id AND h.device = c.device AND h.port = c.port AND h.connection = c.id
        """)
      try await self.execute(
        "DELETE FROM patchbay.port_holding WHERE interface = ANY(\(interfaceIDs)::text[])")
      try await self.update(all: interfaces)
      guard !connections.isEmpty else { return }
      let updated = try await self.query(
        """
        UPDATE patchbay.connection AS c SET device = r.device, port = r.port, status = r.status
        FROM json_to_recordset(\(json)::json)
          AS r(id text, device text, port text, status text, holds boolean)
        WHERE c.id = r.id
        RETURNING c.id
        """)
      var found: Set<String> = []
      for try await id in updated.decode(String.self) { found.insert(id) }
      if let missing = connections.first(where: { !found.contains($0.id.rawValue) }) {
        throw LifecycleError.unknownInterface(missing.id, isConnection: false)
      }
      let taken = try await self.query(
        """
        INSERT INTO patchbay.port_holding (device, port, connection)
        SELECT r.device, r.port, r.id
        FROM json_to_recordset(\(json)::json)
          AS r(id text, device text, port text, status text, holds boolean)
        WHERE r.holds AND r.device IS NOT NULL AND r.port IS NOT NULL
        ON CONFLICT (device, port) DO NOTHING
        RETURNING connection
        """)
      var held: Set<String> = []
      for try await id in taken.decode(String.self) { held.insert(id) }
      if let refused = connections.first(where: {
        $0.status.holdsPort && $0.device != nil && $0.port != nil
          && !held.contains($0.id.rawValue)
      }), let device = refused.device, let port = refused.port {
        throw StoreError.portTaken(
          device: device, port: port,
          holder: try await self.holder(device: device.rawValue, port: port))
      }
    }
  }

  // MARK: Holdings

  /// Keeps each interface's `port_holding` row in step with it: the port it names while its
  /// state holds one, none otherwise. A port another holder has is
  /// ``/Patchbay/StoreError/Kind/portTaken``, naming the holder; the caller's savepoint undoes
  /// the rest.
  private func followHoldings(
    of columns: [(id: String, device: String?, port: String?, holds: Bool)]
  ) async throws {
    var writer = JSONWriter()
    writer.raw("[")
    for (index, item) in columns.enumerated() {
      if index > 0 { writer.raw(",") }
      writer.inlineObject([
        ("id", .string(item.id)), ("device", item.device.map { .string($0) } ?? .null),
        ("port", item.port.map { .string($0) } ?? .null), ("holds", .bool(item.holds)),
      ])
    }
    writer.raw("]")
    let json = String(decoding: writer.bytes, as: UTF8.self)
    try await execute(
      """
      DELETE FROM patchbay.port_holding AS h
      USING json_to_recordset(\(json)::json) AS r(id text, device text, port text, holds boolean)
      WHERE h.interface = r.id
        AND (NOT r.holds OR h.device IS DISTINCT FROM r.device OR h.port IS DISTINCT FROM r.port)
      """)
    let wanted = columns.filter(\.holds)
    guard !wanted.isEmpty else { return }
    let taken = try await query(
      """
      INSERT INTO patchbay.port_holding (device, port, interface)
      SELECT r.device, r.port, r.id
      FROM json_to_recordset(\(json)::json) AS r(id text, device text, port text, holds boolean)
      WHERE r.holds
      ON CONFLICT (device, port) DO UPDATE SET interface = EXCLUDED.interface
        WHERE port_holding.interface IS NOT DISTINCT FROM EXCLUDED.interface
      RETURNING interface
      """)
    var held: Set<String> = []
    for try await id in taken.decode(String?.self) { if let id { held.insert(id) } }
    guard let refused = wanted.first(where: { !held.contains($0.id) }),
      let device = refused.device, let port = refused.port
    else { return }
    throw StoreError.portTaken(
      device: DeviceID(device), port: port, holder: try await holder(device: device, port: port))
  }

  /// "connection ID" or "interface ID", for ``/Patchbay/StoreError/portTaken(device:port:holder:)``.
  private func holder(device: String, port: String) async throws -> String {
    let rows = try await query(
      """
      SELECT connection, interface FROM patchbay.port_holding
      WHERE device = \(device) AND port = \(port)
      """)
    for try await (connection, interface) in rows.decode((String?, String?).self) {
      if let connection { return "connection \(connection)" }
      if let interface { return "interface \(interface)" }
    }
    return "another holder"
  }

  // MARK: Statements

  /// Runs `body` inside a savepoint: a refusal or an error rolls back only what `body` did,
  /// and leaves the transaction usable (PostgreSQL otherwise refuses every later statement of a
  /// transaction that met an error).
  private func inSavepoint(_ body: () async throws -> Void) async throws {
    try await execute("SAVEPOINT patchbay_change")
    do {
      try await body()
    } catch {
      try await execute("ROLLBACK TO SAVEPOINT patchbay_change")
      try await execute("RELEASE SAVEPOINT patchbay_change")
      throw error
    }
    try await execute("RELEASE SAVEPOINT patchbay_change")
  }

  func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
    try await connection.query(query, logger: logger)
  }

  func execute(_ query: PostgresQuery) async throws {
    let rows = try await connection.query(query, logger: logger)
    for try await _ in rows {}
  }

  static func count(_ rows: PostgresRowSequence) async throws -> Int {
    var count = 0
    for try await _ in rows { count += 1 }
    return count
  }
}
