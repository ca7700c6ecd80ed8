internal import GRDB
import Patchbay

/// An imported ``Connection`` as a row of `connection`, every field kept as the inventory had it.
/// Its `position` is its place in the inventory, so an export lists connections in import order.
enum ConnectionRecord {
  static let insert = """
    INSERT INTO connection
      (position, id, account, access_point, device, port, port_type, status, redundant_connection)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    """

  /// Every column after `position`, in the order ``connection(_:)`` reads them from 1.
  static let select = """
    SELECT position, id, account, access_point, device, port, port_type, status,
      redundant_connection
    FROM connection
    """

  static func arguments(_ connection: Connection, position: Int) -> StatementArguments {
    let values: [(any DatabaseValueConvertible)?] = [
      position, connection.id.rawValue, connection.account.rawValue,
      connection.accessPoint.rawValue, connection.device?.rawValue, connection.port,
      connection.portType.rawValue, connection.status.rawValue,
      connection.redundantConnection?.rawValue,
    ]
    return StatementArguments(values)
  }

  /// The connection in a row selected with ``select``.
  static func connection(_ row: Row) throws -> Connection {
    let id: String = try row.value(1)
    let what = "connection \(id)"
    return Connection(
      id: ConnectionID(id), account: AccountID(try row.string(2)),
      accessPoint: AccessPointID(try row.string(3)),
      device: try row.optionalString(4).map { DeviceID($0) },
      port: try row.optionalString(5),
      portType: try StoredValues.value(PortType.self, try row.string(6), what),
      status: try StoredValues.value(ConnectionStatus.self, try row.string(7), what),
      redundantConnection: try row.optionalString(8).map { ConnectionID($0) })
  }
}
