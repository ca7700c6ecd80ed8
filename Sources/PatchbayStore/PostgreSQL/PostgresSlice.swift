import Patchbay
internal import PostgresNIO

/// Reads the part of the inventory an ``InventoryScope`` asks for (see ``InventorySlice``), as
/// the SQLite store's `SliceQuery` does, with the scope's names bound as arrays (`= ANY($1)`):
/// PostgreSQL has no parameter limit to work around, so a scope of any size is one query per
/// table, each answered from the same indexes.
struct PostgresSlice {
  let transaction: PostgresTransaction
  let scope: InventoryScope

  func run() async throws -> InventorySlice {
    InventorySlice(
      regions: try await regions(), accessPoints: try await accessPoints(),
      devices: try await devices(), connections: try await connections(),
      interfaces: try await interfaces(), highSpeedWhitelist: try await whitelist(),
      policy: try await policy())
  }

  private var accessPointNames: [String] { scope.accessPoints.map(\.rawValue) }
  private var accountNames: [String] { scope.accounts.map(\.rawValue) }
  private var connectionNames: [String] { scope.connections.map(\.rawValue) }
  /// No account's live connections are read by access point without both.
  private var quotaAccessPointNames: [String] {
    scope.accounts.isEmpty ? [] : scope.quotaAccessPoints.map(\.rawValue)
  }

  // MARK: Always whole

  func regions() async throws -> [Region] {
    var regions: [Region] = []
    for try await (id, name) in try await transaction.query(
      "SELECT id, name FROM patchbay.region ORDER BY position"
    ).decode((String, String?).self) {
      regions.append(Region(id: RegionID(id), name: name))
    }
    return regions
  }

  func accessPoints() async throws -> [AccessPoint] {
    var accessPoints: [AccessPoint] = []
    let rows = try await transaction.query(
      """
      SELECT id, region, name, status, line_operators, port_types::integer, location
      FROM patchbay.access_point ORDER BY position
      """)
    for try await (id, region, name, status, operators, portTypes, location) in rows.decode(
      (String, String, String?, String, String, Int, String?).self)
    {
      let what = "access point \(id)"
      accessPoints.append(
        AccessPoint(
          id: AccessPointID(id), region: RegionID(region), name: name,
          status: try StoredValues.value(AccessPointStatus.self, status, what),
          lineOperators: try StoredValues.lineOperators(operators, what),
          portTypes: try StoredValues.portTypes(Int64(portTypes), what), location: location))
    }
    return accessPoints
  }

  /// The whitelisted accounts among the scope's (all of them for the whole inventory).
  func whitelist() async throws -> Set<AccountID> {
    let rows: PostgresRowSequence
    if scope.everything {
      rows = try await transaction.query("SELECT account FROM patchbay.whitelist")
    } else {
      guard !scope.accounts.isEmpty else { return [] }
      rows = try await transaction.query(
        "SELECT account FROM patchbay.whitelist WHERE account = ANY(\(accountNames)::text[])")
    }
    var accounts: Set<AccountID> = []
    for try await account in rows.decode(String.self) { accounts.insert(AccountID(account)) }
    return accounts
  }

  func policy() async throws -> Policy {
    let rows = try await transaction.query(
      "SELECT max_pending_per_account, max_connections_per_access_point FROM patchbay.policy")
    for try await (limit, quota) in rows.decode((Int?, Int?).self) {
      return Policy(maxPendingPerAccount: limit, maxConnectionsPerAccessPoint: quota)
    }
    return Policy()
  }

  // MARK: Scoped

