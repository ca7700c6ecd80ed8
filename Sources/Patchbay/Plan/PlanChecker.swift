/// The independent re-check of a plan (FORMATS.md guarantees 1 to 3 and the one-list rule) that
/// `patchbay verify`, the tests and the benchmarks run. It shares no code with the allocator: it
/// validates the batch again with ``BatchValidator`` and checks every assignment against the
/// inventory as it was before the batch.
///
/// What it checks:
/// - every request of the batch in exactly one of `assignments`, `rejected`, `unplaced`, and no
///   other request listed;
/// - a rejected request is one validation rejects, with the same code; an assigned or unplaced
///   one is valid;
/// - an assignment is at the request's own access point, on a device of that access point, on a
///   port the device has, that accepts the request's port type (and `portType` is the request's),
///   that no live connection holds and that no other assignment gives;
/// - a placed request is on another device than the connection or request it backs up;
/// - a redundancy group is placed whole or not at all;
/// - the account, redundant connection and priority an assignment carries for `apply` are the
///   request's (when it carries them: plans written before they were carried have no account);
/// - the `accessPoints` entries and the `summary` agree with the lists.
///
/// Every violation is reported, in a fixed order: the lists in plan order, missing requests in
/// batch order, then assignment by assignment, redundancy, groups, access points and summary.
public enum PlanChecker: Sendable {
  /// Every violation of `plan`, in the order above; empty when the plan keeps every guarantee.
  ///
  /// - Parameters:
  ///   - plan: The plan to check.
  ///   - inventory: The inventory as it was before the batch, not with the plan applied.
  ///   - requests: The whole batch, in file order, as the plan was made from.
  public static func check(_ plan: Plan, inventory: Inventory, requests: [Request])
    -> [PlanViolation]
  {
    check(
      plan, inventory: inventory, requests: requests,
      validation: BatchValidator(inventory: inventory).validate(requests))
  }

  /// The same check with the batch's validation already done: `validation` must be
  /// ``BatchValidator``'s result for this inventory and batch. `patchbay allocate` validates
  /// once and lets the checker reuse it (validation is not allocator code, so the checker stays
  /// independent of the allocator); `patchbay verify` validates on its own.
  package static func check(
    _ plan: Plan, inventory: Inventory, requests: [Request], validation: ValidationResult
  ) -> [PlanViolation] {
    check(plan, inventory: inventory, requests: requests, positions: nil, validation: validation)
  }

  /// The same check of a batch read from a file, whose index of ids the decoder made: the
  /// file's ids, not the allocator's work, so the checker stays independent of the allocator.
  package static func check(
    _ plan: Plan, inventory: Inventory, batch: RequestBatch, validation: ValidationResult
  ) -> [PlanViolation] {
    check(
      plan, inventory: inventory, requests: batch.requests, positions: batch.positions,
      validation: validation)
  }

  private static func check(
    _ plan: Plan, inventory: Inventory, requests: [Request], positions: RequestPositions?,
    validation: ValidationResult
  ) -> [PlanViolation] {
    var check = PlanCheck(
      plan: plan, inventory: inventory, requests: requests, positions: positions,
      validation: validation)
    check.checkLists()
    check.checkAssignments()
    check.checkRedundancy()
    check.checkGroups()
    check.checkAccessPoints()
    check.checkSummary()
    return check.violations
  }

  /// Guarantee 1 alone, assignment by assignment, for a plan without its batch: the device is
  /// in the inventory and at the assignment's access point, the port is on it and accepts the
  /// port type the assignment carries, no live connection holds it and no other assignment
  /// gives it. `patchbay apply` (``PlanApplication``) runs these checks, so applying a plan is
  /// a subset of verifying it, with the same words.
  static func checkAssignments(_ plan: Plan, inventory: Inventory) -> [PlanViolation] {
    var check = PlanCheck(
      plan: plan, inventory: inventory, requests: [], positions: nil,
      validation: BatchValidator(inventory: inventory).validate([]))
    check.checkAssignments()
    return check.violations
  }
}

