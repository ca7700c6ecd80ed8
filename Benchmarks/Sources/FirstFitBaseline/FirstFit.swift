import Patchbay

/// The baseline Patchbay is measured against: plain first fit, as a person would write it by
/// hand, with FORMATS.md's guarantees kept so that `patchbay verify` accepts its plans.
///
/// - Requests are taken in batch order, with no look-ahead, no priorities and no reordering.
/// - Each goes on the FIRST device of its access point (inventory order) that has a free port
///   accepting its port type and that the redundancy rule allows, on that device's first such
///   port (port order).
/// - The redundancy rule: not on the device of the connection or request it backs up, nor on
///   the device of a placed request that backs it up (FORMATS.md guarantee 2).
/// - A redundancy group is placed whole or not at all (guarantee 3; a plan that splits a group
///   is invalid, so a baseline that split groups would not be a plan at all). The group is
///   placed when batch order reaches its first member, member after member, first fit each; if
///   one member finds no port, the members already placed give their ports back. Nothing is
///   tried again: no other device choice, no backtracking, no look-ahead.
///
/// Validation is Patchbay's own (`BatchValidator`), so rejected requests are the same as in
/// `patchbay allocate`; what differs is only where, and whether, valid requests are placed.
public enum FirstFit {
  /// Places a batch that has been validated against `inventory`.
  public static func plan(inventory: Inventory, validation: ValidationResult) -> Plan {
    var placer = FirstFitPlacer(inventory: inventory)
    return placer.plan(validation)
  }

  /// Validates and places a batch.
  public static func plan(inventory: Inventory, requests: [Request]) -> Plan {
    plan(inventory: inventory, validation: BatchValidator(inventory: inventory).validate(requests))
  }
}

/// The free ports of one device, as first fit sees them.
private struct DeviceState {
  /// Accepted types of each port, in port order.
  let accepts: [PortTypeSet]
  /// Ports held before the batch or given in it.
  var used: [Bool]
  /// Per port type (by ordinal): no free port accepting it lies before this index.
  var cursor: [Int]
  /// Per port type (by ordinal): free ports accepting it before the batch.
  let freeBefore: [Int]

  init(accepts: [PortTypeSet], used: [Bool]) {
    self.accepts = accepts
    self.used = used
    cursor = Array(repeating: 0, count: PortType.allCases.count)
    var free = Array(repeating: 0, count: PortType.allCases.count)
    for (port, types) in accepts.enumerated() where !used[port] {
      for type in PortType.allCases where types.contains(type) { free[type.ordinal] += 1 }
    }
    freeBefore = free
  }

  /// The first free port accepting `type`, in port order.
  mutating func firstFree(_ type: PortType) -> Int? {
    var port = cursor[type.ordinal]
    while port < accepts.count && (used[port] || !accepts[port].contains(type)) { port += 1 }
    cursor[type.ordinal] = port
    return port < accepts.count ? port : nil
  }

  /// Gives a port back (a group that could not be placed whole).
  mutating func free(_ port: Int) {
    used[port] = false
    for type in PortType.allCases where accepts[port].contains(type) {
      cursor[type.ordinal] = min(cursor[type.ordinal], port)
    }
  }
}

private struct FirstFitPlacer {
  let inventory: Inventory
  /// Devices (indexes into `inventory.devices`) of each access point, in inventory order.
  var devicesOf: [AccessPointID: [Int]] = [:]
  var deviceIndex: [DeviceID: Int] = [:]
  var devices: [DeviceState] = []

