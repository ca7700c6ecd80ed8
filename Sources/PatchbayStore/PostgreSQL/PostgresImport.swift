import Foundation
import Patchbay
internal import PostgresNIO

/// Loads a whole inventory into an empty database (`patchbay state init`), in the caller's
/// transaction.
///
/// Big inventories have millions of ports: each table is sent with one `COPY ... FROM STDIN`
/// (text format, streamed in chunks of about a megabyte), which PostgreSQL loads many times
/// faster than row-by-row inserts. Imported connections that hold a port get their
/// `port_holding` row in one `INSERT ... SELECT`, so from the first command on PostgreSQL
/// refuses those ports to interfaces.
struct PostgresImport {
  let transaction: PostgresTransaction
  let database: String

  func run(_ inventory: Inventory) async throws {
    let rows = try await transaction.query(
      "SELECT EXISTS (SELECT 1 FROM patchbay.inventory_info)")
    for try await imported in rows.decode(Bool.self) where imported {
      throw StoreError.alreadyInitialized(database)
    }
    // postgres-nio's `copyFrom` quotes the table name whole, so a qualified name would not
    // resolve: name the tables through the search path, for this transaction only.
    try await transaction.execute("SET LOCAL search_path = patchbay, pg_catalog")
    try await copy("region", ["position", "id", "name"]) { rows in
      for (index, item) in inventory.regions.enumerated() {
        rows.row([String(index + 1), item.id.rawValue, item.name])
      }
    }
    try await copy(
      "access_point",
      [
        "position", "id", "region", "name", "status", "line_operators", "port_types", "location",
      ]
    ) { rows in
      for (index, item) in inventory.accessPoints.enumerated() {
        rows.row([
          String(index + 1), item.id.rawValue, item.region.rawValue, item.name,
          item.status.rawValue, StoredValues.text(item.lineOperators),
          String(item.portTypes.rawValue), item.location,
        ])
      }
    }
    try await copy("device", ["position", "id", "access_point", "cabinet"]) { rows in
      for (index, item) in inventory.devices.enumerated() {
        rows.row([String(index + 1), item.id.rawValue, item.accessPoint.rawValue, item.cabinet])
      }
    }
    try await copy("port", ["device", "position", "name", "accepts"]) { rows in
      for (index, item) in inventory.devices.enumerated() {
        let device = String(index + 1)
        for (portIndex, port) in item.ports.enumerated() {
          rows.row([device, String(portIndex + 1), port.name, String(port.accepts.rawValue)])
        }
      }
    }
    try await copy(
      "connection",
      [
        "position", "id", "account", "access_point", "device", "port", "port_type", "status",
        "redundant_connection",
      ]
    ) { rows in
      for (index, item) in inventory.connections.enumerated() {
        rows.row([
          String(index + 1), item.id.rawValue, item.account.rawValue, item.accessPoint.rawValue,
          item.device?.rawValue, item.port, item.portType.rawValue, item.status.rawValue,
          item.redundantConnection?.rawValue,
        ])
      }
    }
    let holding = ConnectionStatus.allCases.filter(\.holdsPort).map(\.rawValue)
    do {
      try await transaction.execute(
        """
        INSERT INTO patchbay.port_holding (device, port, connection)
        SELECT device, port, id FROM patchbay.connection
        WHERE status = ANY(\(holding)::text[]) AND device IS NOT NULL AND port IS NOT NULL
        """)
    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
      // The checked inventory holds each port once; a database refusing it says otherwise.
      throw StoreError.unavailable(
        database,
        reason:
          "two connections of the inventory hold one port: \(error.serverInfo?[.detail] ?? "")")
    }
    try await copy("whitelist", ["account"]) { rows in
      for account in inventory.highSpeedWhitelist.sorted(by: { $0.rawValue < $1.rawValue }) {
        rows.row([account.rawValue])
      }
    }
    let limit = inventory.policy.maxPendingPerAccount
    let quota = inventory.policy.maxConnectionsPerAccessPoint
    try await transaction.execute(
      """
      INSERT INTO patchbay.policy (singleton, max_pending_per_account, max_connections_per_access_point)
      VALUES (1, \(limit), \(quota))
      """)
    let now = StoredValues.text(Date())
    try await transaction.execute(
      """
      INSERT INTO patchbay.inventory_info (singleton, imported_at)
      VALUES (1, \(now)::timestamptz)
      """)
  }

  /// Sends the rows `fill` writes to the table with one `COPY`.
  private func copy(
    _ table: String, _ columns: [String], fill: (inout CopyRows) -> Void
  ) async throws {
    var rows = CopyRows()
    fill(&rows)
    let chunks = rows.chunks
    try await transaction.connection.connection.copyFrom(
      table: table, columns: columns, logger: transaction.logger
    ) { writer in
      for chunk in chunks {
        try await writer.write(ByteBuffer(bytes: chunk))
      }
    }
  }
}

/// Rows in `COPY`'s text format: tab between columns, a newline after each row, `\N` for null,
/// and backslash, tab, newline and carriage return escaped, so any name survives.
struct CopyRows {
  private(set) var chunks: [[UInt8]] = [[]]
  private static let chunkSize = 1 << 20

  mutating func row(_ values: [String?]) {
    var bytes = chunks[chunks.count - 1]
    chunks[chunks.count - 1] = []
    for (index, value) in values.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: "\t")) }
      guard let value else {
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
        continue
      }
      for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        default: bytes.append(byte)
        }
      }
    }
    bytes.append(UInt8(ascii: "\n"))
    chunks[chunks.count - 1] = bytes
    if bytes.count >= Self.chunkSize { chunks.append([]) }
  }
}
