import Foundation
import Patchbay

/// An ``Interface`` as the text and integer columns both backends store: enumerations by their
/// API spelling, the LOA and the delivery report as JSON text, times as ISO 8601 text with
/// milliseconds. One spelling for both, so that a database's export is the same bytes on SQLite
/// and on PostgreSQL.
struct InterfaceColumns {
  var id: String
  var account: String
  var region: String
  var accessPoint: String
  var lineOperator: String
  var portType: String
  var redundantConnection: String?
  var priority: Int
  var state: String
  var loa: String?
  var rejectionReason: String?
  var device: String?
  var port: String?
  var delivery: String?
  var createdAt: String
  var updatedAt: String

  init(_ interface: Interface) throws {
    id = interface.id.rawValue
    account = interface.account.rawValue
    region = interface.region.rawValue
    accessPoint = interface.accessPoint.rawValue
    lineOperator = interface.lineOperator.rawValue
    portType = interface.portType.rawValue
    redundantConnection = interface.redundantConnection?.rawValue
    priority = interface.priority
    state = interface.state.rawValue
    loa = interface.loa.map(LOAJSON.text)
    rejectionReason = interface.rejectionReason
    device = interface.device?.rawValue
    port = interface.port
    delivery = try interface.delivery.map(DeliveryJSON.text)
    createdAt = StoredValues.text(interface.createdAt)
    updatedAt = StoredValues.text(interface.updatedAt)
  }

  init(
    id: String, account: String, region: String, accessPoint: String, lineOperator: String,
    portType: String, redundantConnection: String?, priority: Int, state: String, loa: String?,
    rejectionReason: String?, device: String?, port: String?, delivery: String?,
    createdAt: String, updatedAt: String
  ) {
    self.id = id
    self.account = account
    self.region = region
    self.accessPoint = accessPoint
    self.lineOperator = lineOperator
    self.portType = portType
    self.redundantConnection = redundantConnection
    self.priority = priority
    self.state = state
    self.loa = loa
    self.rejectionReason = rejectionReason
    self.device = device
    self.port = port
    self.delivery = delivery
    self.createdAt = createdAt
    self.updatedAt = updatedAt
  }

  /// The interface these columns hold, or ``UnreadableValue`` naming the column that is wrong.
  func interface() throws -> Interface {
    let what = "interface \(id)"
    return Interface(
      id: InterfaceID(id), account: AccountID(account), region: RegionID(region),
      accessPoint: AccessPointID(accessPoint),
      lineOperator: try StoredValues.value(LineOperator.self, lineOperator, what),
      portType: try StoredValues.value(PortType.self, portType, what),
      redundantConnection: redundantConnection.map { ConnectionID($0) }, priority: priority,
      state: try StoredValues.value(InterfaceState.self, state, what),
      loa: try loa.map { try LOAJSON.loa($0, what) }, rejectionReason: rejectionReason,
      device: device.map { DeviceID($0) }, port: port,
      delivery: try delivery.map { try DeliveryJSON.report($0, what) },
      createdAt: try StoredValues.date(createdAt, "\(what) created_at"),
      updatedAt: try StoredValues.date(updatedAt, "\(what) updated_at"))
  }

  /// Whether these columns say the interface holds a port now.
  var holdsPort: Bool {
    InterfaceState(rawValue: state)?.holdsPort == true && device != nil && port != nil
  }

  /// One JSON object of the columns, named as the table's columns, for PostgreSQL's
  /// `json_to_recordset` (a batch of rows in one parameter, nulls included).
  func writeJSON(into writer: inout JSONWriter) {
    func text(_ value: String?) -> JSONScalar { value.map { .string($0) } ?? .null }
    writer.inlineObject([
      ("id", .string(id)), ("account", .string(account)), ("region", .string(region)),
      ("access_point", .string(accessPoint)), ("line_operator", .string(lineOperator)),
      ("port_type", .string(portType)), ("redundant_connection", text(redundantConnection)),
      ("priority", .int(priority)), ("state", .string(state)), ("loa", text(loa)),
      ("rejection_reason", text(rejectionReason)), ("device", text(device)),
      ("port", text(port)), ("delivery", text(delivery)), ("created_at", .string(createdAt)),
      ("updated_at", .string(updatedAt)), ("holds", .bool(holdsPort)),
    ])
  }
}
