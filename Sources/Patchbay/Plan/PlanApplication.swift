/// Commits a plan (`patchbay apply`): each assignment becomes a connection in `Allocated` that
/// holds its port, appended to the inventory's connections in plan order.
///
/// It refuses the whole plan, listing every problem and naming the assignment, when the result
/// would not be an inventory that ``InventoryDecoder`` accepts, or would break a guarantee:
/// - the assignment has no account (a plan written before accounts were carried);
/// - a connection with the request's id exists already, or two assignments are for one request;
/// - the access point or device does not exist, or the device belongs to another access point;
/// - the device has no such port, or the port does not accept the port type;
/// - a live connection holds the port, or another assignment gives it;
/// - the redundant connection names the request itself, or names neither a connection of the
///   inventory nor another assignment of the plan: a partner request that was not placed would
///   leave half a redundancy group (guarantee 3) and a dangling reference, so it is refused
///   rather than dropped;
/// - the assignment is on the same device as its redundant connection (guarantee 2).
///
/// It does not re-validate the requests (the plan alone does not carry them), so it cannot see
/// everything: a placed request whose unplaced partner names it (and not the other way round)
/// looks like a single request here. Run `patchbay verify` with the requests for the full check.
public enum PlanApplication {
  /// Why a plan cannot be applied: every problem found, in assignment order.
  public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
    /// One reason an assignment cannot become a connection.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
      public enum Kind: String, CaseIterable, Sendable {
        case missingAccount = "missing_account"
        case connectionExists = "connection_exists"
        case requestAssignedTwice = "request_assigned_twice"
        case unknownAccessPoint = "unknown_access_point"
        case unknownDevice = "unknown_device"
        case deviceAtOtherAccessPoint = "device_at_other_access_point"
        case unknownPort = "unknown_port"
        case portTypeNotAccepted = "port_type_not_accepted"
        case portOccupied = "port_occupied"
        case portGivenTwice = "port_given_twice"
        case redundantConnectionSelf = "redundant_connection_self"
        case unknownRedundantConnection = "unknown_redundant_connection"
        case redundantOnSameDevice = "redundant_on_same_device"
      }

      public var kind: Kind
      /// Position of the assignment in the plan's `assignments`.
      public var assignment: Int
      public var request: RequestID
      /// A sentence naming the request, the device and port, and the other party.
      public var message: String

      public init(kind: Kind, assignment: Int, request: RequestID, message: String) {
        self.kind = kind
        self.assignment = assignment
        self.request = request
        self.message = message
      }

      /// `assignments[3] (req-0004): port_occupied: ...`.
      public var description: String {
        "assignments[\(assignment)] (\(request)): \(kind.rawValue): \(message)"
      }
    }

    /// At least one.
    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
  }

  /// The inventory with the plan's assignments as `Allocated` connections, or every reason it
  /// cannot be.
  public static func apply(_ plan: Plan, to inventory: Inventory) throws(PlanApplication.Error)
    -> Inventory
  {
    var application = Application(inventory: inventory, assignments: plan.assignments)
    let connections = application.connections()
    guard application.problems.isEmpty else { throw Error(problems: application.problems) }
    return Inventory(
      regions: inventory.regions, accessPoints: inventory.accessPoints,
      devices: inventory.devices, connections: inventory.connections + connections,
      highSpeedWhitelist: inventory.highSpeedWhitelist, policy: inventory.policy,
      portIndexes: inventory.portIndexes)
  }
}

/// The checks of one application, with the problems found.
private struct Application {
  typealias Problem = PlanApplication.Error.Problem
  typealias Found = [(kind: Problem.Kind, message: String)]

  let inventory: Inventory
  let assignments: [Assignment]
  var problems: [Problem] = []
  /// Port name -> index in `ports`, per device, built when an assignment first names the device.
  private var portIndexes: [DeviceID: [PortNameKey: Int]] = [:]

  init(inventory: Inventory, assignments: [Assignment]) {
    self.inventory = inventory
    self.assignments = assignments
  }

  private struct PortKey: Hashable {
    var device: DeviceID
    /// Compared exactly, as port names are (FORMATS.md "Identifiers").
    var port: PortNameKey
  }

