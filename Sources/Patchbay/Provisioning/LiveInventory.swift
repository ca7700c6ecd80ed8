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

  /// Starts from `inventory`, indexing its free ports once.
  public init(_ inventory: Inventory) {
    self.inventory = inventory
    self.freePorts = FreePorts(inventory: inventory)
  }

  /// The outcome of placing one request.
  public enum Outcome: Sendable, Hashable {
    /// The request holds a port now, as an `Allocated` connection of ``LiveInventory/inventory``.
    case placed(Assignment)
    /// Validation refused the request; nothing changed.
    case rejected(Rejection)
    /// The request is valid but no allowed port is free; nothing changed.
    case unplaced(Unplacement)
  }

  /// Validates one request against the inventory as it stands and, if valid, reserves a port
  /// the way the batch greedy places a request (`DeviceChoice`): the lowest port of the most
  /// specific cage on the allowed device with the most free ports of its type. For a single
  /// request that choice is optimal: it is placed whenever any allowed device has a free port.
  /// An unplaced request is explained with the batch's own reasons and words.
  ///
  /// It does not wait: microseconds on a million-port inventory, and a placed request allocates
  /// no memory beyond the amortized growth of the inventory's connections and their index
  /// (BENCHMARKS.md). Validation is the batch's for a batch of one (`validate(only:)`): the same
  /// codes and messages as ``BatchValidator/validate(_:)`` of `[request]`.
  public mutating func place(_ request: Request) -> Outcome {
    let valid: ValidatedRequest
    switch BatchValidator(inventory: inventory).validate(only: request) {
    case .failure(let rejection): return .rejected(rejection)
    case .success(let request): valid = request
    }
    guard let accessPoint = inventory.accessPointIndex(of: valid.accessPoint) else {
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
    let choice = DeviceChoice.mostFree(
      among: freePorts.devicesOfAccessPoint[accessPoint], allowed: { $0 != forbidden },
      freePorts: { freePorts.devices[$0].freeCount(accepting: valid.portType) })
    guard let device = choice, let pool = freePorts.devices[device].bestPool(for: valid.portType),
      let port = freePorts.devices[device].pools[pool].take()
    else {
      let (code, message) =
        UnplacedReasons.beforeBatch(
          type: valid.portType, accessPoint: accessPoint, forbidden: forbidden,
          partner: valid.partner?.name ?? "", inventory: inventory, freePorts: freePorts)
        ?? (.noFreePort, "no free port at \(valid.accessPoint) accepts \(valid.portType.rawValue)")
      return .unplaced(Unplacement(request: valid.id, code: code, message: message))
    }
    return .placed(reserve(valid, placement: Placement(device: device, pool: pool, port: port)))
  }

  /// Places a small batch with the full allocator (greedy, and exact where needed) against the
  /// inventory as it stands, and reserves every assigned port.
  /// `progress` hears how many subproblems are solved, as
  /// ``Allocator/allocate(_:progress:)`` reports them.
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
    guard !status.holdsPort else {
      throw ProvisioningError(
        kind: .statusHoldsPort, connection: id,
        description: "\(status.rawValue) still holds the port; release to Canceled, Terminated "
          + "or another status that frees it")
    }
    guard let connection = inventory.connection(id) else {
      throw ProvisioningError(
        kind: .unknownConnection, connection: id,
        description: "no connection \(id) in the inventory")
    }
    guard connection.status.holdsPort else {
      throw ProvisioningError(
        kind: .notHoldingPort, connection: id,
        description: "connection \(id) is \(connection.status.rawValue) and holds no port to "
          + "release")
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
        portType: request.portType, status: .allocated, redundantConnection: partner),
      port: ConnectionPort(device: placement.device, port: placement.port))
    return Assignment(
      request: request.id, accessPoint: request.accessPoint, device: device.id, port: port,
      portType: request.portType, account: request.account,
      redundantConnection: request.partner?.name, priority: request.priority)
  }
}