/// A device port, as a key.
private struct PortKey: Hashable {
  var device: DeviceID
  /// Compared exactly, as port names are (FORMATS.md "Identifiers").
  var port: PortNameKey
}

/// Finds a device and its port in the inventory by name, remembering the last device: live
/// connections come device by device.
private struct PortResolver {
  let inventory: Inventory
  var lastDevice: (id: DeviceID, index: Int?)?

  init(inventory: Inventory) { self.inventory = inventory }

  /// Where the inventory has the device (`nil` when it has none by that id) and its port.
  mutating func resolve(device: DeviceID, port: String) -> (device: Int?, port: Int?) {
    let deviceIndex: Int?
    if let lastDevice, lastDevice.id == device {
      deviceIndex = lastDevice.index
    } else {
      deviceIndex = inventory.deviceIndex(of: device)
      lastDevice = (device, deviceIndex)
    }
    guard let deviceIndex else { return (nil, nil) }
    return (deviceIndex, inventory.portIndex(named: port, onDevice: deviceIndex))
  }
}

/// Who uses a port: the live connection that holds it before the batch, and the first
/// assignment that gives it (indexes, or -1).
private struct PortUse {
  var holder = -1
  var givenAt = -1

  static func hold(_ use: inout PortUse, by connection: Int) {
    if use.holder < 0 { use.holder = connection }
  }

  /// Records that assignment `index` gives the port; returns the use before it.
  static func give(_ use: inout PortUse, to index: Int) -> PortUse {
    let before = use
    if use.givenAt < 0 { use.givenAt = index }
    return before
  }
}

/// Where a request is listed in the plan.
private struct Listing {
  enum List: String {
    case assignments, rejected, unplaced
  }

  var list: List
  var index: Int

  /// `assignments[3]`.
  var place: String { "\(list.rawValue)[\(index)]" }
}

/// The state of one check: the batch as validation sees it, and what has been found so far.
/// Requests are looked up by id once, when they are listed; after that, by batch position.
private struct PlanCheck {
  let plan: Plan
  let inventory: Inventory
  let requests: [Request]
  let validation: ValidationResult
  /// Batch position of each request id (the first, should ids repeat).
  let position: RequestPositions
  /// Per batch position: the index in `validation.accepted`, or -1.
  let acceptedAt: [Int]
  /// Per batch position: the index in `validation.rejections`, or -1.
  let rejectedAt: [Int]

  /// Per batch position: where the request is first listed.
  var listing: [Listing?]
  /// Per assignment: the batch position of its request, or -1 for a request not in the batch.
  var assignedPosition: [Int]
  var violations: [PlanViolation] = []

  /// `positions`, when given, is the index of the batch's ids that reading it made.
  init(
    plan: Plan, inventory: Inventory, requests: [Request], positions: RequestPositions?,
    validation: ValidationResult
  ) {
    self.plan = plan
    self.inventory = inventory
    self.requests = requests
    self.validation = validation
    self.position = positions ?? RequestPositions(requests)
    var acceptedAt = [Int](repeating: -1, count: requests.count)
    for (index, request) in validation.accepted.enumerated()
    where acceptedAt.indices.contains(request.batchIndex) {
      acceptedAt[request.batchIndex] = index
    }
    self.acceptedAt = acceptedAt
    var rejectedAt = [Int](repeating: -1, count: requests.count)
    for (index, rejection) in validation.rejections.enumerated() {
      if let at = position[rejection.request], rejectedAt[at] < 0, acceptedAt[at] < 0 {
        rejectedAt[at] = index
      }
    }
    self.rejectedAt = rejectedAt
    listing = [Listing?](repeating: nil, count: requests.count)
    assignedPosition = [Int](repeating: -1, count: plan.assignments.count)
  }

