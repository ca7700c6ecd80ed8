/// One way a plan breaks FORMATS.md's guarantees 1 to 3 or the one-list rule, found by
/// ``PlanChecker``: what kind of break, which request (when one is to blame) and a sentence that
/// names the request, the device and port, and the other party.
public struct PlanViolation: Hashable, Sendable, CustomStringConvertible {
  /// What is broken. The raw values are the codes `patchbay verify` prints.
  public enum Kind: String, CaseIterable, Sendable {
    // The one-list rule: every request of the batch in exactly one list.
    /// A request appears more than once in `assignments`, `rejected` and `unplaced` together.
    case requestListedTwice = "request_listed_twice"
    /// A request of the batch appears in none of the lists.
    case requestMissing = "request_missing"
    /// A listed request is not in the batch.
    case unknownRequest = "unknown_request"

    // The lists must agree with validation.
    /// Listed as rejected, but validation accepts it.
    case validRequestRejected = "valid_request_rejected"
    /// Listed as rejected with another code than validation gives.
    case wrongRejectionCode = "wrong_rejection_code"
    /// Assigned a port, but validation rejects it.
    case rejectedRequestAssigned = "rejected_request_assigned"
    /// Listed as unplaced, but validation rejects it.
    case rejectedRequestUnplaced = "rejected_request_unplaced"

    // Guarantee 1: one free port of one device at the request's own access point.
    /// The assignment names another access point than the request asks for.
    case wrongAccessPoint = "wrong_access_point"
    /// The assignment names a device the inventory does not have.
    case unknownDevice = "unknown_device"
    /// The device belongs to another access point than the assignment's.
    case deviceAtOtherAccessPoint = "device_at_other_access_point"
    /// The device has no port of that name.
    case unknownPort = "unknown_port"
    /// The assignment's `portType` is not the request's.
    case portTypeMismatch = "port_type_mismatch"
    /// The port's cage does not accept the request's port type.
    case portTypeNotAccepted = "port_type_not_accepted"
    /// A live connection of the inventory holds the port.
    case portOccupied = "port_occupied"
    /// Two assignments give the same port.
    case portGivenTwice = "port_given_twice"

    // Guarantee 2.
    /// A request is on the same device as the connection or request it backs up.
    case redundantOnSameDevice = "redundant_on_same_device"

    // Guarantee 3.
    /// Some members of a redundancy group are placed and others are not.
    case groupSplit = "group_split"

    // What `apply` relies on, and the counts.
    /// The account, redundant connection or priority carried by an assignment is not the
    /// request's.
    case assignmentFieldMismatch = "assignment_field_mismatch"
    /// An `accessPoints` entry's `requests` or `placed` disagrees with the batch and the plan.
    case accessPointCountsWrong = "access_point_counts_wrong"
    /// An access point with valid requests has no `accessPoints` entry.
    case accessPointEntryMissing = "access_point_entry_missing"
    /// An `accessPoints` entry for an unknown access point, or a second one for the same.
    case accessPointEntryExtra = "access_point_entry_extra"
    /// A `summary` count disagrees with the lists, or `optimal` with the access points.
    case summaryMismatch = "summary_mismatch"
  }

  public var kind: Kind
  /// The request to blame, or `nil` for a count of the plan.
  public var request: RequestID?
  /// A sentence naming the request, device, port and the other party.
  public var message: String

  public init(kind: Kind, request: RequestID?, message: String) {
    self.kind = kind
    self.request = request
    self.message = message
  }

  /// `port_given_twice: request req-0002 is given ...`.
  public var description: String { "\(kind.rawValue): \(message)" }
}