  mutating func connections() -> [Connection] {
    // Per port: the live connection holding it, then the first assignment giving it.
    var uses: [PortKey: (holder: ConnectionID?, givenAt: Int?)] = [:]
    uses.reserveCapacity(inventory.connections.count + assignments.count)
    for connection in inventory.connections where connection.status.holdsPort {
      guard let device = connection.device, let port = connection.port else { continue }
      uses[PortKey(device: device, port: PortNameKey(port))] = (connection.id, nil)
    }
    // The first assignment of each request, which the redundancy checks look at.
    var firstOf: [RequestID: Int] = [:]
    firstOf.reserveCapacity(assignments.count)
    for (index, assignment) in assignments.enumerated().reversed() {
      firstOf[assignment.request] = index
    }
    var connections: [Connection] = []
    connections.reserveCapacity(assignments.count)
    for (index, assignment) in assignments.enumerated() {
      let id = assignment.request
      var at: String { "port \(assignment.port) of \(assignment.device)" }
      var found: Found = []
      if assignment.account.rawValue.isEmpty {
        found.append(
          (
            .missingAccount,
            "the plan has no account for request \(id), so the connection would have no owner; "
              + "it was written by an older patchbay: run patchbay allocate again to get a plan "
              + "that can be applied"
          ))
      }
      if inventory.connection(ConnectionID(id.rawValue)) != nil {
        found.append(
          (
            .connectionExists,
            "the inventory has a connection \(id) already; the new connection for request \(id) "
              + "(\(at)) would repeat its id"
          ))
      }
      if let first = firstOf[id], first != index {
        found.append(
          (
            .requestAssignedTwice,
            "request \(id) is assigned again (\(at)); assignments[\(first)] assigns it already"
          ))
      }
      found += placeProblems(assignment)
      let use = Self.give(
        &uses[
          PortKey(device: assignment.device, port: PortNameKey(assignment.port)),
          default: (nil, nil)],
        to: index)
      if let holder = use.holder {
        found.append(
          (
            .portOccupied,
            "\(at) is held by the live connection \(holder); request \(id) cannot have it"
          ))
      }
      if let first = use.givenAt {
        found.append(
          (
            .portGivenTwice,
            "\(at) is given to request \(id) and, at assignments[\(first)], to request "
              + "\(assignments[first].request)"
          ))
      }
      found += partnerProblems(assignment, firstOf: firstOf)
      guard found.isEmpty else {
        problems += found.map {
          Problem(kind: $0.kind, assignment: index, request: id, message: $0.message)
        }
        continue
      }
      connections.append(
        Connection(
          id: ConnectionID(id.rawValue), account: assignment.account,
          accessPoint: assignment.accessPoint, device: assignment.device, port: assignment.port,
          portType: assignment.portType, status: .allocated,
          redundantConnection: assignment.redundantConnection.map { ConnectionID($0) }))
    }
    return connections
  }

  /// Records that assignment `index` gives a port; returns who used it before.
  private static func give(
    _ use: inout (holder: ConnectionID?, givenAt: Int?), to index: Int
  ) -> (holder: ConnectionID?, givenAt: Int?) {
    let before = use
    if use.givenAt == nil { use.givenAt = index }
    return before
  }

  /// The access point, device and port exist, belong together and accept the port type.
  private mutating func placeProblems(_ assignment: Assignment) -> Found {
    let id = assignment.request
    guard inventory.accessPoint(assignment.accessPoint) != nil else {
      return [
        (
          .unknownAccessPoint,
          "access point \(assignment.accessPoint) of request \(id) is not in the inventory"
        )
      ]
    }
    guard let device = inventory.device(assignment.device) else {
      return [
        (
          .unknownDevice,
          "device \(assignment.device) (port \(assignment.port), request \(id)) is not in the "
            + "inventory"
        )
      ]
    }
    var found: Found = []
    if device.accessPoint != assignment.accessPoint {
      found.append(
        (
          .deviceAtOtherAccessPoint,
          "device \(device.id) (port \(assignment.port), request \(id)) belongs to access point "
            + "\(device.accessPoint), not to \(assignment.accessPoint)"
        ))
    }
    guard let port = port(assignment.port, of: device) else {
      found.append(
        (.unknownPort, "device \(device.id) has no port \(assignment.port) for request \(id)"))
      return found
    }
    if !port.accepts.contains(assignment.portType) {
      found.append(
        (
          .portTypeNotAccepted,
          "port \(port.name) of \(device.id) accepts \(port.accepts.listDescription), not "
            + "\(assignment.portType.rawValue) (request \(id))"
        ))
    }
    return found
  }

  private mutating func port(_ name: String, of device: Device) -> Port? {
    if let index = portIndexes[device.id] {
      return index[PortNameKey(name)].map { device.ports[$0] }
    }
    var index: [PortNameKey: Int] = [:]
    index.reserveCapacity(device.ports.count)
    for (position, port) in device.ports.enumerated() { index[PortNameKey(port.name)] = position }
    portIndexes[device.id] = index
    return index[PortNameKey(name)].map { device.ports[$0] }
  }

  /// The redundant connection resolves to a connection of the inventory or of the plan, and is
  /// on another device.
  private func partnerProblems(_ assignment: Assignment, firstOf: [RequestID: Int]) -> Found {
    guard let named = assignment.redundantConnection else { return [] }
    let id = assignment.request
    guard named != id.rawValue else {
      return [(.redundantConnectionSelf, "request \(id) names itself as its redundant connection")]
    }
    let partnerDevice: DeviceID?
    let partnerPort: String?
    if let existing = inventory.connection(ConnectionID(named)) {
      (partnerDevice, partnerPort) = (existing.device, existing.port)
    } else if let index = firstOf[RequestID(named)] {
      (partnerDevice, partnerPort) = (assignments[index].device, assignments[index].port)
    } else {
      return [
        (
          .unknownRedundantConnection,
          "request \(id) names redundant connection \(named), which is neither a connection of "
            + "the inventory nor an assignment of this plan; a redundancy group is applied whole "
            + "(apply the plan with \(named) assigned, or without \(id))"
        )
      ]
    }
    guard let partnerDevice, partnerDevice == assignment.device else { return [] }
    return [
      (
        .redundantOnSameDevice,
        "request \(id) (port \(assignment.port)) and its redundant connection \(named) (port "
          + "\(partnerPort ?? "none")) are both on \(partnerDevice); redundant connections at "
          + "one access point must be on different devices"
      )
    ]
  }
}