  mutating func report(
    _ kind: PlanViolation.Kind, _ request: RequestID?, _ message: String, assignment: Int? = nil
  ) {
    var violation = PlanViolation(kind: kind, request: request, message: message)
    violation.assignment = assignment
    violations.append(violation)
  }

  /// The validated request at a batch position, if it is valid.
  func valid(at position: Int) -> ValidatedRequest? {
    position < 0 || acceptedAt[position] < 0 ? nil : validation.accepted[acceptedAt[position]]
  }

  /// Validation's rejection of the request at a batch position, if it is rejected.
  func rejection(at position: Int) -> Rejection? {
    position < 0 || rejectedAt[position] < 0 ? nil : validation.rejections[rejectedAt[position]]
  }

  /// The first assignment of the request at a batch position, if it is assigned.
  func assignment(at position: Int) -> Assignment? {
    guard let found = listing[position], found.list == .assignments else { return nil }
    return plan.assignments[found.index]
  }

  // MARK: The one-list rule, and agreement with validation

  mutating func checkLists() {
    for (index, assignment) in plan.assignments.enumerated() {
      let place = Listing(list: .assignments, index: index)
      assignedPosition[index] = position[assignment.request] ?? -1
      guard enlist(assignment.request, at: assignedPosition[index], place),
        let refused = rejection(at: assignedPosition[index])
      else { continue }
      report(
        .rejectedRequestAssigned, assignment.request,
        "request \(assignment.request) is given port \(assignment.port) of "
          + "\(assignment.device) at \(place.place), but validation rejects it "
          + "(\(refused.code.rawValue)): \(refused.message)")
    }
    for (index, listed) in plan.rejected.enumerated() {
      let place = Listing(list: .rejected, index: index)
      let at = position[listed.request] ?? -1
      guard enlist(listed.request, at: at, place) else { continue }
      if let refused = rejection(at: at) {
        guard refused.code != listed.code else { continue }
        report(
          .wrongRejectionCode, listed.request,
          "request \(listed.request) is rejected with \(listed.code.rawValue) at \(place.place), "
            + "but validation rejects it with \(refused.code.rawValue): \(refused.message)")
      } else {
        report(
          .validRequestRejected, listed.request,
          "request \(listed.request) is listed as rejected (\(listed.code.rawValue)) at "
            + "\(place.place), but it passes validation; a valid request is assigned or unplaced")
      }
    }
    for (index, listed) in plan.unplaced.enumerated() {
      let place = Listing(list: .unplaced, index: index)
      let at = position[listed.request] ?? -1
      guard enlist(listed.request, at: at, place), let refused = rejection(at: at) else {
        continue
      }
      report(
        .rejectedRequestUnplaced, listed.request,
        "request \(listed.request) is listed as unplaced (\(listed.code.rawValue)) at "
          + "\(place.place), but validation rejects it (\(refused.code.rawValue)): "
          + "\(refused.message)")
    }
    for (at, request) in requests.enumerated()
    where listing[at] == nil && position[request.id] == at {
      report(
        .requestMissing, request.id,
        "request \(request.id) (\(request.source)) is in none of assignments, rejected and "
          + "unplaced; every request of the batch appears in exactly one of them")
    }
  }

  /// Records the first listing of the request at batch position `at` (-1: not in the batch);
  /// `false` (after reporting) for a request that is not in the batch or is listed already.
  private mutating func enlist(_ id: RequestID, at: Int, _ place: Listing) -> Bool {
    guard at >= 0 else {
      report(
        .unknownRequest, id,
        "\(place.place) lists request \(id), which is not in the batch of requests")
      return false
    }
    if let first = listing[at] {
      report(
        .requestListedTwice, id,
        "request \(id) is listed twice: at \(first.place) and again at \(place.place); every "
          + "request appears in exactly one of assignments, rejected and unplaced")
      return false
    }
    listing[at] = place
    return true
  }

  // MARK: Guarantee 1, assignment by assignment

