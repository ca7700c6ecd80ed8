/// An inventory kept in memory and indexed for the provisioning service: it places one request
/// (or a small batch) and releases ports as interfaces move through their lifecycle, without
/// reading or rescanning the whole inventory for each step.
///
/// A placed request becomes an `Allocated` connection of ``inventory`` with the request's id, so
/// later requests can name it as their redundant connection, and the pending limit counts it.
public struct LiveInventory: Sendable {
  /// The inventory as it stands, with every placement so far.
  public private(set) var inventory: Inventory
  private(set) var freePorts: FreePorts

  public init(_ inventory: Inventory) {
    self.inventory = inventory
    self.freePorts = FreePorts(inventory: inventory)
  }

  /// The outcome of placing one request.
  public enum Outcome: Sendable, Hashable {
    case placed(Assignment)
    case rejected(Rejection)
    case unplaced(Unplacement)
  }

  /// Validates one request against the inventory as it stands and, if valid, reserves the
  /// lowest port of the most specific cage on the allowed device with the most free ports of
  /// its type. For a single request that choice is optimal: it is placed whenever any allowed
  /// device has a free port.
  public mutating func place(_ request: Request) -> Outcome {
    let validation = BatchValidator(inventory: inventory).validate([request])
    if let rejection = validation.rejections.first { return .rejected(rejection) }
    guard let valid = validation.accepted.first,
      let accessPoint = inventory.accessPointIndex(of: valid.accessPoint)
    else {
      return .rejected(
        Rejection(
          request: request.id, code: .unknownAccessPoint,
          message: "access point \(request.accessPoint ?? "") is not in the inventory"))
    }
    var forbidden: Int?
    if case .connection(let id) = valid.partner, let partner = inventory.connection(id),
      partner.accessPoint == valid.accessPoint
    {
      forbidden = partner.device.flatMap { inventory.deviceIndex(of: $0) }
    }
    var best: (device: Int, free: Int)?
    for device in freePorts.devicesOfAccessPoint[accessPoint] where device != forbidden {
      let free = freePorts.devices[device].freeCount(accepting: valid.portType)
      if free > 0 && free > (best?.free ?? 0) { best = (device, free) }
    }
    guard let device = best?.device,
      let pool = freePorts.devices[device].bestPool(
        for: valid.portType), let port = freePorts.devices[device].pools[pool].take()
    else {
      return .unplaced(explainUnplaced(valid, accessPoint: accessPoint, forbidden: forbidden))
    }
    return .placed(reserve(valid, placement: Placement(device: device, pool: pool, port: port)))
  }

  /// Places a small batch with the full allocator (greedy, and exact where needed) against the
  /// inventory as it stands, and reserves every assigned port.
  /// `progress` hears how many subproblems are solved, as ``Allocator/allocate(validated:progress:)``
  /// reports them.
  public mutating func place(
    batch: [Request], options: AllocationOptions = AllocationOptions(threads: 1),
    progress: (@Sendable (_ solved: Int, _ total: Int) -> Void)? = nil
  ) -> Plan {
    let validation = BatchValidator(inventory: inventory).validate(batch)
    let (result, placements) = Allocator(inventory: inventory, options: options).run(
      validated: validation, freePorts: freePorts, progress: progress)
    // Partners placed in the same batch become connections too, so links between them hold.
    let placedIDs = Set(
      placements.indices.filter { placements[$0] != nil }.map {
        ConnectionID(validation.accepted[$0].id.rawValue)
      })
    for (index, placement) in placements.enumerated() {
      guard let placement,
        freePorts.devices[placement.device].remove(port: placement.port, pool: placement.pool)
      else { continue }
      _ = reserve(validation.accepted[index], placement: placement, alsoPlaced: placedIDs)
    }
    return result.plan
  }

  /// Frees the port a connection holds: the connection moves to `status` (`Canceled` by
  /// default; `Terminated` for an enabled one), and its port is free for the next request.
  public mutating func release(
    _ id: ConnectionID, as status: ConnectionStatus = .canceled
  ) throws(ProvisioningError) {
    guard !status.holdsPort else { throw .statusHoldsPort(status) }
    guard let connection = inventory.connection(id) else { throw .unknownConnection(id) }
    guard connection.status.holdsPort else {
      throw .notHoldingPort(id, connection.status)
    }
    inventory.setStatus(of: id, to: status)
    guard let deviceID = connection.device, let name = connection.port,
      let device = inventory.deviceIndex(of: deviceID)
    else { return }
    guard let port = inventory.portIndex(named: name, onDevice: device) else { return }
    freePorts.devices[device].give(
      port: port, accepts: inventory.devices[device].ports[port].accepts)
  }

  /// Records a placement as an `Allocated` connection and returns its assignment.
  private mutating func reserve(
    _ request: ValidatedRequest, placement: Placement, alsoPlaced: Set<ConnectionID> = []
  ) -> Assignment {
    let device = inventory.devices[placement.device]
    let port = device.ports[placement.port].name
    var partner: ConnectionID?
    if let name = request.partner?.name,
      alsoPlaced.contains(ConnectionID(name)) || inventory.connection(ConnectionID(name)) != nil
    {
      partner = ConnectionID(name)
    }
    inventory.append(
      Connection(
        id: ConnectionID(request.id.rawValue), account: request.account,
        accessPoint: request.accessPoint, device: device.id, port: port,
        portType: request.portType, status: .allocated, redundantConnection: partner))
    return Assignment(
      request: request.id, accessPoint: request.accessPoint, device: device.id, port: port,
      portType: request.portType, account: request.account,
      redundantConnection: request.partner?.name, priority: request.priority)
  }

  private func explainUnplaced(_ request: ValidatedRequest, accessPoint: Int, forbidden: Int?)
    -> Unplacement
  {
    let devices = freePorts.devicesOfAccessPoint[accessPoint]
    let free = devices.reduce(0) {
      $0 + freePorts.devices[$1].freeCount(accepting: request.portType)
    }
    let type = request.portType.rawValue
    if free > 0, let forbidden {
      return Unplacement(
        request: request.id, code: .noDiverseDevice,
        message: "the only free \(type) ports at \(request.accessPoint) (\(free)) are on "
          + "\(inventory.devices[forbidden].id), which holds its redundant connection "
          + "\(request.partner?.name ?? "")")
    }
    return Unplacement(
      request: request.id, code: .noFreePort,
      message: "no free port at \(request.accessPoint) accepts \(type) now")
  }
}

/// A release the provisioning store asked for that cannot be done.
public enum ProvisioningError: Error, Sendable, Hashable, CustomStringConvertible {
  case unknownConnection(ConnectionID)
  case notHoldingPort(ConnectionID, ConnectionStatus)
  case statusHoldsPort(ConnectionStatus)

  public var description: String {
    switch self {
    case .unknownConnection(let id): "no connection \(id) in the inventory"
    case .notHoldingPort(let id, let status):
      "connection \(id) is \(status.rawValue) and holds no port to release"
    case .statusHoldsPort(let status):
      "\(status.rawValue) still holds the port; release to Canceled, Terminated or another "
        + "status that frees it"
    }
  }
}
