import Patchbay

/// Plans built in the tests, without the allocator: by hand for the shipped data centre, and by a
/// deliberately naive greedy for random ones.
enum TestPlans {
  /// A valid plan for `fixtures/datacenter`, placed by hand on ports that are free: a batch pair
  /// on two devices, pairs backing up existing connections, a pair across two access points, and
  /// ports whose old connections are Terminated, Canceled, Rejected or Allocation Failed.
  static let datacenterPlacements: [(request: String, device: String, port: String)] = [
    ("req-0001", "hz-yh-b-asw-01", "1/1/10"),
    ("req-0002", "hz-yh-b-asw-02", "1/1/10"),
    ("req-0003", "hz-yh-b-asw-01", "1/2/2"),
    ("req-0004", "hz-yh-b-asw-02", "1/2/2"),
    ("req-0005", "hz-yh-b-asw-02", "1/3/1"),
    ("req-0006", "hz-yh-b-asw-01", "1/1/6"),
    ("req-0010", "hz-xs-a-asw-01", "1/4/1"),
    ("req-0013", "hz-yh-b-asw-02", "1/1/5"),
    ("req-0014", "hz-xs-a-asw-01", "1/1/1"),
    ("req-0016", "qd-lc-a-asw-01", "1/1/1"),
    ("req-0021", "bj-ft-a-asw-01", "1/2/3"),
    ("req-0027", "sh-jq-a-asw-01", "1/2/1"),
    ("req-0028", "sh-jq-a-asw-02", "1/2/1"),
    ("req-0036", "sh-jq-a-asw-02", "1/1/3"),
    ("req-0041", "hz-yh-b-asw-01", "1/3/1"),
    ("req-0042", "hz-yh-b-asw-02", "1/3/2"),
  ]

  static func datacenter() throws -> (plan: Plan, inventory: Inventory, requests: [Request]) {
    let inventory = try Fixtures.datacenterInventory
    let requests = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let plan = plan(placing: datacenterPlacements, inventory: inventory, requests: requests)
    return (plan, inventory, requests)
  }

  /// The placements as assignments (carrying account, redundant connection and priority),
  /// validation's rejections, every other valid request unplaced, and counts that agree.
  static func plan(
    placing placements: [(request: String, device: String, port: String)],
    inventory: Inventory, requests: [Request]
  ) -> Plan {
    let result = BatchValidator(inventory: inventory).validate(requests)
    var place: [RequestID: (device: String, port: String)] = [:]
    for placement in placements {
      place[RequestID(placement.request)] = (placement.device, placement.port)
    }
    var assignments: [Assignment] = []
    var unplaced: [Unplacement] = []
    for request in result.accepted {
      if let (device, port) = place[request.id] {
        assignments.append(assignment(request, requests: requests, device: device, port: port))
      } else {
        unplaced.append(
          Unplacement(
            request: request.id, code: .capacityContention,
            message: "left for a later batch by the test"))
      }
    }
    return Plan(
      assignments: assignments, rejected: result.rejections, unplaced: unplaced,
      accessPoints: [],
      summary: PlanSummary(requests: 0, placed: 0, rejected: 0, unplaced: 0, optimal: false)
    ).recounted(inventory: inventory, requests: requests)
  }

  static func assignment(
    _ request: ValidatedRequest, requests: [Request], device: String, port: String
  ) -> Assignment {
    Assignment(
      request: request.id, accessPoint: request.accessPoint, device: DeviceID(device), port: port,
      portType: request.portType, account: request.account,
      redundantConnection: requests[request.batchIndex].redundantConnection,
      priority: request.priority)
  }