  mutating func checkAssignments() {
    // Who holds each port before the batch, and which assignment gives it first: per port of
    // the inventory, the devices' ports laid end to end; by name for a port the inventory does
    // not have (an assignment's, reported below).
    var firstSlot: [Int] = []
    firstSlot.reserveCapacity(inventory.devices.count)
    var slotCount = 0
    for device in inventory.devices {
      firstSlot.append(slotCount)
      slotCount += device.ports.count
    }
    var uses = [PortUse](repeating: PortUse(), count: slotCount)
    var unknownUses: [PortKey: PortUse] = [:]
    var resolver = PortResolver(inventory: inventory)
    // By index, reading two fields: `enumerated()` copied each whole connection.
    let connections = inventory.connections
    for index in connections.indices where connections[index].status.holdsPort {
      // Where the inventory found the port when it was checked: no lookup by name.
      if let (device, port) = inventory.connectionPorts[index].positions {
        PortUse.hold(&uses[firstSlot[device] + port], by: index)
        continue
      }
      guard let device = connections[index].device, let port = connections[index].port else {
        continue
      }
      let found = resolver.resolve(device: device, port: port)
      if let deviceIndex = found.device, let portIndex = found.port {
        PortUse.hold(&uses[firstSlot[deviceIndex] + portIndex], by: index)
      } else {
        PortUse.hold(
          &unknownUses[PortKey(device: device, port: PortNameKey(port)), default: PortUse()],
          by: index)
      }
    }
    for (index, assignment) in plan.assignments.enumerated() {
      var place: String { "assignments[\(index)]" }
      let request = valid(at: assignedPosition[index])
      if let request { checkAgainstRequest(assignment, request, index: index) }
      let found = resolver.resolve(device: assignment.device, port: assignment.port)
      let before: PortUse
      if let deviceIndex = found.device, let portIndex = found.port {
        before = PortUse.give(&uses[firstSlot[deviceIndex] + portIndex], to: index)
      } else {
        let key = PortKey(device: assignment.device, port: PortNameKey(assignment.port))
        before = PortUse.give(&unknownUses[key, default: PortUse()], to: index)
      }
      if before.holder >= 0 {
        let holder = inventory.connections[before.holder]
        report(
          .portOccupied, assignment.request,
          "\(place) gives request \(assignment.request) port \(assignment.port) of "
            + "\(assignment.device), but connection \(holder.id) (\(holder.status.rawValue), "
            + "account \(holder.account)) holds that port", assignment: index)
      }
      if before.givenAt >= 0 {
        report(
          .portGivenTwice, assignment.request,
          "\(place) gives request \(assignment.request) port \(assignment.port) of "
            + "\(assignment.device), which assignments[\(before.givenAt)] already gives to "
            + "request \(plan.assignments[before.givenAt].request)", assignment: index)
      }
      checkDeviceAndPort(
        assignment, type: request?.portType ?? assignment.portType, index: index, found: found)
    }
  }

  private mutating func checkAgainstRequest(
    _ assignment: Assignment, _ request: ValidatedRequest, index: Int
  ) {
    var place: String { "assignments[\(index)]" }
    let id = assignment.request
    if assignment.accessPoint != request.accessPoint {
      report(
        .wrongAccessPoint, id,
        "request \(id) asks for access point \(request.accessPoint), but \(place) places it at "
          + "\(assignment.accessPoint) (port \(assignment.port) of \(assignment.device))")
    }
    if assignment.portType != request.portType {
      report(
        .portTypeMismatch, id,
        "request \(id) asks for \(request.portType.rawValue), but \(place) gives it port "
          + "\(assignment.port) of \(assignment.device) as \(assignment.portType.rawValue)")
    }
    // Plans written before accounts were carried have none, and nothing else to compare.
    guard !assignment.account.rawValue.isEmpty else { return }
    var wrong: [String] = []
    if assignment.account != request.account {
      wrong.append("account \(assignment.account) instead of \(request.account)")
    }
    let named = requests[request.batchIndex].redundantConnection
    if assignment.redundantConnection != named {
      wrong.append(
        "redundant connection \(assignment.redundantConnection ?? "none") instead of "
          + "\(named ?? "none")")
    }
    if assignment.priority != request.priority {
      wrong.append("priority \(assignment.priority) instead of \(request.priority)")
    }
    guard !wrong.isEmpty else { return }
    report(
      .assignmentFieldMismatch, id,
      "\(place) carries \(wrong.joined(separator: ", ")) for request \(id) (port "
        + "\(assignment.port) of \(assignment.device)); apply would write them into the new "
        + "connection")
  }