  /// The scope's devices with their ports in position order: two ordered scans, merged.
  func devices() async throws -> [Device] {
    if !scope.everything && scope.accessPoints.isEmpty { return [] }
    let names = accessPointNames
    // Two statements, not one with `$everything OR ...`: a plan that must also serve the whole
    // table cannot use the indexes, and would scan every port for one access point.
    let deviceRows =
      scope.everything
      ? try await transaction.query(
        "SELECT position, id, access_point, cabinet FROM patchbay.device ORDER BY position")
      : try await transaction.query(
        """
        SELECT position, id, access_point, cabinet FROM patchbay.device
        WHERE access_point = ANY(\(names)::text[]) ORDER BY position
        """)
    var devices: [Device] = []
    var positions: [Int] = []
    for try await (position, id, accessPoint, cabinet) in deviceRows.decode(
      (Int, String, String, String?).self)
    {
      positions.append(position)
      devices.append(
        Device(
          id: DeviceID(id), accessPoint: AccessPointID(accessPoint), ports: [], cabinet: cabinet))
    }
    // One row per device with its ports as two arrays, in position order: decoding a row costs
    // far more than decoding an array element, and an access point has thousands of ports.
    let portRows =
      scope.everything
      ? try await transaction.query(
        """
        SELECT device, array_agg(name ORDER BY position), array_agg(accepts::integer ORDER BY position)
        FROM patchbay.port GROUP BY device ORDER BY device
        """)
      : try await transaction.query(
        """
        SELECT device, array_agg(name ORDER BY position), array_agg(accepts::integer ORDER BY position)
        FROM patchbay.port
        WHERE device = ANY(ARRAY(
          SELECT position FROM patchbay.device WHERE access_point = ANY(\(names)::text[])))
        GROUP BY device ORDER BY device
        """)
    var index = 0
    for try await (device, names, accepts) in portRows.decode((Int, [String], [Int]).self) {
      while index < positions.count, positions[index] < device { index += 1 }
      guard index < positions.count, positions[index] == device, names.count == accepts.count
      else {
        throw UnreadableValue(description: "ports of device position \(device) have no device")
      }
      let what = "port of \(devices[index].id)"
      devices[index].ports.reserveCapacity(names.count)
      for (name, mask) in zip(names, accepts) {
        devices[index].ports.append(
          Port(name: name, accepts: try StoredValues.portTypes(Int64(mask), what)))
      }
    }
    return devices
  }

  /// The scope's connections, in import order.
  func connections() async throws -> [Connection] {
    let holding = ConnectionStatus.allCases.filter(\.holdsPort).map(\.rawValue)
    let pending = ConnectionStatus.allCases.filter(\.isPending).map(\.rawValue)
    let live = ConnectionStatus.allCases.filter(\.isLive).map(\.rawValue)
    let rows =
      scope.everything
      ? try await transaction.query(
        "\(unescaped: PostgresRecords.connectionSelect) ORDER BY position")
      : try await transaction.query(
        """
        \(unescaped: PostgresRecords.connectionSelect)
        WHERE (access_point = ANY(\(accessPointNames)::text[])
            AND status = ANY(\(holding)::text[]) AND device IS NOT NULL AND port IS NOT NULL)
          OR (account = ANY(\(accountNames)::text[]) AND status = ANY(\(pending)::text[]))
          OR (account = ANY(\(accountNames)::text[])
            AND access_point = ANY(\(quotaAccessPointNames)::text[])
            AND status = ANY(\(live)::text[]))
          OR id = ANY(\(connectionNames)::text[])
        ORDER BY position
        """)
    return try await PostgresRecords.connections(rows).filter {
      !scope.excluding.contains($0.id)
    }
  }

  /// The scope's interfaces that are not final, in application order.
  func interfaces() async throws -> [Interface] {
    let final = InterfaceState.allCases.filter(\.isFinal).map(\.rawValue)
    let holding = InterfaceState.allCases.filter(\.holdsPort).map(\.rawValue)
    let pending = InterfaceState.allCases.filter(\.apiStatus.isPending).map(\.rawValue)
    let live = InterfaceState.allCases.filter(\.apiStatus.isLive).map(\.rawValue)
    let rows =
      scope.everything
      ? try await transaction.query(
        """
        \(unescaped: PostgresRecords.interfaceSelect)
        WHERE NOT (state = ANY(\(final)::text[])) ORDER BY position
        """)
      : try await transaction.query(
        """
        \(unescaped: PostgresRecords.interfaceSelect)
        WHERE NOT (state = ANY(\(final)::text[])) AND (
          (access_point = ANY(\(accessPointNames)::text[]) AND state = ANY(\(holding)::text[])
            AND device IS NOT NULL AND port IS NOT NULL)
          OR (account = ANY(\(accountNames)::text[]) AND state = ANY(\(pending)::text[]))
          OR (account = ANY(\(accountNames)::text[])
            AND access_point = ANY(\(quotaAccessPointNames)::text[])
            AND state = ANY(\(live)::text[]))
          OR id = ANY(\(connectionNames)::text[]))
        ORDER BY position
        """)
    var interfaces: [Interface] = []
    for try await row in rows {
      // The batch being placed is usually most of the rows of a big scope: skip its rows
      // before decoding their LOAs.
      if let cell = row.first,
        scope.excluding.contains(InterfaceID(try cell.decode(String.self)))
      {
        continue
      }
      let interface = try PostgresRecords.interface(row)
      if !scope.excluding.contains(interface.id) { interfaces.append(interface) }
    }
    return interfaces
  }
}
