import Foundation
internal import GRDB
import Patchbay

/// Loads a whole inventory into an empty database (`patchbay state init`), in the caller's
/// transaction.
///
/// Big inventories have millions of ports, so each table is filled through one prepared
/// statement reused for every row, inside the one transaction (one journal write, one sync).
/// Imported connections that hold a port get their `port_holding` row here, so from the first
/// command on SQLite refuses those ports to interfaces.
enum InventoryImport {
  static func run(_ db: Database, _ inventory: Inventory, path: String) throws {
    if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM inventory_info)") == true {
      throw StoreError.alreadyInitialized(path)
    }
    // The indexes of connections and holdings are filled in random order; with SQLite's default
    // 2 MB page cache most inserts would wait for a page read. 256 MB, for this import only.
    let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
    try db.execute(sql: "PRAGMA cache_size = -262144")
    defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
    let region = try db.makeStatement(
      sql: "INSERT INTO region (position, id, name) VALUES (?, ?, ?)")
    for (index, item) in inventory.regions.enumerated() {
      try region.execute(arguments: [index + 1, item.id.rawValue, item.name])
    }

    let accessPoint = try db.makeStatement(
      sql: """
        INSERT INTO access_point
          (position, id, region, name, status, line_operators, port_types, location)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (index, item) in inventory.accessPoints.enumerated() {
      try accessPoint.execute(arguments: [
        index + 1, item.id.rawValue, item.region.rawValue, item.name, item.status.rawValue,
        StoredValues.text(item.lineOperators), Int(item.portTypes.rawValue), item.location,
      ])
    }

    let device = try db.makeStatement(
      sql: "INSERT INTO device (position, id, access_point, cabinet) VALUES (?, ?, ?, ?)")
    let port = try db.makeStatement(
      sql: "INSERT INTO port (device, position, name, accepts) VALUES (?, ?, ?, ?)")
    for (index, item) in inventory.devices.enumerated() {
      let position = index + 1
      try device.execute(arguments: [
        position, item.id.rawValue, item.accessPoint.rawValue, item.cabinet,
      ])
      for (portIndex, portItem) in item.ports.enumerated() {
        port.setUncheckedArguments([
          position, portIndex + 1, portItem.name, Int(portItem.accepts.rawValue),
        ])
        try port.execute()
      }
    }

    let connection = try db.makeStatement(sql: ConnectionRecord.insert)
    for (index, item) in inventory.connections.enumerated() {
      try connection.execute(arguments: ConnectionRecord.arguments(item, position: index + 1))
      if item.status.holdsPort, let deviceID = item.device, let portName = item.port {
        try PortHoldings.take(db, device: deviceID, port: portName, by: .connection(item.id))
      }
    }

    let whitelist = try db.makeStatement(sql: "INSERT INTO whitelist (account) VALUES (?)")
    for account in inventory.highSpeedWhitelist {
      try whitelist.execute(arguments: [account.rawValue])
    }
    try db.execute(
      sql: """
        INSERT INTO policy (singleton, max_pending_per_account, max_connections_per_access_point)
        VALUES (1, ?, ?)
        """,
      arguments: [
        inventory.policy.maxPendingPerAccount, inventory.policy.maxConnectionsPerAccessPoint,
      ])
    try db.execute(
      sql: "INSERT INTO inventory_info (singleton, imported_at) VALUES (1, ?)",
      arguments: [StoredValues.text(Date())])
  }
}