  /// A plain greedy, written for the tests only: groups and then single requests in batch
  /// order, each member on the first free port of the first device its partners do not use; a
  /// group that does not fit whole is left out whole.
  static func greedy(inventory: Inventory, requests: [Request]) -> Plan {
    let result = BatchValidator(inventory: inventory).validate(requests)
    var held = Set<String>()
    for connection in inventory.connections where connection.status.holdsPort {
      if let device = connection.device, let port = connection.port {
        held.insert("\(device)\u{0}\(port)")
      }
    }
    let grouped = Set(result.groups.flatMap { $0 })
    let units =
      (result.groups + result.accepted.indices.filter { !grouped.contains($0) }.map { [$0] })
      .sorted { $0[0] < $1[0] }
    var placed: [RequestID: (device: DeviceID, port: String)] = [:]
    for unit in units {
      var tentative: [RequestID: (device: DeviceID, port: String)] = [:]
      var taken = Set<String>()
      var fits = true
      for member in unit {
        let request = result.accepted[member]
        var forbidden = Set<DeviceID>()
        switch request.partner {
        case .connection(let id)?:
          if let device = inventory.connection(id)?.device { forbidden.insert(device) }
        case .request(let id)?:
          if let spot = tentative[id] ?? placed[id] { forbidden.insert(spot.device) }
        case nil: break
        }
        for other in unit where result.accepted[other].partner == .request(request.id) {
          if let spot = tentative[result.accepted[other].id] { forbidden.insert(spot.device) }
        }
        var spot: (device: DeviceID, port: String)?
        search: for device in inventory.devices(of: request.accessPoint)
        where !forbidden.contains(device.id) {
          for port in device.ports where port.accepts.contains(request.portType) {
            let key = "\(device.id)\u{0}\(port.name)"
            if !held.contains(key) && !taken.contains(key) {
              spot = (device.id, port.name)
              break search
            }
          }
        }
        guard let spot else {
          fits = false
          break
        }
        tentative[request.id] = spot
        taken.insert("\(spot.device)\u{0}\(spot.port)")
      }
      guard fits else { continue }
      placed.merge(tentative) { first, _ in first }
      held.formUnion(taken)
    }
    let placements = result.accepted.compactMap { request in
      placed[request.id].map { (request.id.rawValue, $0.device.rawValue, $0.port) }
    }
    return plan(placing: placements, inventory: inventory, requests: requests)
  }
}

extension Plan {
  /// The plan with `accessPoints` and `summary` recomputed from its lists: an entry for every
  /// access point with valid requests or assignments, in inventory order, optimal when all its
  /// valid requests are placed. Corruption cases call it so that only what they break is wrong.
  func recounted(inventory: Inventory, requests: [Request]) -> Plan {
    let result = BatchValidator(inventory: inventory).validate(requests)
    var valid: [AccessPointID: Int] = [:]
    for request in result.accepted { valid[request.accessPoint, default: 0] += 1 }
    var placed: [AccessPointID: Int] = [:]
    for assignment in assignments { placed[assignment.accessPoint, default: 0] += 1 }
    var copy = self
    copy.accessPoints = inventory.accessPoints.compactMap { accessPoint in
      let requests = valid[accessPoint.id] ?? 0
      let placed = placed[accessPoint.id] ?? 0
      guard requests > 0 || placed > 0 else { return nil }
      return AccessPointOutcome(
        id: accessPoint.id, requests: requests, placed: placed, method: .greedy,
        optimal: placed >= requests)
    }
    copy.summary = PlanSummary(
      requests: requests.count, placed: assignments.count, rejected: rejected.count,
      unplaced: unplaced.count, optimal: copy.accessPoints.allSatisfy(\.optimal))
    return copy
  }
}

/// Whether two inventories hold the same things (``Inventory`` is not `Equatable`: it carries
/// indexes).
func sameContents(_ a: Inventory, _ b: Inventory) -> Bool {
  a.regions == b.regions && a.accessPoints == b.accessPoints && a.devices == b.devices
    && a.connections == b.connections && a.highSpeedWhitelist == b.highSpeedWhitelist
    && a.policy == b.policy
}
