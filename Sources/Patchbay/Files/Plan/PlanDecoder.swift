/// Reads `plan.json` (FORMATS.md "Plan") back into a ``Plan``, for `patchbay verify` and
/// `patchbay apply`.
///
/// The decoder checks the shape only: every member of the right JSON type, every code and method
/// a known value. Whether the plan keeps the guarantees is ``PlanChecker``'s business. Unknown
/// members are ignored, so plans written by a later version still load.
///
/// An assignment's `account`, `redundantConnection` and `priority` are optional, because plans
/// written before they were carried lack them: a missing or empty `account` is read as an empty
/// ``AccountID`` (which ``PlanApplication`` refuses), a missing or empty `redundantConnection` as
/// `null` and a missing `priority` as 0.
public enum PlanDecoder: Sendable {
  /// Reads and decodes the plan file at `path`.
  public static func read(path: String) throws(InputError) -> Plan {
    try decode(FileReading.bytes(atPath: path), file: path)
  }

  /// Decodes plan JSON; `file` names it in messages.
  public static func decode(_ bytes: [UInt8], file: String) throws(InputError) -> Plan {
    let document = try JSONDocument.parse(bytes, file: file)
    guard document.root.kind == .object else {
      throw InputError(
        file: file, place: "line 1",
        message: "a plan must be a JSON object with \"assignments\", \"rejected\", \"unplaced\", "
          + "\"accessPoints\" and \"summary\"; found \(document.root.typeDescription)")
    }
    let root = JSONRecord(value: document.root, path: "")
    var problems: [InputError.Problem] = []
    let reader = PlanReader()
    let assignments = reader.list("assignments", in: root, &problems) { record, problems in
      reader.assignment(record, &problems)
    }
    let rejected = reader.list("rejected", in: root, &problems) { record, problems in
      reader.rejection(record, &problems)
    }
    let unplaced = reader.list("unplaced", in: root, &problems) { record, problems in
      reader.unplacement(record, &problems)
    }
    let accessPoints = reader.list("accessPoints", in: root, &problems) { record, problems in
      reader.accessPointOutcome(record, &problems)
    }
    let summary = reader.summary(in: root, &problems)
    guard problems.isEmpty, let summary else { throw InputError(file: file, problems: problems) }
    return Plan(
      assignments: assignments, rejected: rejected, unplaced: unplaced,
      accessPoints: accessPoints, summary: summary)
  }
}

/// Reads the members of a plan, recording every problem with its JSON path.
private struct PlanReader {
  /// Reads each element of a required array member as an object, keeping the ones that decode.
  func list<Element>(
    _ key: StaticString, in root: JSONRecord, _ problems: inout [InputError.Problem],
    element: (JSONRecord, inout [InputError.Problem]) -> Element?
  ) -> [Element] {
    guard let elements = root.array(key, required: true, problems: &problems) else { return [] }
    var values: [Element] = []
    values.reserveCapacity(elements.count)
    for (value, path) in elements {
      guard let record = JSONRecord.object(value, place: path, problems: &problems),
        let decoded = element(record, &problems)
      else { continue }
      values.append(decoded)
    }
    return values
  }

  func assignment(_ record: JSONRecord, _ problems: inout [InputError.Problem]) -> Assignment? {
    let request = record.identifier("request", required: true, problems: &problems)
    let accessPoint = record.identifier("accessPoint", required: true, problems: &problems)
    let device = record.identifier("device", required: true, problems: &problems)
    let port = record.identifier("port", required: true, problems: &problems)
    let portType = enumValue(
      "portType", of: PortType.self, named: "port type", in: record, &problems)
    // Optional: absent in plans written before `apply` existed.
    let account = record.identifier("account", required: false, problems: &problems) ?? ""
    let partner = record.identifier("redundantConnection", required: false, problems: &problems)
      .flatMap { $0.isEmpty ? nil : $0 }
    let priority = integer("priority", in: record, minimum: nil, &problems) ?? 0
    guard let request, let accessPoint, let device, let port, let portType else { return nil }
    return Assignment(
      request: RequestID(request), accessPoint: AccessPointID(accessPoint),
      device: DeviceID(device), port: port, portType: portType, account: AccountID(account),
      redundantConnection: partner, priority: priority)
  }

  func rejection(_ record: JSONRecord, _ problems: inout [InputError.Problem]) -> Rejection? {
    let request = record.identifier("request", required: true, problems: &problems)
    let code = enumValue(
      "code", of: RejectionCode.self, named: "rejection code", in: record, &problems)
    let message = message(in: record, &problems)
    guard let request, let code, let message else { return nil }
    return Rejection(request: RequestID(request), code: code, message: message)
  }

  func unplacement(_ record: JSONRecord, _ problems: inout [InputError.Problem]) -> Unplacement? {
    let request = record.identifier("request", required: true, problems: &problems)
    let code = enumValue(
      "code", of: UnplacedCode.self, named: "unplaced code", in: record, &problems)
    let message = message(in: record, &problems)
    guard let request, let code, let message else { return nil }
    return Unplacement(request: RequestID(request), code: code, message: message)
  }