  /// The device exists and belongs to the assignment's access point; the port exists on it and
  /// accepts `type` (the request's port type when the request is valid). `found` is where the
  /// inventory has the device and port.
  private mutating func checkDeviceAndPort(
    _ assignment: Assignment, type: PortType, index: Int, found: (device: Int?, port: Int?)
  ) {
    var place: String { "assignments[\(index)]" }
    let id = assignment.request
    guard let deviceIndex = found.device else {
      report(
        .unknownDevice, id,
        "\(place) gives request \(id) port \(assignment.port) of device \(assignment.device), "
          + "which is not in the inventory", assignment: index)
      return
    }
    let device = inventory.devices[deviceIndex]
    if device.accessPoint != assignment.accessPoint {
      report(
        .deviceAtOtherAccessPoint, id,
        "\(place) gives request \(id) port \(assignment.port) of \(device.id) at "
          + "\(assignment.accessPoint), but \(device.id) belongs to access point "
          + "\(device.accessPoint)", assignment: index)
    }
    guard let portIndex = found.port else {
      let others = inventory.devices(of: device.accessPoint)
        .filter { $0.id != device.id && $0.ports.contains { $0.name == assignment.port } }
        .map(\.id.rawValue)
      let hint =
        others.isEmpty ? "" : " (a port of that name is on \(others.joined(separator: ", ")))"
      report(
        .unknownPort, id,
        "\(place) gives request \(id) port \(assignment.port) of \(device.id), but "
          + "\(device.id) has no port \(assignment.port)\(hint)", assignment: index)
      return
    }
    let port = device.ports[portIndex]
    if !port.accepts.contains(type) {
      report(
        .portTypeNotAccepted, id,
        "\(place) gives request \(id) port \(port.name) of \(device.id), which accepts "
          + "\(port.accepts.listDescription), not \(type.rawValue)", assignment: index)
    }
  }

  // MARK: Guarantee 2

  mutating func checkRedundancy() {
    var pairsSeen = Set<[RequestID]>()
    for (index, assignment) in plan.assignments.enumerated() {
      let at = assignedPosition[index]
      guard at >= 0, let first = listing[at], first.list == .assignments, first.index == index,
        let partner = valid(at: at)?.partner
      else { continue }
      let id = assignment.request
      switch partner {
      case .connection(let connectionID):
        guard let connection = inventory.connection(connectionID),
          connection.device == assignment.device
        else { continue }
        report(
          .redundantOnSameDevice, id,
          "request \(id) is on \(assignment.device) (port \(assignment.port)), the same device "
            + "as its redundant connection \(connection.id) (port \(connection.port ?? "none")); "
            + "redundant connections at one access point must be on different devices")
      case .request(let otherID):
        guard let other = position[otherID].flatMap({ self.assignment(at: $0) }),
          other.device == assignment.device,
          pairsSeen.insert([id, otherID].sorted()).inserted
        else { continue }
        report(
          .redundantOnSameDevice, id,
          "request \(id) is on \(assignment.device) (port \(assignment.port)), the same device "
            + "as request \(otherID) (port \(other.port)), which it backs up; redundant "
            + "connections at one access point must be on different devices")
      }
    }
  }

  // MARK: Guarantee 3

