import Foundation
internal import GRDB
import Patchbay

/// An ``Interface`` as a row of `interface`: one typed column per field, the delivery report as
/// JSON text; and its LOA as JSON text in a row of `interface_loa` keyed by the interface's
/// `position` (schema v5: the LOA is written once, and a state change then rewrites a row a
/// third of the size). Both are read and written whole, never queried by field.
enum InterfaceRecord {
  /// The columns as a `SELECT` of ``from`` names them: ``stored`` with the LOA in tenth place.
  static let columns =
    "id, account, region, access_point, line_operator, port_type, redundant_connection, "
    + "priority, state, loa, rejection_reason, device, port, delivery, created_at, updated_at"

  /// The columns of the `interface` table: ``columns`` without the LOA.
  static let stored =
    "id, account, region, access_point, line_operator, port_type, redundant_connection, "
    + "priority, state, rejection_reason, device, port, delivery, created_at, updated_at"

  /// The interfaces with their LOAs. No column name is in both tables, so conditions name
  /// `interface`'s columns as before.
  static let from =
    "interface LEFT JOIN interface_loa ON interface_loa.interface = interface.position"

  /// `SELECT` of every interface column, to be followed by a `WHERE` or an `ORDER BY`.
  static let select = "SELECT \(columns) FROM \(from)"

  static let insert = "INSERT INTO interface (\(stored)) VALUES (\(placeholders(15)))"

  /// Every stored column but the id, which is the last argument (``updateArguments(_:)``).
  static let update =
    "UPDATE interface SET "
    + stored.split(separator: ",").dropFirst()
    .map { "\($0.drop { $0 == " " }) = ?" }.joined(separator: ", ") + " WHERE id = ?"

  /// The LOA of the interface whose id is `?1`, written only when it is new or changed (a step
  /// that keeps the LOA rewrites nothing): `?2` is its JSON text.
  static let writeLOA = """
    INSERT INTO interface_loa (interface, loa) SELECT position, ?2 FROM interface WHERE id = ?1
    ON CONFLICT (interface) DO UPDATE SET loa = excluded.loa WHERE loa IS NOT excluded.loa
    """

  /// Forgets the LOA of the interface whose id is `?1`.
  static let removeLOA =
    "DELETE FROM interface_loa WHERE interface = (SELECT position FROM interface WHERE id = ?1)"

  /// Keeps the interface's LOA row in step with its ``Interface/loa``; the interface's row is
  /// written first.
  static func writeLOA(of interface: Interface, in db: Database) throws {
    if let loa = interface.loa {
      try db.cachedStatement(sql: writeLOA)
        .execute(arguments: [interface.id.rawValue, LOAJSON.text(loa)])
    } else {
      try db.cachedStatement(sql: removeLOA).execute(arguments: [interface.id.rawValue])
    }
  }

  /// The columns a placement changes (``SQLiteTransaction/update(all:placementsOnly:)``):
  /// the state, device, port and `updated_at`, then the id. The other indexes of the table stay
  /// as they are, and the LOA is not written again.
  static let updatePlacement =
    "UPDATE interface SET state = ?, device = ?, port = ?, updated_at = ? WHERE id = ?"

  /// Interfaces one ``updatePlacements(rows:)`` writes at most: 5 parameters each, below the
  /// oldest limit of SQLite's parameters (999).
  static let placementsPerUpdate = 199

  /// ``updatePlacement`` of `rows` interfaces in one statement, from a table of (id, state,
  /// device, port, `updated_at`) rows; `OR FAIL`, so that SQLite keeps no statement journal
  /// (no row can fail: the caller has counted the ids).
  static func updatePlacements(rows: Int) -> String {
    "UPDATE OR FAIL interface SET state = placed.column2, device = placed.column3, "
      + "port = placed.column4, updated_at = placed.column5 FROM (VALUES "
      + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
      + ") AS placed WHERE interface.id = placed.column1"
  }

  static func arguments(_ interface: Interface) throws -> StatementArguments {
    StatementArguments(try values(interface))
  }

  static func updateArguments(_ interface: Interface) throws -> StatementArguments {
    let values = try values(interface)
    return StatementArguments(Array(values.dropFirst()) + [values[0]])
  }

  /// The values of ``stored``, in order.
  static func values(_ interface: Interface) throws -> [(any DatabaseValueConvertible)?] {
    [
      interface.id.rawValue, interface.account.rawValue, interface.region.rawValue,
      interface.accessPoint.rawValue, interface.lineOperator.rawValue,
      interface.portType.rawValue, interface.redundantConnection?.rawValue, interface.priority,
      interface.state.rawValue, interface.rejectionReason, interface.device?.rawValue,
      interface.port,
      try interface.delivery.map(DeliveryJSON.text), StoredValues.text(interface.createdAt),
      StoredValues.text(interface.updatedAt),
    ]
  }

  /// The interface in a row selected with ``select``.
  static func interface(_ row: Row) throws -> Interface {
    var dates = StoredDates()
    return try interface(row, dates: &dates)
  }

  /// ``interface(_:)`` with the times read through `dates`, which the rows of one query share.
  static func interface(_ row: Row, dates: inout StoredDates) throws -> Interface {
    let id: String = try row.value(0)
    let what = "interface \(id)"
    return Interface(
      id: InterfaceID(id), account: AccountID(try row.string(1)),
      region: RegionID(try row.string(2)), accessPoint: AccessPointID(try row.string(3)),
      lineOperator: try StoredValues.value(LineOperator.self, try row.string(4), what),
      portType: try StoredValues.value(PortType.self, try row.string(5), what),
      redundantConnection: try row.optionalString(6).map { ConnectionID($0) },
      priority: try row.value(7, as: Int.self),
      state: try StoredValues.value(InterfaceState.self, try row.string(8), what),
      loa: try row.optionalString(9).map { try LOAJSON.loa($0, what) },
      rejectionReason: try row.optionalString(10),
      device: try row.optionalString(11).map { DeviceID($0) },
      port: try row.optionalString(12),
      delivery: try row.optionalString(13).map { try DeliveryJSON.report($0, what) },
      createdAt: try dates.date(try row.string(14), "\(what) created_at"),
      updatedAt: try dates.date(try row.string(15), "\(what) updated_at"))
  }
}
