/// Reads `inventory.json` (FORMATS.md) into an ``Inventory``: the file's shape (JSON types,
/// required members, enumeration values, port-name runs, duplicate members) here, and every
/// contradiction between its parts (unknown references, duplicate ids and port names, two live
/// connections on one port, a connection on a port that does not accept its type) by
/// ``Inventory/init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``'s
/// own checks, each problem placed at the file's JSON path.
public enum InventoryDecoder: Sendable {
  /// Reads and decodes the inventory file at `path`.
  public static func read(path: String) throws(InputError) -> Inventory {
    try decode(FileReading.bytes(atPath: path), file: path)
  }

  /// The most ports an inventory may hold, port-name runs expanded (FORMATS.md): three times the
  /// `huge` preset's three million. A run is a few bytes that name up to
  /// 65,536 ports, so without this bound a small file could ask for
  /// gigabytes.
  public static let maximumPorts = 10_000_000

  /// Decodes inventory JSON.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - file: how messages name the file.
  ///   - maximumPorts: the most ports the file may name, runs expanded, checked before any is
  ///     made; at most ``maximumPorts``. A service that reads inventories it did not write (an
  ///     upload) may set a lower bound for the memory and time one file may take.
  public static func decode(
    _ bytes: [UInt8], file: String, maximumPorts: Int = InventoryDecoder.maximumPorts
  ) throws(InputError) -> Inventory {
    let document = try JSONDocument.parse(bytes, file: file)
    try checkPortCount(
      document.root, file: file, limit: min(max(0, maximumPorts), Self.maximumPorts))
    var problems: [InputError.Problem] = []
    guard let top = JSONRecord.object(document.root, path: "(top level)", problems: &problems)
    else {
      throw InputError(
        file: file, place: "line 1",
        message: "the inventory must be a JSON object with \"regions\", \"accessPoints\", "
          + "\"devices\" and \"connections\"; found \(document.root.typeDescription)")
    }
    let root = JSONRecord(value: top.value, path: "")
    var state = DecodingState()
    state.readRegions(root, &problems)
    state.readAccessPoints(root, &problems)
    state.readDevices(root, &problems)
    state.readConnections(root, &problems)
    state.readWhitelistAndPolicy(root, &problems)
    guard problems.isEmpty else { throw InputError(file: file, problems: problems) }
    // The file has the inventory's shape; the rules between its parts are the checked
    // initializer's, the same for a file and for an inventory built in code.
    do {
      return try Inventory(
        checking: state.regions, accessPoints: state.accessPoints, devices: state.devices,
        connections: state.connections, highSpeedWhitelist: state.whitelist,
        policy: state.policy, partial: false)
    } catch {
      // The ports of a run share their entry: one problem of each kind per entry.
      var seen = Set<InputError.Problem>()
      let problems = error.problems.map(state.filePlace).filter { seen.insert($0).inserted }
      throw InputError(file: file, problems: problems)
    }
  }
}

extension InventoryDecoder {
  /// Counts the ports the devices name, runs included, without making any, and refuses the
  /// file at the entry that takes the count past `limit`. Malformed entries are left for the
  /// full reading to report.
  static func checkPortCount(_ root: JSONValue, file: String, limit: Int) throws(InputError) {
    guard root.kind == .object, let devices = root.member("devices"), devices.kind == .array
    else { return }
    var total = 0
    for (deviceIndex, device) in devices.elements.enumerated() {
      guard device.kind == .object, let ports = device.member("ports"), ports.kind == .array
      else { continue }
      for (portIndex, entry) in ports.elements.enumerated() {
        guard entry.kind == .object else { continue }
        var count = 1
        if let names = entry.member("names"), let text = names.string,
          case .success(let run) = PortNameRun.parse(text)
        {
          count = run.count
        }
        total += count
        if total > limit {
          throw InputError(
            file: file, place: "devices[\(deviceIndex)].ports[\(portIndex)]",
            message: "the inventory names more than \(limit) ports by this entry "
              + "(port-name runs expanded); Patchbay reads at most \(limit) here, so split "
              + "the data centre or fix the runs")
        }
      }
    }
  }
}