  mutating func checkGroups() {
    for group in validation.groups {
      let members = group.map { validation.accepted[$0] }
      let placed = members.filter { assignment(at: $0.batchIndex) != nil }
      guard let firstPlaced = placed.first, placed.count < members.count,
        let placement = assignment(at: firstPlaced.batchIndex)
      else { continue }
      let first = firstPlaced.id
      let missing = members.filter { assignment(at: $0.batchIndex) == nil }.map(\.id)
      let verb = missing.count == 1 ? "is" : "are"
      report(
        .groupSplit, first,
        "request \(first) is placed (port \(placement.port) of \(placement.device)), but "
          + "\(missing.map(\.rawValue).joined(separator: ", ")) of its redundancy group ("
          + "\(members.map(\.id.rawValue).joined(separator: ", "))) \(verb) not; a redundancy "
          + "group is placed all or nothing")
    }
  }

  // MARK: Counts

  mutating func checkAccessPoints() {
    var validCount: [AccessPointID: Int] = [:]
    for request in validation.accepted { validCount[request.accessPoint, default: 0] += 1 }
    var placedCount: [AccessPointID: Int] = [:]
    for assignment in plan.assignments { placedCount[assignment.accessPoint, default: 0] += 1 }
    var entryOf: [AccessPointID: Int] = [:]
    for (index, entry) in plan.accessPoints.enumerated() {
      let place = "accessPoints[\(index)]"
      guard inventory.accessPoint(entry.id) != nil else {
        report(
          .accessPointEntryExtra, nil,
          "\(place) is for access point \(entry.id), which is not in the inventory")
        continue
      }
      if let first = entryOf[entry.id] {
        report(
          .accessPointEntryExtra, nil,
          "\(place) repeats access point \(entry.id); accessPoints[\(first)] has it already")
        continue
      }
      entryOf[entry.id] = index
      let requests = validCount[entry.id] ?? 0
      if entry.requests != requests {
        report(
          .accessPointCountsWrong, nil,
          "\(place) says access point \(entry.id) has \(entry.requests) valid requests, but "
            + "the batch has \(requests) there")
      }
      let placed = placedCount[entry.id] ?? 0
      if entry.placed != placed {
        report(
          .accessPointCountsWrong, nil,
          "\(place) says \(entry.placed) requests are placed at access point \(entry.id), but "
            + "assignments places \(placed) there")
      }
    }
    for accessPoint in inventory.accessPoints where entryOf[accessPoint.id] == nil {
      let requests = validCount[accessPoint.id] ?? 0
      let placed = placedCount[accessPoint.id] ?? 0
      guard requests > 0 || placed > 0 else { continue }
      report(
        .accessPointEntryMissing, nil,
        "access point \(accessPoint.id) has \(requests) valid requests and \(placed) "
          + "assignments, but accessPoints has no entry for it")
    }
  }

  mutating func checkSummary() {
    let summary = plan.summary
    let counts: [(String, Int, Int, String)] = [
      ("requests", summary.requests, requests.count, "the batch has"),
      ("placed", summary.placed, plan.assignments.count, "assignments lists"),
      ("rejected", summary.rejected, plan.rejected.count, "rejected lists"),
      ("unplaced", summary.unplaced, plan.unplaced.count, "unplaced lists"),
    ]
    for (name, said, actual, phrase) in counts where said != actual {
      report(.summaryMismatch, nil, "summary.\(name) is \(said), but \(phrase) \(actual)")
    }
    let notOptimal = plan.accessPoints.filter { !$0.optimal }.map(\.id.rawValue)
    if summary.optimal && !notOptimal.isEmpty {
      report(
        .summaryMismatch, nil,
        "summary.optimal is true, but access point \(notOptimal.joined(separator: ", ")) "
          + "\(notOptimal.count == 1 ? "is" : "are") not proven optimal")
    } else if !summary.optimal && notOptimal.isEmpty {
      report(
        .summaryMismatch, nil,
        "summary.optimal is false, but every access point in accessPoints is proven optimal")
    }
  }
}
