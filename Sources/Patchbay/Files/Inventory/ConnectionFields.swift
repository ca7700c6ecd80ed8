/// The members of a connection, read in one pass over the object (a million connections make
/// looking each member up by name add up), with the same messages as ``JSONRecord/string``:
/// each present member is a string, and a required one is not empty.
struct ConnectionFields {
  enum Field: CaseIterable {
    case id, account, accessPoint, device, port, portType, status, redundantConnection

    var key: String {
      switch self {
      case .id: "id"
      case .account: "account"
      case .accessPoint: "accessPoint"
      case .device: "device"
      case .port: "port"
      case .portType: "portType"
      case .status: "status"
      case .redundantConnection: "redundantConnection"
      }
    }

    var isRequired: Bool {
      switch self {
      case .id, .account, .accessPoint, .portType, .status: true
      case .device, .port, .redundantConnection: false
      }
    }

    static let byKey = Dictionary(uniqueKeysWithValues: allCases.map { ($0.key, $0) })

    /// The field a member name written without escapes names, by its length and bytes.
    @inline(__always)
    init?(plainName name: UnsafeBufferPointer<UInt8>) {
      func named(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { $0.elementsEqual(name) }
      }
      switch name.count {
      case 2 where named("id"): self = .id
      case 4 where named("port"): self = .port
      case 6 where named("device"): self = .device
      case 6 where named("status"): self = .status
      case 7 where named("account"): self = .account
      case 8 where named("portType"): self = .portType
      case 11 where named("accessPoint"): self = .accessPoint
      case 19 where named("redundantConnection"): self = .redundantConnection
      default: return nil
      }
    }
  }

  /// The document once, and each member's node by position: eight values each holding the
  /// document would retain and release it eight times per connection.
  private let document: JSONDocument
  private var positions = FieldPositions()

  var id: JSONValue? { self[.id] }
  var account: JSONValue? { self[.account] }
  var accessPoint: JSONValue? { self[.accessPoint] }
  var device: JSONValue? { self[.device] }
  var port: JSONValue? { self[.port] }
  var portType: JSONValue? { self[.portType] }
  var status: JSONValue? { self[.status] }
  var redundantConnection: JSONValue? { self[.redundantConnection] }

  private func position(of field: Field) -> Int { positions[field] }

  private mutating func set(_ field: Field, to position: Int) { positions[field] = position }

  subscript(field: Field) -> JSONValue? {
    let position = position(of: field)
    return position < 0 ? nil : JSONValue(document: document, index: position)
  }

  /// One element of `connections`, or `nil` with its problems recorded, each placed at its
  /// JSON path under `base`.
  static func readConnection(
    _ element: JSONValue, index: Int, base: String, _ repeated: inout RepeatedConnectionFields,
    _ problems: inout [InputError.Problem]
  ) -> Connection? {
    let path = JSONPlace(parent: base, index: index)
    guard let record = JSONRecord.object(element, place: path, problems: &problems) else {
      return nil
    }
    let fields = Self(record, &problems)
    let id = fields.id.flatMap(\.string).map { ConnectionID($0) }
    let account = fields.account.flatMap(\.string).map { AccountID($0) }
    let accessPoint = fields.accessPoint.map { value in
      repeated.accessPoint.value(for: value) { AccessPointID($0.string ?? "") }
    }
    let device = fields.device.map { value in
      repeated.device.value(for: value) { DeviceID($0.string ?? "") }
    }
    let portName = fields.port.flatMap(\.string)
    let partner = fields.redundantConnection.flatMap(\.string).map { ConnectionID($0) }
    var portType: PortType?
    if let value = fields.portType {
      portType = repeated.portType.value(for: value) { PortType(rawValue: $0.string ?? "") }
      if portType == nil {
        problems.append(
          .init(
            place: record.path(of: "portType"),
            message: "unknown port type \"\(value.string ?? "")\"; expected one of "
              + PortType.allCases.map(\.rawValue).joined(separator: ", ")))
      }
    }
    var status: ConnectionStatus?
    if let value = fields.status {
      status = repeated.status.value(for: value) { ConnectionStatus(apiName: $0.string ?? "") }
      if status == nil {
        problems.append(
          .init(
            place: record.path(of: "status"),
            message: "unknown connection status \"\(value.string ?? "")\"; expected one of "
              + ConnectionStatus.allCases.map(\.rawValue).joined(separator: ", ")))
      }
    }
    guard let id, let account, let accessPoint, let portType, let status else { return nil }
    return Connection(
      id: id, account: account, accessPoint: accessPoint, device: device, port: portName,
      portType: portType, status: status, redundantConnection: partner)
  }

