/// Commits a plan (`patchbay apply`): each assignment becomes a connection in `Allocated` that
/// holds its port, appended to the inventory's connections in plan order.
///
/// It refuses the whole plan, listing every problem and naming the assignment, when the result
/// would not be an inventory that ``InventoryDecoder`` accepts, or would break a guarantee. The
/// checks of guarantee 1 (device, port, type, a port held or given twice) are the plan
/// checker's own (``PlanChecker``), with its words, so applying is a subset of verifying:
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
public enum PlanApplication: Sendable {
  /// Why a plan cannot be applied: every problem found, in assignment order.
  public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
    /// One reason an assignment cannot become a connection.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
      /// What is wrong with the assignment: the codes `patchbay apply` prints. A struct rather
      /// than an enum, so that a new check's kind does not break a caller's exhaustive `switch`.
      public struct Kind: RawRepresentable, CaseIterable, Sendable, Hashable,
        CustomStringConvertible
      {
        /// The code as files, JSON and scripts spell it.
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The plan carries no account for the request (written by an older patchbay).
        public static let missingAccount = Kind("missing_account")
        /// The inventory has a connection with the request's id already.
        public static let connectionExists = Kind("connection_exists")
        /// Two assignments are for one request.
        public static let requestAssignedTwice = Kind("request_assigned_twice")
        /// The access point is not in the inventory.
        public static let unknownAccessPoint = Kind("unknown_access_point")
        /// The device is not in the inventory.
        public static let unknownDevice = Kind("unknown_device")
        /// The device belongs to another access point than the assignment's.
        public static let deviceAtOtherAccessPoint = Kind("device_at_other_access_point")
        /// The device has no port of that name.
        public static let unknownPort = Kind("unknown_port")
        /// The port's cage does not accept the port type.
        public static let portTypeNotAccepted = Kind("port_type_not_accepted")
        /// A live connection of the inventory holds the port.
        public static let portOccupied = Kind("port_occupied")
        /// Another assignment of the plan gives the same port.
        public static let portGivenTwice = Kind("port_given_twice")
        /// The assignment names its own request as its redundant connection.
        public static let redundantConnectionSelf = Kind("redundant_connection_self")
        /// The redundant connection is neither a connection of the inventory nor an assignment of
        /// the plan.
        public static let unknownRedundantConnection = Kind("unknown_redundant_connection")
        /// The assignment is on the same device as its redundant connection.
        public static let redundantOnSameDevice = Kind("redundant_on_same_device")

        /// Every code.
        public static let allCases: [Kind] = [
          missingAccount, connectionExists, requestAssignedTwice, unknownAccessPoint,
          unknownDevice, deviceAtOtherAccessPoint, unknownPort, portTypeNotAccepted, portOccupied,
          portGivenTwice, redundantConnectionSelf, unknownRedundantConnection,
          redundantOnSameDevice,
        ]

        /// The code with this spelling, if there is one.
        public init?(rawValue: String) {
          guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else {
            return nil
          }
          self = code
        }

        public var description: String { rawValue }
      }

      /// What is wrong, as a stable code.
      public var kind: Kind
      /// Position of the assignment in the plan's `assignments`.
      public var assignment: Int
      /// The assignment's request.
      public var request: RequestID
      /// A sentence naming the request, the device and port, and the other party.
      public var message: String

      /// Makes a problem as given.
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

    /// Makes the error of these problems; there is at least one.
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
    let connections = application.connections(of: plan)
    guard application.problems.isEmpty else { throw Error(problems: application.problems) }
    return Inventory(
      assembling: inventory.regions, accessPoints: inventory.accessPoints,
      devices: inventory.devices, connections: inventory.connections + connections,
      highSpeedWhitelist: inventory.highSpeedWhitelist, policy: inventory.policy,
      portIndexes: inventory.portIndexes, connectionPorts: inventory.connectionPorts)
  }
}

/// The checks of one application, with the problems found: guarantee 1 by the plan checker
/// (``PlanChecker/checkAssignments(_:inventory:)``), then what only applying needs.
private struct Application {
  typealias Problem = PlanApplication.Error.Problem
  typealias Found = [(kind: Problem.Kind, message: String)]

  let inventory: Inventory
  let assignments: [Assignment]
  var problems: [Problem] = []

  init(inventory: Inventory, assignments: [Assignment]) {
    self.inventory = inventory
    self.assignments = assignments
  }

  mutating func connections(of plan: Plan) -> [Connection] {
    // The checker's findings, by assignment; its kinds of guarantee 1 are apply's too.
    var checked: [Int: Found] = [:]
    for violation in PlanChecker.checkAssignments(plan, inventory: inventory) {
      guard let index = violation.assignment,
        let kind = Problem.Kind(rawValue: violation.kind.rawValue)
      else { continue }
      checked[index, default: []].append((kind, violation.message))
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
      if inventory.accessPoint(assignment.accessPoint) == nil {
        found.append(
          (
            .unknownAccessPoint,
            "access point \(assignment.accessPoint) of request \(id) is not in the inventory"
          ))
        // Its device is at another access point then, which says nothing more.
        found += (checked[index] ?? []).filter { $0.kind != .deviceAtOtherAccessPoint }
      } else {
        found += checked[index] ?? []
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