  func accessPointOutcome(_ record: JSONRecord, _ problems: inout [InputError.Problem])
    -> AccessPointOutcome?
  {
    let id = record.identifier("id", required: true, problems: &problems)
    let requests = integer("requests", in: record, minimum: 0, required: true, &problems)
    let placed = integer("placed", in: record, minimum: 0, required: true, &problems)
    let method = enumValue(
      "method", of: SolveMethod.self, named: "solve method", in: record, &problems)
    let optimal = boolean("optimal", in: record, &problems)
    var gap: OptimalityGap?
    if let member = record.member("gap"),
      let gapRecord = JSONRecord.object(member, path: record.path(of: "gap"), problems: &problems)
    {
      let priority = integer(
        "priority", in: gapRecord, minimum: nil, required: true, &problems)
      let gapPlaced = integer("placed", in: gapRecord, minimum: 0, required: true, &problems)
      let atMost = integer("atMost", in: gapRecord, minimum: 0, required: true, &problems)
      if let priority, let gapPlaced, let atMost {
        gap = OptimalityGap(priority: priority, placed: gapPlaced, atMost: atMost)
      }
    }
    guard let id, let requests, let placed, let method, let optimal else { return nil }
    return AccessPointOutcome(
      id: AccessPointID(id), requests: requests, placed: placed, method: method, optimal: optimal,
      gap: gap)
  }

  func summary(in root: JSONRecord, _ problems: inout [InputError.Problem]) -> PlanSummary? {
    guard let value = root.member("summary") else {
      problems.append(
        .init(place: "(top level)", message: "\"summary\" is missing; it must be an object"))
      return nil
    }
    guard let record = JSONRecord.object(value, path: "summary", problems: &problems) else {
      return nil
    }
    let requests = integer("requests", in: record, minimum: 0, required: true, &problems)
    let placed = integer("placed", in: record, minimum: 0, required: true, &problems)
    let rejected = integer("rejected", in: record, minimum: 0, required: true, &problems)
    let unplaced = integer("unplaced", in: record, minimum: 0, required: true, &problems)
    let optimal = boolean("optimal", in: record, &problems)
    guard let requests, let placed, let rejected, let unplaced, let optimal else { return nil }
    return PlanSummary(
      requests: requests, placed: placed, rejected: rejected, unplaced: unplaced,
      optimal: optimal)
  }

  /// A required enumeration value; an unknown one lists the allowed values.
  func enumValue<Value: RawRepresentable & CaseIterable>(
    _ key: StaticString, of type: Value.Type, named what: String, in record: JSONRecord,
    _ problems: inout [InputError.Problem]
  ) -> Value? where Value.RawValue == String {
    guard let text = record.string(key, required: true, problems: &problems) else { return nil }
    guard let value = Value(rawValue: text) else {
      problems.append(
        .init(
          place: record.path(of: "\(key)"),
          message: "unknown \(what) \"\(text)\"; expected one of "
            + Value.allCases.map(\.rawValue).joined(separator: ", ")))
      return nil
    }
    return value
  }

  /// A whole number, at least `minimum` when one is given; `nil` (with a problem when required)
  /// when missing.
  func integer(
    _ key: StaticString, in record: JSONRecord, minimum: Int?, required: Bool = false,
    _ problems: inout [InputError.Problem]
  ) -> Int? {
    guard let value = record.member(key) else {
      if required {
        problems.append(
          .init(place: record.path, message: "\"\(key)\" is missing; it must be a whole number"))
      }
      return nil
    }
    guard let number = value.integer, number >= (minimum ?? Int.min) else {
      let range = minimum.map { " of \($0) or more" } ?? ""
      problems.append(
        .init(
          place: record.path(of: "\(key)"),
          message: "must be a whole number\(range); found \(value.typeDescription)"))
      return nil
    }
    return number
  }

  /// A required `true` or `false`.
  func boolean(
    _ key: StaticString, in record: JSONRecord, _ problems: inout [InputError.Problem]
  ) -> Bool? {
    guard let value = record.member(key) else {
      problems.append(
        .init(place: record.path, message: "\"\(key)\" is missing; it must be true or false"))
      return nil
    }
    switch value.kind {
    case .true: return true
    case .false: return false
    default:
      problems.append(
        .init(
          place: record.path(of: "\(key)"),
          message: "must be true or false; found \(value.typeDescription)"))
      return nil
    }
  }

  /// A rejection's or unplacement's sentence: required, but it may be empty.
  func message(in record: JSONRecord, _ problems: inout [InputError.Problem]) -> String? {
    guard record.member("message") != nil else {
      problems.append(
        .init(place: record.path, message: "\"message\" is missing; it must be a string"))
      return nil
    }
    return record.string("message", required: false, problems: &problems)
  }
}