/// What has been read so far: the inventory's parts as the file gives them, each element of the
/// file one part, in order, so that a part's place in the arrays is its place in the file (but
/// for ports: a `names` entry makes a run of them).
private struct DecodingState {
  var regions: [Region] = []
  var accessPoints: [AccessPoint] = []
  var devices: [Device] = []
  var connections: [Connection] = []
  var whitelist: Set<AccountID> = []
  var policy = Policy()
  /// Per device, how many ports each of its `ports` entries made.
  var portsPerEntry: [[Int]] = []

  /// A problem of the checked initializer at the file's place: a port is named by the entry
  /// that made it (`devices[3].ports[47].name` is `devices[3].ports[1]` when the second entry is
  /// a run of 48), and a port's accepted types are the entry's `portTypes`.
  func filePlace(_ problem: InventoryError.Problem) -> InputError.Problem {
    InputError.Problem(
      place: entryPlaces(in: problem.place)
        .replacingOccurrences(of: "].accepts", with: "].portTypes"),
      message: entryPlaces(in: problem.message))
  }

  /// `text` with every `devices[d].ports[p]` (a port) made `devices[d].ports[e]` (its entry),
  /// and a port's `.name` left out: the entry is the place.
  private func entryPlaces(in text: String) -> String {
    text.replacing(#/devices\[(\d+)\]\.ports\[(\d+)\](\.name)?/#) { match in
      guard let device = Int(match.output.1), let port = Int(match.output.2),
        portsPerEntry.indices.contains(device)
      else { return String(match.output.0) }
      var first = 0
      for (entry, count) in portsPerEntry[device].enumerated() {
        if port < first + count { return "devices[\(device)].ports[\(entry)]" }
        first += count
      }
      return String(match.output.0)
    }
  }

  mutating func readRegions(_ root: JSONRecord, _ problems: inout [InputError.Problem]) {
    for (element, path) in root.array("regions", required: true, problems: &problems) ?? [] {
      guard let record = JSONRecord.object(element, place: path, problems: &problems),
        let text = record.identifier("id", required: true, problems: &problems)
      else { continue }
      let name = record.string("name", required: false, problems: &problems)
      regions.append(Region(id: RegionID(text), name: name))
    }
  }

  mutating func readAccessPoints(_ root: JSONRecord, _ problems: inout [InputError.Problem]) {
    let elements = root.array("accessPoints", required: true, problems: &problems) ?? []
    for (element, path) in elements {
      guard let record = JSONRecord.object(element, place: path, problems: &problems) else {
        continue
      }
      let id = record.identifier("id", required: true, problems: &problems)
        .map { AccessPointID($0) }
      let region = record.identifier("region", required: true, problems: &problems)
        .map { RegionID($0) }
      let name = record.string("name", required: false, problems: &problems)
      var status = AccessPointStatus.recommended
      if let text = record.string("status", required: false, problems: &problems) {
        if let known = AccessPointStatus(rawValue: text) {
          status = known
        } else {
          problems.append(
            .init(
              place: record.path(of: "status"),
              message: "unknown access point status \"\(text)\"; expected one of "
                + AccessPointStatus.allCases.map(\.rawValue).joined(separator: ", ")))
        }
      }
      let operators = record.enumArray("lineOperators", of: LineOperator.self, problems: &problems)
      let types = record.enumArray("portTypes", of: PortType.self, problems: &problems)
      // Empty or blank text is the checked initializer's to refuse, at the same path.
      let location = record.string("location", required: false, problems: &problems)
      guard let id, let region, let operators, let types else { continue }
      accessPoints.append(
        AccessPoint(
          id: id, region: region, name: name, status: status, lineOperators: Set(operators),
          portTypes: PortTypeSet(types: types), location: location))
    }
  }

