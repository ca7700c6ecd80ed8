/// The answer to a batch (FORMATS.md "Plan"): every request in exactly one of `assignments`,
/// `rejected` and `unplaced`, how each access point was solved, and a summary. Holds no timings,
/// so the same input always gives the same bytes.
public struct Plan: Sendable, Hashable {
  /// Placed requests, in batch order.
  public var assignments: [Assignment]
  /// Requests that validation refused, in batch order.
  public var rejected: [Rejection]
  /// Valid requests without a port, in batch order.
  public var unplaced: [Unplacement]
  /// One entry per access point that the batch asks for, in inventory order.
  public var accessPoints: [AccessPointOutcome]
  /// Counts over the whole plan.
  public var summary: PlanSummary

  /// Makes a plan as given; ``PlanChecker`` says whether it keeps the guarantees.
  public init(
    assignments: [Assignment], rejected: [Rejection], unplaced: [Unplacement],
    accessPoints: [AccessPointOutcome], summary: PlanSummary
  ) {
    self.assignments = assignments
    self.rejected = rejected
    self.unplaced = unplaced
    self.accessPoints = accessPoints
    self.summary = summary
  }
}

/// A request placed on a device port. `account` and `redundantConnection` are carried along so
/// that `patchbay apply` can turn the assignment into a connection without the requests file.
public struct Assignment: Sendable, Hashable {
  /// The placed request.
  public var request: RequestID
  /// The request's access point, where the device stands.
  public var accessPoint: AccessPointID
  /// The device whose port it gets.
  public var device: DeviceID
  /// The port's name on ``device``, such as `1/1/1`.
  public var port: String
  /// The port type asked for; the port accepts it.
  public var portType: PortType
  /// The account that applied, which owns the connection once the plan is applied.
  public var account: AccountID
  /// The connection or request this one backs up, as the request named it.
  public var redundantConnection: String?
  /// The request's priority; higher is more important.
  public var priority: Int

  /// Makes an assignment as given.
  public init(
    request: RequestID, accessPoint: AccessPointID, device: DeviceID, port: String,
    portType: PortType, account: AccountID, redundantConnection: String?, priority: Int
  ) {
    self.request = request
    self.accessPoint = accessPoint
    self.device = device
    self.port = port
    self.portType = portType
    self.account = account
    self.redundantConnection = redundantConnection
    self.priority = priority
  }
}

/// Why a valid request got no port (FORMATS.md "Unplaced codes"): a stable code that scripts
/// match on. A struct rather than an enum, so that a new code does not break a caller's
/// exhaustive `switch`.
public struct UnplacedCode: RawRepresentable, CaseIterable, Sendable, Hashable,
  CustomStringConvertible
{
  /// The code as files, JSON and scripts spell it.
  public let rawValue: String

  private init(_ rawValue: String) { self.rawValue = rawValue }

  /// Before this batch, no free port at the access point accepts the port type.
  public static let noFreePort = UnplacedCode("no_free_port")
  /// Before this batch, the free ports that accept it are all on devices the redundancy rule
  /// forbids.
  public static let noDiverseDevice = UnplacedCode("no_diverse_device")
  /// It could fit, but its redundancy group cannot be placed whole.
  public static let partnerUnplaced = UnplacedCode("partner_unplaced")
  /// The ports it could use went to other requests under the objective.
  public static let capacityContention = UnplacedCode("capacity_contention")

  /// Every code.
  public static let allCases: [UnplacedCode] = [
    noFreePort, noDiverseDevice, partnerUnplaced, capacityContention,
  ]

  /// The code with this spelling, if there is one.
  public init?(rawValue: String) {
    guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = code
  }

  public var description: String { rawValue }
}

/// A valid request that got no port, with the reason in numbers.
public struct Unplacement: Sendable, Hashable {
  /// The request that got no port.
  public var request: RequestID
  /// Why, as a stable code.
  public var code: UnplacedCode
  /// Why, as a sentence for people, on one line (control characters written escaped).
  public var message: String

  /// Makes an unplacement, escaping any control character of `message`.
  public init(request: RequestID, code: UnplacedCode, message: String) {
    self.request = request
    self.code = code
    self.message = message.escapingControlCharacters
  }
}

/// How an access point's requests were placed, and whether that is proven optimal.
public struct AccessPointOutcome: Sendable, Hashable {
  /// The access point.
  public var id: AccessPointID
  /// Valid requests of the batch at this access point.
  public var requests: Int
  /// How many of them the plan places.
  public var placed: Int
  /// How the answer was reached.
  public var method: SolveMethod
  /// Proven optimal for the objective (most requests placed, priority by priority).
  public var optimal: Bool
  /// When not proven optimal: how far from optimal the answer may be.
  public var gap: OptimalityGap?

  /// Makes an outcome as given; `gap` is for an answer that is not proven optimal.
  public init(
    id: AccessPointID, requests: Int, placed: Int, method: SolveMethod, optimal: Bool,
    gap: OptimalityGap? = nil
  ) {
    self.id = id
    self.requests = requests
    self.placed = placed
    self.method = method
    self.optimal = optimal
    self.gap = gap
  }
}

/// What is known about an answer that is not proven optimal: at the highest priority whose
/// optimum was not proven, how many it places and how many no plan can exceed (the solver's
/// bound). Lower priorities were decided with that level fixed, so they are not bounded.
public struct OptimalityGap: Sendable, Hashable {
  /// The highest priority whose optimum was not proven.
  public var priority: Int
  /// How many requests of that priority the plan places.
  public var placed: Int
  /// The solver's bound: no plan places more requests of that priority.
  public var atMost: Int

  /// Makes a gap as given.
  public init(priority: Int, placed: Int, atMost: Int) {
    self.priority = priority
    self.placed = placed
    self.atMost = atMost
  }
}

/// How a subproblem was solved.
public enum SolveMethod: String, CaseIterable, Sendable, Hashable, Codable {
  /// The greedy placed every request, which is optimal by definition.
  case greedy
  /// An integer programme (GLPK) over the aggregated model, started from the greedy answer.
  case ilp
}

/// Counts over the whole plan.
public struct PlanSummary: Sendable, Hashable {
  /// Requests in the batch.
  public var requests: Int
  /// Requests in ``Plan/assignments``.
  public var placed: Int
  /// Requests in ``Plan/rejected``.
  public var rejected: Int
  /// Requests in ``Plan/unplaced``.
  public var unplaced: Int
  /// Every access point proven optimal.
  public var optimal: Bool

  /// Makes a summary as given.
  public init(requests: Int, placed: Int, rejected: Int, unplaced: Int, optimal: Bool) {
    self.requests = requests
    self.placed = placed
    self.rejected = rejected
    self.unplaced = unplaced
    self.optimal = optimal
  }
}
