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
    let accepted = validation.accepted
    var demands: [Demand] = accepted.indices.map { index in
      let accessPoint = accessPointIndex[accepted[index].accessPoint] ?? 0
      var forbidden: Int?
      // The connection's fields are read in place: a copy would retain its every string.
      if case .connection(let id) = accepted[index].partner,
        let connection = inventory.connectionIndex(of: id),
        inventory.connections[connection].accessPoint == accepted[index].accessPoint,
        let device = inventory.connections[connection].device.flatMap({ deviceIndex[$0] })
      {
        forbidden = device
      }
      return Demand(
        accepted: index, accessPoint: accessPoint, type: accepted[index].portType,
        priority: accepted[index].priority, forbiddenDevice: forbidden)
    }
    // A request named as a partner that is accepted too is in the same redundancy group (the
    // groups are the partner links' components), the first member with that id, as validation
    // resolved the name: a few members are searched, not an index of every accepted id.
    for (group, members) in validation.groups.enumerated() {
      for index in members {
        demands[index].group = group
        guard case .request(let id) = accepted[index].partner,
          let other = members.first(where: { accepted[$0].id == id }), other != index,
          demands[other].accessPoint == demands[index].accessPoint
        else { continue }
        if !demands[index].apart.contains(other) { demands[index].apart.append(other) }
        if !demands[other].apart.contains(index) { demands[other].apart.append(index) }
      }
    }
    self.demands = demands
  }
}
