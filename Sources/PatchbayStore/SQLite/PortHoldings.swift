internal import GRDB
import Patchbay

/// Who holds which device port: one row of `port_holding` per taken port, keyed by the port.
///
/// The primary key is what keeps a port from being given twice: two transactions that both
/// decide a port is free cannot both commit a row for it, whatever they read before. A refused
/// insert becomes ``StoreError/portTaken(device:port:holder:)`` naming the current holder.
enum PortHoldings {
  /// A holder as messages name it.
  enum Holder {
    case connection(ConnectionID)
    case interface(InterfaceID)
  }

  /// Records that `holder` holds the port; throws ``StoreError/portTaken(device:port:holder:)``
  /// when someone else does.
  static func take(_ db: Database, device: DeviceID, port: String, by holder: Holder) throws {
    let (connection, interface): (String?, String?) =
      switch holder {
      case .connection(let id): (id.rawValue, nil)
      case .interface(let id): (nil, id.rawValue)
      }
    let statement = try db.cachedStatement(
      sql: "INSERT INTO port_holding (device, port, connection, interface) VALUES (?, ?, ?, ?)")
    do {
      try statement.execute(arguments: [device.rawValue, port, connection, interface])
    } catch let error as DatabaseError
      where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    {
      throw StoreError.portTaken(
        device: device, port: port, holder: try currentHolder(db, device: device, port: port))
    }
  }

  /// Keeps an interface's holding in step with the interface: the port it names while its state
  /// holds one, none otherwise. The caller runs it in a savepoint with the interface's own
  /// change, so that a refused port leaves both as they were.
  static func follow(_ db: Database, _ interface: Interface) throws {
    let wanted: (device: DeviceID, port: String)? =
      if interface.state.holdsPort, let device = interface.device, let port = interface.port {
        (device, port)
      } else {
        nil
      }
    let held = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT device, port FROM port_holding WHERE interface = ?"),
      arguments: [interface.id.rawValue])
    if let held, let wanted, try held.value(0, as: String.self) == wanted.device.rawValue,
      try held.value(1, as: String.self) == wanted.port
    {
      return
    }
    if held != nil {
      try db.cachedStatement(sql: "DELETE FROM port_holding WHERE interface = ?")
        .execute(arguments: [interface.id.rawValue])
    }
    if let wanted {
      try take(db, device: wanted.device, port: wanted.port, by: .interface(interface.id))
    }
  }

  /// The holdings of `rows` interfaces, `(device, port, interface)` each, in one statement that
  /// stops at the first one refused and keeps those before it (`OR FAIL`; `changes()` counts
  /// them). Its foreign keys are deferred (schema v5), so SQLite keeps no statement journal.
  static func insertForInterfaces(rows: Int) -> String {
    "INSERT OR FAIL INTO port_holding (device, port, interface) VALUES "
      + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")
  }

  /// "connection ID" or "interface ID", for ``StoreError/portTaken(device:port:holder:)``.
  static func currentHolder(_ db: Database, device: DeviceID, port: String) throws -> String {
    let row = try Row.fetchOne(
      db.cachedStatement(
        sql: "SELECT connection, interface FROM port_holding WHERE device = ? AND port = ?"),
      arguments: [device.rawValue, port])
    if let row, let connection = try row.optional(0, as: String.self) {
      return "connection \(connection)"
    }
    if let row, let interface = try row.optional(1, as: String.self) {
      return "interface \(interface)"
    }
    return "another holder"
  }
}