  init(inventory: Inventory) {
    self.inventory = inventory
    // Port name -> index. Devices built from one port list share it, so the index is reused
    // while the list is the same (`==` on arrays is immediate for a shared buffer).
    var lastPorts: [Port] = []
    var lastIndex: [String: Int] = [:]
    var used: [[Bool]] = []
    for (index, device) in inventory.devices.enumerated() {
      devicesOf[device.accessPoint, default: []].append(index)
      deviceIndex[device.id] = index
      used.append(Array(repeating: false, count: device.ports.count))
    }
    var connectionsOf: [[Connection]] = Array(repeating: [], count: inventory.devices.count)
    for connection in inventory.connections where connection.status.holdsPort {
      guard let device = connection.device.flatMap({ deviceIndex[$0] }) else { continue }
      connectionsOf[device].append(connection)
    }
    for (index, device) in inventory.devices.enumerated() {
      if device.ports != lastPorts {
        lastPorts = device.ports
        lastIndex = [:]
        for (position, port) in device.ports.enumerated() where lastIndex[port.name] == nil {
          lastIndex[port.name] = position
        }
      }
      for connection in connectionsOf[index] {
        if let name = connection.port, let port = lastIndex[name] { used[index][port] = true }
      }
      devices.append(DeviceState(accepts: device.ports.map(\.accepts), used: used[index]))
    }
  }

  /// Where each accepted request went, and why the others did not.
  mutating func plan(_ validation: ValidationResult) -> Plan {
    let accepted = validation.accepted
    var placement: [(device: Int, port: Int)?] = Array(repeating: nil, count: accepted.count)
    var unplacement: [Unplacement?] = Array(repeating: nil, count: accepted.count)
    var groupOf: [Int] = Array(repeating: -1, count: accepted.count)
    for (group, members) in validation.groups.enumerated() {
      for member in members { groupOf[member] = group }
    }
    for index in accepted.indices {
      let group = groupOf[index]
      if group < 0 {
        placeSingle(index, accepted, &placement, &unplacement)
      } else if validation.groups[group].min() == index {
        placeGroup(validation.groups[group], accepted, &placement, &unplacement)
      }
    }
    return assemble(validation, placement: placement, unplacement: unplacement)
  }

  private mutating func placeSingle(
    _ index: Int, _ accepted: [ValidatedRequest], _ placement: inout [(device: Int, port: Int)?],
    _ unplacement: inout [Unplacement?]
  ) {
    let request = accepted[index]
    let forbidden = connectionDevice(of: request).map { [$0] } ?? []
    if let found = firstFit(request, avoiding: forbidden) {
      placement[index] = found
    } else {
      unplacement[index] = reason(request, avoiding: forbidden)
    }
  }

  private mutating func placeGroup(
    _ members: [Int], _ accepted: [ValidatedRequest],
    _ placement: inout [(device: Int, port: Int)?], _ unplacement: inout [Unplacement?]
  ) {
    var placed: [Int] = []
    for member in members.sorted() {
      let request = accepted[member]
      var forbidden: [Int] = connectionDevice(of: request).map { [$0] } ?? []
      for other in placed {
        let partner = accepted[other]
        if request.partner == .request(partner.id) || partner.partner == .request(request.id),
          let device = placement[other]?.device
        {
          forbidden.append(device)
        }
      }
      if let found = firstFit(request, avoiding: forbidden) {
        placement[member] = found
        placed.append(member)
        continue
      }
      // All or nothing: give back what the group took, and say why.
      for other in placed {
        if let taken = placement[other] { devices[taken.device].free(taken.port) }
        placement[other] = nil
      }
      let failure = reason(request, avoiding: forbidden)
      for other in members {
        unplacement[other] =
          other == member
          ? failure
          : Unplacement(
            request: accepted[other].id, code: .partnerUnplaced,
            message: "its redundancy group cannot be placed whole: first fit found no port for "
              + "\(request.id) (\(failure.code.rawValue)), and a group is placed all or nothing")
      }
      return
    }
  }

  /// The device of the existing connection a request backs up, when it is at the same access
  /// point (a connection elsewhere is on another device anyway).
  private func connectionDevice(of request: ValidatedRequest) -> Int? {
    guard case .connection(let id) = request.partner, let connection = inventory.connection(id),
      connection.accessPoint == request.accessPoint, let device = connection.device
    else { return nil }
    return deviceIndex[device]
  }