  mutating func readDevices(_ root: JSONRecord, _ problems: inout [InputError.Problem]) {
    for (element, path) in root.array("devices", required: true, problems: &problems) ?? [] {
      guard let record = JSONRecord.object(element, place: path, problems: &problems) else {
        continue
      }
      let id = record.identifier("id", required: true, problems: &problems).map { DeviceID($0) }
      let accessPoint = record.identifier("accessPoint", required: true, problems: &problems)
        .map { AccessPointID($0) }
      let cabinet = record.string("cabinet", required: false, problems: &problems)
      let ports = readPorts(record, &problems)
      guard let id, let accessPoint, let ports else { continue }
      devices.append(
        Device(id: id, accessPoint: accessPoint, ports: ports.ports, cabinet: cabinet))
      portsPerEntry.append(ports.perEntry)
    }
  }

  /// The device's ports, and how many each entry made.
  private func readPorts(_ device: JSONRecord, _ problems: inout [InputError.Problem])
    -> (ports: [Port], perEntry: [Int])?
  {
    guard let entries = device.array("ports", required: true, problems: &problems) else {
      return nil
    }
    var ports: [Port] = []
    var perEntry: [Int] = []
    perEntry.reserveCapacity(entries.count)
    for (element, path) in entries {
      let before = ports.count
      defer { perEntry.append(ports.count - before) }
      guard let record = JSONRecord.object(element, place: path, problems: &problems) else {
        continue
      }
      let single = record.identifier("name", required: false, problems: &problems)
      let run = record.identifier("names", required: false, problems: &problems)
      guard let types = record.enumArray("portTypes", of: PortType.self, problems: &problems)
      else { continue }
      let accepts = PortTypeSet(types: types)
      switch (single, run) {
      case (let name?, nil):
        ports.append(Port(name: name, accepts: accepts))
      case (nil, let text?):
        switch PortNameRun.parse(text) {
        case .success(let run):
          ports.append(contentsOf: run.names.lazy.map { Port(name: $0, accepts: accepts) })
        case .failure(let error):
          problems.append(.init(place: record.path(of: "names"), message: "\"\(text)\" \(error)"))
        }
      case (.some, .some):
        problems.append(
          .init(
            place: path.description, message: "has both \"name\" and \"names\"; give one of them"))
      case (nil, nil):
        problems.append(
          .init(
            place: path.description,
            message: "has neither \"name\" (one port) nor \"names\" (a run such as \"1/1/2-48\")"))
      }
    }
    return (ports, perEntry)
  }

  mutating func readConnections(_ root: JSONRecord, _ problems: inout [InputError.Problem]) {
    let elements = root.array("connections", required: false, problems: &problems) ?? []
    connections.reserveCapacity(elements.count)
    var repeated = RepeatedConnectionFields()
    for (element, path) in elements {
      guard let record = JSONRecord.object(element, place: path, problems: &problems) else {
        continue
      }
      let fields = ConnectionFields(record, &problems)
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
      guard let id, let account, let accessPoint, let portType, let status else { continue }
      connections.append(
        Connection(
          id: id, account: account, accessPoint: accessPoint, device: device, port: portName,
          portType: portType, status: status, redundantConnection: partner))
    }
  }

