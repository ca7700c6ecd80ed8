import Foundation
import Patchbay
internal import PostgresNIO

/// The columns of `interface`, `history` and `connection` as PostgreSQL queries select them, and
/// the values read back: times come back as the same ISO 8601 text the SQLite store keeps, so
/// both backends build identical values.
enum PostgresRecords {
  /// A `timestamptz` column as ISO 8601 text in UTC with milliseconds, as ``StoredValues`` writes.
  static func isoText(_ column: String) -> String {
    "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
  }

  /// The columns written by an `INSERT`, in ``InterfaceColumns`` order.
  static let interfaceColumns =
    "id, account, region, access_point, line_operator, port_type, redundant_connection, "
    + "priority, state, loa, rejection_reason, device, port, delivery, created_at, updated_at"

  /// `SELECT` of every interface column, to be followed by a `WHERE` or an `ORDER BY`.
  static let interfaceSelect = "SELECT \(interfaceSelected) FROM patchbay.interface"

  /// ``interfaceSelect`` with the application order (`position`) as a seventeenth column, for
  /// ``interfaceAndPosition(_:)``.
  static let interfaceSelectWithPosition =
    "SELECT \(interfaceSelected), position FROM patchbay.interface"

  private static let interfaceSelected =
    "id, account, region, access_point, line_operator, port_type, redundant_connection, "
    + "priority, state, loa, rejection_reason, device, port, delivery, "
    + "\(isoText("created_at")), \(isoText("updated_at"))"

  /// The record type of a batch of interfaces in `json_to_recordset`.
  static let recordColumns =
    "id text, account text, region text, access_point text, line_operator text, "
    + "port_type text, redundant_connection text, priority integer, state text, loa text, "
    + "rejection_reason text, device text, port text, delivery text, created_at timestamptz, "
    + "updated_at timestamptz, holds boolean"

  static let historySelect =
    "SELECT interface, sequence, \(isoText("at")), action, from_state, to_state, detail "
    + "FROM patchbay.history"

  static let connectionSelect =
    "SELECT id, account, access_point, device, port, port_type, status, redundant_connection "
    + "FROM patchbay.connection"

  /// A JSON array of the interfaces' columns, for `json_to_recordset`.
  static func writeJSON(_ columns: [InterfaceColumns], into writer: inout JSONWriter) {
    writer.raw("[")
    for (index, item) in columns.enumerated() {
      if index > 0 { writer.raw(",") }
      item.writeJSON(into: &writer)
    }
    writer.raw("]")
  }

  static func interfaces(_ rows: PostgresRowSequence) async throws -> [Interface] {
    var interfaces: [Interface] = []
    for try await row in rows { interfaces.append(try interface(row)) }
    return interfaces
  }

  /// The interface in a row selected with ``interfaceSelect``.
  static func interface(_ row: PostgresRow) throws -> Interface {
    let (
      id, account, region, accessPoint, lineOperator, portType, redundant, priority, state, loa,
      rejection, device, port, delivery, created, updated
    ) = try row.decode(
      (
        String, String, String, String, String, String, String?, Int, String, String?, String?,
        String?, String?, String?, String, String
      ).self)
    return try InterfaceColumns(
      id: id, account: account, region: region, accessPoint: accessPoint,
      lineOperator: lineOperator, portType: portType, redundantConnection: redundant,
      priority: priority, state: state, loa: loa, rejectionReason: rejection, device: device,
      port: port, delivery: delivery, createdAt: created, updatedAt: updated
    ).interface()
  }

  /// The interface and its `position` in a row selected with ``interfaceSelectWithPosition``.
  static func interfaceAndPosition(_ row: PostgresRow) throws -> (Interface, Int64) {
    let (
      id, account, region, accessPoint, lineOperator, portType, redundant, priority, state, loa,
      rejection, device, port, delivery, created, updated, position
    ) = try row.decode(
      (
        String, String, String, String, String, String, String?, Int, String, String?, String?,
        String?, String?, String?, String, String, Int64
      ).self)
    let interface = try InterfaceColumns(
      id: id, account: account, region: region, accessPoint: accessPoint,
      lineOperator: lineOperator, portType: portType, redundantConnection: redundant,
      priority: priority, state: state, loa: loa, rejectionReason: rejection, device: device,
      port: port, delivery: delivery, createdAt: created, updatedAt: updated
    ).interface()
    return (interface, position)
  }

  static func history(_ rows: PostgresRowSequence) async throws -> [HistoryEntry] {
    var entries: [HistoryEntry] = []
    for try await (interface, sequence, at, action, from, to, detail) in rows.decode(
      (String, Int, String, String, String?, String, String?).self)
    {
      let what = "history \(sequence) of \(interface)"
      entries.append(
        HistoryEntry(
          interface: InterfaceID(interface), sequence: sequence,
          at: try StoredValues.date(at, what),
          action: try StoredValues.value(InterfaceAction.self, action, what),
          from: try StoredValues.optionalValue(InterfaceState.self, from, what),
          to: try StoredValues.value(InterfaceState.self, to, what), detail: detail))
    }
    return entries
  }

  static func connections(_ rows: PostgresRowSequence) async throws -> [Connection] {
    var connections: [Connection] = []
    for try await (id, account, accessPoint, device, port, portType, status, redundant)
      in rows.decode(
        (String, String, String, String?, String?, String, String, String?).self)
    {
      let what = "connection \(id)"
      connections.append(
        Connection(
          id: ConnectionID(id), account: AccountID(account),
          accessPoint: AccessPointID(accessPoint), device: device.map { DeviceID($0) },
          port: port, portType: try StoredValues.value(PortType.self, portType, what),
          status: try StoredValues.value(ConnectionStatus.self, status, what),
          redundantConnection: redundant.map { ConnectionID($0) }))
    }
    return connections
  }
}
