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
    try decode(bytes, file: file, maximumPorts: maximumPorts, parallelFrom: 65_536)
  }

  /// ``decode(_:file:maximumPorts:)``, reading the connections on two threads from
  /// `parallelFrom` of them on (tests lower it, to hold both ways to the same result).
  static func decode(
    _ bytes: [UInt8], file: String, maximumPorts: Int, parallelFrom: Int
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
    state.readConnections(root, &problems, parallelFrom: parallelFrom)
    state.readWhitelistAndPolicy(root, &problems)
    guard problems.isEmpty else { throw InputError(file: file, problems: problems) }
    // The file has the inventory's shape; the rules between its parts are the checked
    // initializer's, the same for a file and for an inventory built in code.
    do {
      return try Inventory(
        checking: state.regions, accessPoints: state.accessPoints, devices: state.devices,
        connections: state.connections, highSpeedWhitelist: state.whitelist,
        policy: state.policy, partial: false, parallelFrom: parallelFrom)
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

  /// The connections, in file order. A big array is read in two halves at once, the second on
  /// a thread of its own: reading a million connections is the longest part of reading `huge`,
  /// and the other core is free once the batch is read. Each half keeps its own problems, the
  /// first half's first, so the problems come out in file order either way.
  mutating func readConnections(
    _ root: JSONRecord, _ problems: inout [InputError.Problem], parallelFrom: Int
  ) {
    guard
      let (elements, base) = root.arrayElements(
        "connections", required: false, problems: &problems)
    else { return }
    let count = elements.underestimatedCount
    let document = root.value.document
    guard count >= max(2, parallelFrom) else {
      connections.reserveCapacity(count)
      var repeated = RepeatedConnectionFields()
      document.withTape { tape in
        for (index, element) in elements.enumerated() {
          if let connection = repeated.plainConnection(at: element.index, in: tape)
            ?? ConnectionFields.readConnection(
              element, index: index, base: base, &repeated, &problems)
          {
            connections.append(connection)
          }
        }
      }
      return
    }
    // The tape index of each element, so that the second half knows where it starts.
    let starts: [Int] = {
      var starts: [Int] = []
      starts.reserveCapacity(count)
      var iterator = elements.makeIterator()
      while let element = iterator.next() { starts.append(element.index) }
      return starts
    }()
    let middle = count / 2
    @Sendable func read(_ range: Range<Int>, into buffer: UnsafeMutablePointer<Connection>)
      -> [InputError.Problem]
    {
      var problems: [InputError.Problem] = []
      var repeated = RepeatedConnectionFields()
      document.withTape { tape in
        for index in range {
          // A connection with a problem leaves a placeholder: the problem makes the whole
          // file an error, so the array is never used then.
          let connection =
            repeated.plainConnection(at: starts[index], in: tape)
            ?? ConnectionFields.readConnection(
              JSONValue(document: document, index: starts[index]), index: index, base: base,
              &repeated, &problems)
            ?? Self.placeholder
          (buffer + index).initialize(to: connection)
        }
      }
      return problems
    }
    var secondProblems: [InputError.Problem] = []
    connections = [Connection](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Each half initializes its own positions of the buffer, and nothing else.
      nonisolated(unsafe) let slots = buffer.baseAddress!
      let (first, second) = alongside(
        { read(0..<middle, into: slots) }, { read(middle..<count, into: slots) })
      problems += first
      secondProblems = second
      initialized = count
    }
    problems += secondProblems
  }

  /// Stands for a connection that could not be read, in an array that is then thrown away.
  private static let placeholder = Connection(
    id: ConnectionID(""), account: AccountID(""), accessPoint: AccessPointID(""), device: nil,
    port: nil, portType: PortType.allCases[0], status: ConnectionStatus.allCases[0])

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