  /// The first allowed device with a free port of the request's type, and its first such port;
  /// the port is taken.
  private mutating func firstFit(_ request: ValidatedRequest, avoiding forbidden: [Int]) -> (
    device: Int, port: Int
  )? {
    for device in devicesOf[request.accessPoint] ?? [] where !forbidden.contains(device) {
      if let port = devices[device].firstFree(request.portType) {
        devices[device].used[port] = true
        return (device, port)
      }
    }
    return nil
  }

  /// Why a request found no port, in FORMATS.md's codes: nothing free of its type before the
  /// batch, only on the device of the connection it backs up, or taken by earlier requests.
  private func reason(_ request: ValidatedRequest, avoiding forbidden: [Int]) -> Unplacement {
    let type = request.portType
    let candidates = devicesOf[request.accessPoint] ?? []
    let freeBefore = candidates.reduce(0) { $0 + devices[$1].freeBefore[type.ordinal] }
    let point = request.accessPoint
    if freeBefore == 0 {
      return Unplacement(
        request: request.id, code: .noFreePort,
        message: "no free port at \(point) accepts \(type.rawValue) before this batch")
    }
    if let held = connectionDevice(of: request),
      candidates.allSatisfy({ $0 == held || devices[$0].freeBefore[type.ordinal] == 0 })
    {
      return Unplacement(
        request: request.id, code: .noDiverseDevice,
        message: "the only free \(type.rawValue) ports at \(point) (\(freeBefore)) are on "
          + "\(inventory.devices[held].id), which holds its redundant connection")
    }
    let blocked = forbidden.count > 1 ? " or on devices its redundancy rule forbids" : ""
    return Unplacement(
      request: request.id, code: .capacityContention,
      message: "the \(freeBefore) free \(type.rawValue) ports at \(point) before this batch went "
        + "to earlier requests in batch order (first fit)\(blocked)")
  }

  private func assemble(
    _ validation: ValidationResult, placement: [(device: Int, port: Int)?],
    unplacement: [Unplacement?]
  ) -> Plan {
    var assignments: [Assignment] = []
    var unplaced: [Unplacement] = []
    var counts: [AccessPointID: (requests: Int, placed: Int)] = [:]
    for (index, request) in validation.accepted.enumerated() {
      counts[request.accessPoint, default: (0, 0)].requests += 1
      guard let (deviceIndex, port) = placement[index] else {
        unplaced.append(
          unplacement[index]
            ?? Unplacement(
              request: request.id, code: .capacityContention, message: "first fit found no port"))
        continue
      }
      counts[request.accessPoint, default: (0, 0)].placed += 1
      let device = inventory.devices[deviceIndex]
      let named: String? =
        switch request.partner {
        case .connection(let id): id.rawValue
        case .request(let id): id.rawValue
        case nil: nil
        }
      assignments.append(
        Assignment(
          request: request.id, accessPoint: request.accessPoint, device: device.id,
          port: device.ports[port].name, portType: request.portType, account: request.account,
          redundantConnection: named, priority: request.priority))
    }
    // One entry per access point with valid requests, in inventory order. First fit proves
    // nothing, except where it placed every request (then no plan places more).
    let outcomes = inventory.accessPoints.compactMap { point -> AccessPointOutcome? in
      guard let count = counts[point.id] else { return nil }
      return AccessPointOutcome(
        id: point.id, requests: count.requests, placed: count.placed, method: .greedy,
        optimal: count.placed == count.requests)
    }
    return Plan(
      assignments: assignments, rejected: validation.rejections, unplaced: unplaced,
      accessPoints: outcomes,
      summary: PlanSummary(
        requests: validation.requestCount, placed: assignments.count,
        rejected: validation.rejections.count, unplaced: unplaced.count,
        optimal: outcomes.allSatisfy(\.optimal)))
  }
}