  init(_ record: JSONRecord, _ problems: inout [InputError.Problem]) {
    document = record.value.document
    var reported: Set<String> = []
    record.value.forEachMember { name, value in
      let field: Field
      if name.hasEscapes {
        // A name written with escapes (`"\u0069d"`) is rare; match it by its text.
        guard let text = name.string, let known = Field.byKey[text] else { return }
        field = known
      } else {
        guard
          let known = name.document.withTape({ Field(plainName: $0.bytes(of: name.index)) })
        else { return }
        field = known
      }
      guard position(of: field) < 0, !value.isNull else { return }
      guard value.kind == .string else {
        reported.insert(field.key)
        problems.append(
          .init(
            place: record.path(of: field.key),
            message: "must be a string; found \(value.typeDescription)"))
        return
      }
      // A string with escapes is never empty.
      if value.byteCount == 0 && field.isRequired {
        reported.insert(field.key)
        problems.append(.init(place: record.path(of: field.key), message: "must not be empty"))
        return
      }
      if field != .portType, field != .status, value.mayHoldControlCharacter,
        let problem = IdentifierRule.problem(value.string ?? "")
      {
        reported.insert(field.key)
        problems.append(.init(place: record.path(of: field.key), message: problem))
        return
      }
      set(field, to: value.index)
    }
    for field in Field.allCases
    where field.isRequired && position(of: field) < 0 && !reported.contains(field.key) {
      problems.append(
        .init(place: record.path, message: "\"\(field.key)\" is missing; it is required"))
    }
  }
}

/// The connection members that repeat from one connection to the next, with what was made of
/// them: the access point (and whether it is known), the device (and its position), the port
/// type and the status.
struct RepeatedConnectionFields {
  var accessPoint = RepeatedStringCache<AccessPointID>()
  var device = RepeatedStringCache<DeviceID>()
  var portType = RepeatedStringCache<PortType?>()
  var status = RepeatedStringCache<ConnectionStatus?>()
}

/// Each member's node on the tape by field, `-1` for an absent one: a tuple, not an array, so
/// that reading a connection allocates nothing.
struct FieldPositions {
  private var positions: (Int, Int, Int, Int, Int, Int, Int, Int) = (-1, -1, -1, -1, -1, -1, -1, -1)

  subscript(field: ConnectionFields.Field) -> Int {
    get {
      switch field {
      case .id: positions.0
      case .account: positions.1
      case .accessPoint: positions.2
      case .device: positions.3
      case .port: positions.4
      case .portType: positions.5
      case .status: positions.6
      case .redundantConnection: positions.7
      }
    }
    set {
      switch field {
      case .id: positions.0 = newValue
      case .account: positions.1 = newValue
      case .accessPoint: positions.2 = newValue
      case .device: positions.3 = newValue
      case .port: positions.4 = newValue
      case .portType: positions.5 = newValue
      case .status: positions.6 = newValue
      case .redundantConnection: positions.7 = newValue
      }
    }
  }
}

extension RepeatedConnectionFields {
  /// The connection at the tape's node `element` when it is the common case, read without
  /// making a ``JSONValue`` (each would retain the document): an object whose members are
  /// plain strings (no escapes, no byte that may start a control character) or `null`, every
  /// required one present and not empty, with a known port type and status. Anything else
  /// is `nil`, for the reader that explains problems to read again; on what this accepts,
  /// both make the same connection.
  mutating func plainConnection(at element: Int, in tape: JSONTape) -> Connection? {
    let object = tape.nodes[element]
    guard object.kind == .object else { return nil }
    var found = FieldPositions()
    var name = element + 1
    let end = Int(object.end)
    while name + 1 < end {
      let value = name + 1
      defer { name = tape.next(after: value) }
      let nameNode = tape.nodes[name]
      guard !nameNode.hasEscapes else { return nil }
      guard let field = ConnectionFields.Field(plainName: tape.bytes(of: name)) else { continue }
      let node = tape.nodes[value]
      if node.kind == .null { continue }
      guard node.kind == .string, !node.hasEscapes,
        node.end > node.start || !field.isRequired,
        field == .portType || field == .status || !tape.mayHoldControlCharacter(value)
      else { return nil }
      found[field] = value
    }
    let (id, account, accessPoint, portType, status) = (
      found[.id], found[.account], found[.accessPoint], found[.portType], found[.status]
    )
    guard id >= 0, account >= 0, accessPoint >= 0, portType >= 0, status >= 0,
      let type = self.portType.value(
        at: portType, in: tape, make: { PortType(rawValue: tape.plainString(portType)) }),
      let state = self.status.value(
        at: status, in: tape, make: { ConnectionStatus(apiName: tape.plainString(status)) })
    else { return nil }
    let (device, port, partner) = (found[.device], found[.port], found[.redundantConnection])
    return Connection(
      id: ConnectionID(tape.plainString(id)),
      account: AccountID(tape.plainString(account)),
      accessPoint: self.accessPoint.value(at: accessPoint, in: tape) {
        AccessPointID(tape.plainString(accessPoint))
      },
      device: device < 0
        ? nil
        : self.device.value(at: device, in: tape) { DeviceID(tape.plainString(device)) },
      port: port < 0 ? nil : tape.plainString(port),
      portType: type, status: state,
      redundantConnection: partner < 0 ? nil : ConnectionID(tape.plainString(partner)))
  }
}