  mutating func readWhitelistAndPolicy(
    _ root: JSONRecord, _ problems: inout [InputError.Problem]
  ) {
    for (element, path) in root.array("highSpeedWhitelist", required: false, problems: &problems)
      ?? []
    {
      guard let account = element.string, !account.isEmpty else {
        problems.append(
          .init(
            place: path.description,
            message: "must be an account as a string, like \"1001\"; "
              + "found \(element.typeDescription)"))
        continue
      }
      if let problem = IdentifierRule.problem(account) {
        problems.append(.init(place: path.description, message: problem))
        continue
      }
      whitelist.insert(AccountID(account))
    }
    guard let policyValue = root.member("policy"),
      let record = JSONRecord.object(policyValue, path: "policy", problems: &problems)
    else { return }
    policy = Policy(
      maxPendingPerAccount: Self.limit(
        "maxPendingPerAccount", of: record, meaning: "no limit", problems: &problems),
      maxConnectionsPerAccessPoint: Self.limit(
        "maxConnectionsPerAccessPoint", of: record, meaning: "no quota", problems: &problems))
  }

  /// A policy member that is a whole number of 0 or more, or `null` or absent (`nil`).
  private static func limit(
    _ key: StaticString, of record: JSONRecord, meaning: String,
    problems: inout [InputError.Problem]
  ) -> Int? {
    guard let value = record.member(key) else { return nil }
    guard let number = value.integer, number >= 0 else {
      let found = value.integer.map { "found \($0)" } ?? "found \(value.typeDescription)"
      problems.append(
        .init(
          place: record.path(of: "\(key)"),
          message: "must be a whole number of 0 or more, or null for \(meaning); \(found)"))
      return nil
    }
    return number
  }
}

/// The members of a connection, read in one pass over the object (a million connections make
/// looking each member up by name add up), with the same messages as ``JSONRecord/string``:
/// each present member is a string, and a required one is not empty.
private struct ConnectionFields {
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
  }

  /// The document once, and each member's node by position (-1: absent): eight values each
  /// holding the document would retain and release it eight times per connection, a fifth of
  /// reading a million connections.
  private let document: JSONDocument
  private var positions: (Int, Int, Int, Int, Int, Int, Int, Int) = (-1, -1, -1, -1, -1, -1, -1, -1)

  var id: JSONValue? { self[.id] }
  var account: JSONValue? { self[.account] }
  var accessPoint: JSONValue? { self[.accessPoint] }
  var device: JSONValue? { self[.device] }
  var port: JSONValue? { self[.port] }
  var portType: JSONValue? { self[.portType] }
  var status: JSONValue? { self[.status] }
  var redundantConnection: JSONValue? { self[.redundantConnection] }

  private func position(of field: Field) -> Int {
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

  private mutating func set(_ field: Field, to position: Int) {
    switch field {
    case .id: positions.0 = position
    case .account: positions.1 = position
    case .accessPoint: positions.2 = position
    case .device: positions.3 = position
    case .port: positions.4 = position
    case .portType: positions.5 = position
    case .status: positions.6 = position
    case .redundantConnection: positions.7 = position
    }
  }

  subscript(field: Field) -> JSONValue? {
    let position = position(of: field)
    return position < 0 ? nil : JSONValue(document: document, index: position)
  }

  init(_ record: JSONRecord, _ problems: inout [InputError.Problem]) {
    document = record.value.document
    var reported: Set<String> = []
    record.value.forEachMember { name, value in
      let field: Field
      switch name.byteCount {
      case 2 where name.isString("id"): field = .id
      case 4 where name.isString("port"): field = .port
      case 6 where name.isString("device"): field = .device
      case 6 where name.isString("status"): field = .status
      case 7 where name.isString("account"): field = .account
      case 8 where name.isString("portType"): field = .portType
      case 11 where name.isString("accessPoint"): field = .accessPoint
      case 19 where name.isString("redundantConnection"): field = .redundantConnection
      default:
        // A name written with escapes (`"\u0069d"`) is rare; match it by its text.
        guard name.hasEscapes, let text = name.string, let known = Field.byKey[text] else {
          return
        }
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
private struct RepeatedConnectionFields {
  var accessPoint = RepeatedStringCache<AccessPointID>()
  var device = RepeatedStringCache<DeviceID>()
  var portType = RepeatedStringCache<PortType?>()
  var status = RepeatedStringCache<ConnectionStatus?>()
}
