/// A valid request as the allocator sees it: indexes instead of ids, and its redundancy
/// constraints resolved.
struct Demand: Sendable {
  /// Index in ``ValidationResult/accepted``.
  let accepted: Int
  /// Index in ``Inventory/accessPoints``.
  let accessPoint: Int
  let type: PortType
  let priority: Int
  /// The device of the existing connection it backs up, when that is at the same access point.
  let forbiddenDevice: Int?
  /// Demands (indexes in the same list) it must not share a device with: the batch requests it
  /// names or that name it, at the same access point (FORMATS.md guarantee 2).
  var apart: [Int] = []
  /// Its redundancy group (index in ``ValidationResult/groups``), placed all or nothing.
  var group: Int?
}

/// Everything the allocator needs from a validated batch, resolved to indexes once.
struct AllocationInput: Sendable {
  let inventory: Inventory
  let validation: ValidationResult
  /// One per accepted request, same order.
  let demands: [Demand]
  let freePorts: FreePorts

  /// `freePorts` may be given when the caller keeps them up to date (the provisioning path);
  /// otherwise they are computed from the inventory.
  init(inventory: Inventory, validation: ValidationResult, freePorts: FreePorts? = nil) {
    self.inventory = inventory
    self.validation = validation
    self.freePorts = freePorts ?? FreePorts(inventory: inventory)
    var accessPointIndex: [AccessPointID: Int] = [:]
    for (index, accessPoint) in inventory.accessPoints.enumerated() {
      accessPointIndex[accessPoint.id] = index
    }
    var deviceIndex: [DeviceID: Int] = [:]
    for (index, device) in inventory.devices.enumerated() { deviceIndex[device.id] = index }
    var acceptedIndex: [RequestID: Int] = [:]
    for (index, request) in validation.accepted.enumerated() { acceptedIndex[request.id] = index }

    var demands: [Demand] = validation.accepted.enumerated().map { index, request in
      let accessPoint = accessPointIndex[request.accessPoint] ?? 0
      var forbidden: Int?
      if case .connection(let id) = request.partner, let connection = inventory.connection(id),
        connection.accessPoint == request.accessPoint,
        let device = connection.device.flatMap({ deviceIndex[$0] })
      {
        forbidden = device
      }
      return Demand(
        accepted: index, accessPoint: accessPoint, type: request.portType,
        priority: request.priority, forbiddenDevice: forbidden)
    }
    for (index, request) in validation.accepted.enumerated() {
      guard case .request(let id) = request.partner, let other = acceptedIndex[id],
        demands[other].accessPoint == demands[index].accessPoint
      else { continue }
      if !demands[index].apart.contains(other) { demands[index].apart.append(other) }
      if !demands[other].apart.contains(index) { demands[other].apart.append(index) }
    }
    for (group, members) in validation.groups.enumerated() {
      for member in members { demands[member].group = group }
    }
    self.demands = demands
  }
}
