internal import GRDB
import Patchbay

/// Reads the part of the inventory an ``InventoryScope`` asks for (see ``InventorySlice``).
///
/// A single approval reads one access point's devices and the connections and interfaces that
/// hold ports there, the pending ones of one account, and a named redundant connection: each is
/// one indexed lookup (`device_by_access_point`, `connection_by_access_point`,
/// `connection_by_account`, the `interface_by_*` indexes and the `id` keys), so the cost follows
/// the slice, not the data centre.
struct SliceQuery {
  let db: Database
  var scope: InventoryScope

  func run() throws -> InventorySlice {
    InventorySlice(
      regions: try regions(), accessPoints: try accessPoints(), devices: try devices(),
      connections: try connections(), interfaces: try interfaces(),
      highSpeedWhitelist: try whitelist(), policy: try policy())
  }

  // MARK: Always whole

  func regions() throws -> [Region] {
    let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM region ORDER BY position")
    var regions: [Region] = []
    while let row = try rows.next() {
      regions.append(Region(id: RegionID(try row.string(0)), name: try row.optionalString(1)))
    }
    return regions
  }

  func accessPoints() throws -> [AccessPoint] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, region, name, status, line_operators, port_types, location
        FROM access_point ORDER BY position
        """)
    var accessPoints: [AccessPoint] = []
    while let row = try rows.next() {
      let id: String = try row.value(0)
      let what = "access point \(id)"
      accessPoints.append(
        AccessPoint(
          id: AccessPointID(id), region: RegionID(try row.string(1)),
          name: try row.optionalString(2),
          status: try StoredValues.value(AccessPointStatus.self, try row.string(3), what),
          lineOperators: try StoredValues.lineOperators(try row.string(4), what),
          portTypes: try StoredValues.portTypes(try row.value(5, as: Int64.self), what),
          location: try row.optionalString(6)))
    }
    return accessPoints
  }

  /// The whitelisted accounts among the scope's (all of them for the whole inventory): the
  /// validator asks only about the accounts of the requests it checks, and a big data centre
  /// whitelists a hundred thousand accounts.
  func whitelist() throws -> Set<AccountID> {
    if scope.everything || isLarge {
      let all = try String.fetchAll(db, sql: "SELECT account FROM whitelist").map { AccountID($0) }
      return Set(scope.everything ? all : all.filter { scope.accounts.contains($0) })
    }
    guard !scope.accounts.isEmpty else { return [] }
    let accounts = scope.accounts.map(\.rawValue)
    return Set(
      try String.fetchAll(
        db, sql: "SELECT account FROM whitelist WHERE account IN (\(placeholders(accounts.count)))",
        arguments: StatementArguments(accounts)
      ).map { AccountID($0) })
  }

  func policy() throws -> Policy {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT max_pending_per_account, max_connections_per_access_point FROM policy")
    else { return Policy() }
    return Policy(
      maxPendingPerAccount: try row.optional(0, as: Int.self),
      maxConnectionsPerAccessPoint: try row.optional(1, as: Int.self))
  }

  // MARK: Scoped

  /// The devices of the scope's access points with their ports in position order, read in two
  /// ordered scans that are merged: one row per port costs far less than one query per device.
  func devices() throws -> [Device] {
    var filter = ""
    var arguments: [String] = []
    if !scope.everything && scope.accessPoints.count > 4_000 {
      var whole = self
      whole.scope = .all
      return try whole.devices().filter { scope.accessPoints.contains($0.accessPoint) }
    }
    if !scope.everything {
      guard !scope.accessPoints.isEmpty else { return [] }
      arguments = scope.accessPoints.map(\.rawValue)
      filter = "WHERE access_point IN (\(placeholders(arguments.count)))"
    }
    let deviceRows = try Row.fetchCursor(
      db,
      sql: "SELECT position, id, access_point, cabinet FROM device \(filter) ORDER BY position",
      arguments: StatementArguments(arguments))
    var devices: [Device] = []
    var positions: [Int64] = []
    while let row = try deviceRows.next() {
      positions.append(try row.value(0, as: Int64.self))
      devices.append(
        Device(
          id: DeviceID(try row.string(1)), accessPoint: AccessPointID(try row.string(2)),
          ports: [], cabinet: try row.optionalString(3)))
    }
    let portFilter =
      scope.everything ? "" : "WHERE device IN (SELECT position FROM device \(filter))"
    let portRows = try Row.fetchCursor(
      db,
      sql: "SELECT device, name, accepts FROM port \(portFilter) ORDER BY device, position",
      arguments: StatementArguments(arguments))
    var index = 0
    while let row = try portRows.next() {
      let device: Int64 = try row.value(0)
      while index < positions.count, positions[index] < device { index += 1 }
      guard index < positions.count, positions[index] == device else {
        throw UnreadableValue(description: "port of device position \(device) has no device")
      }
      devices[index].ports.append(
        Port(
          name: try row.string(1),
          accepts: try StoredValues.portTypes(
            try row.value(2, as: Int64.self), "port of \(devices[index].id)")))
    }
    return devices
  }

  /// The scope's connections, in import order.
  func connections() throws -> [Connection] {
    var sql = ConnectionRecord.select
    var arguments: [String] = []
    if isLarge {
      // Through a cursor: `fetchAll` would copy each of the table's rows before decoding it.
      let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY position")
      var connections: [Connection] = []
      while let row = try rows.next() {
        let connection = try ConnectionRecord.connection(row)
        if inScope(
          connection, holdsPort: connection.status.holdsPort, pending: connection.status.isPending,
          live: connection.status.isLive)
        {
          connections.append(connection)
        }
      }
      return connections
    }
    if !scope.everything {
      let holding = ConnectionStatus.allCases.filter(\.holdsPort).map(\.rawValue)
      let pending = ConnectionStatus.allCases.filter(\.isPending).map(\.rawValue)
      let live = ConnectionStatus.allCases.filter(\.isLive).map(\.rawValue)
      guard
        let condition = condition(
          stateColumn: "status", holding: holding, pending: pending, live: live,
          into: &arguments)
      else { return [] }
      sql += " WHERE \(condition)"
    }
    let rows = try Row.fetchCursor(
      db, sql: sql + " ORDER BY position", arguments: StatementArguments(arguments))
    var connections: [Connection] = []
    while let row = try rows.next() {
      let connection = try ConnectionRecord.connection(row)
      if !scope.excluding.contains(connection.id) { connections.append(connection) }
    }
    return connections
  }

  /// The scope's interfaces that are not final, in application order.
  func interfaces() throws -> [Interface] {
    let final = InterfaceState.allCases.filter(\.isFinal).map(\.rawValue)
    var arguments = final
    var sql = "\(InterfaceRecord.select) WHERE state NOT IN (\(placeholders(final.count)))"
    if isLarge {
      // The batch being placed is usually most of the table and is excluded: skip its rows
      // before decoding them (and their LOAs).
      let rows = try Row.fetchCursor(
        db, sql: sql + " ORDER BY position", arguments: StatementArguments(final))
      var interfaces: [Interface] = []
      while let row = try rows.next() {
        guard !scope.excluding.contains(InterfaceID(try row.string(0))) else { continue }
        let interface = try InterfaceRecord.interface(row)
        if inScope(
          interface.connection, holdsPort: interface.state.holdsPort,
          pending: interface.state.apiStatus.isPending, live: interface.state.apiStatus.isLive)
        {
          interfaces.append(interface)
        }
      }
      return interfaces
    }
    if !scope.everything {
      let holding = InterfaceState.allCases.filter(\.holdsPort).map(\.rawValue)
      let pending = InterfaceState.allCases.filter(\.apiStatus.isPending).map(\.rawValue)
      let live = InterfaceState.allCases.filter(\.apiStatus.isLive).map(\.rawValue)
      guard
        let condition = condition(
          stateColumn: "state", holding: holding, pending: pending, live: live,
          into: &arguments)
      else { return [] }
      sql += " AND (\(condition))"
    }
    let rows = try Row.fetchCursor(
      db, sql: sql + " ORDER BY position", arguments: StatementArguments(arguments))
    var interfaces: [Interface] = []
    while let row = try rows.next() {
      guard !scope.excluding.contains(InterfaceID(try row.string(0))) else { continue }
      interfaces.append(try InterfaceRecord.interface(row))
    }
    return interfaces
  }

  /// A scope too big to spell out as SQL parameters (SQLite allows 32,766 per statement;
  /// `approve --all` on a big batch names every account of it): such a scope reads the table
  /// whole and filters here, which for a scope this size costs about the same.
  var isLarge: Bool {
    !scope.everything
      && scope.accessPoints.count + scope.accounts.count + scope.connections.count
        + scope.quotaAccessPoints.count > 4_000
  }

  /// The same test as ``condition(stateColumn:holding:pending:live:into:)``, in Swift, for
  /// large scopes; `excluding` too.
  func inScope(_ connection: Connection, holdsPort: Bool, pending: Bool, live: Bool) -> Bool {
    guard !scope.excluding.contains(connection.id) else { return false }
    return
      (holdsPort && connection.device != nil && connection.port != nil
      && scope.accessPoints.contains(connection.accessPoint))
      || (pending && scope.accounts.contains(connection.account))
      || (live && scope.accounts.contains(connection.account)
        && scope.quotaAccessPoints.contains(connection.accessPoint))
      || scope.connections.contains(connection.id)
  }

  /// The scope's four reasons to read a connection or an interface, as one `OR` over indexed
  /// columns (which SQLite answers with one index lookup per term); `nil` when the scope names
  /// nothing. `stateColumn` is `status` or `state`; `holding`, `pending` and `live` are the
  /// status values that hold a port, that count as pending and that count against the access
  /// point quota, taken from the model so that they cannot disagree with it.
  func condition(
    stateColumn: String, holding: [String], pending: [String], live: [String],
    into arguments: inout [String]
  ) -> String? {
    var terms: [String] = []
    if !scope.accessPoints.isEmpty {
      terms.append(
        "(access_point IN (\(placeholders(scope.accessPoints.count)))"
          + " AND \(stateColumn) IN (\(placeholders(holding.count)))"
          + " AND device IS NOT NULL AND port IS NOT NULL)")
      arguments += scope.accessPoints.map(\.rawValue) + holding
    }
    if !scope.accounts.isEmpty {
      terms.append(
        "(account IN (\(placeholders(scope.accounts.count)))"
          + " AND \(stateColumn) IN (\(placeholders(pending.count))))")
      arguments += scope.accounts.map(\.rawValue) + pending
    }
    if !scope.accounts.isEmpty && !scope.quotaAccessPoints.isEmpty {
      terms.append(
        "(account IN (\(placeholders(scope.accounts.count)))"
          + " AND access_point IN (\(placeholders(scope.quotaAccessPoints.count)))"
          + " AND \(stateColumn) IN (\(placeholders(live.count))))")
      arguments += scope.accounts.map(\.rawValue) + scope.quotaAccessPoints.map(\.rawValue) + live
    }
    if !scope.connections.isEmpty {
      terms.append("id IN (\(placeholders(scope.connections.count)))")
      arguments += scope.connections.map(\.rawValue)
    }
    return terms.isEmpty ? nil : terms.joined(separator: " OR ")
  }
}
