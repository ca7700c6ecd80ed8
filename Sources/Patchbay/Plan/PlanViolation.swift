/// One way a plan breaks FORMATS.md's guarantees 1 to 3 or the one-list rule, found by
/// ``PlanChecker``: what kind of break, which request (when one is to blame) and a sentence that
/// names the request, the device and port, and the other party.
public struct PlanViolation: Hashable, Sendable, CustomStringConvertible {
  /// What is broken: the codes `patchbay verify` prints. A struct rather than an enum, so that
  /// a new check's kind does not break a caller's exhaustive `switch`.
  public struct Kind: RawRepresentable, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// The code as files, JSON and scripts spell it.
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    /// A request appears more than once in `assignments`, `rejected` and `unplaced` together.
    public static let requestListedTwice = Kind("request_listed_twice")
    /// A request of the batch appears in none of the lists.
    public static let requestMissing = Kind("request_missing")
    /// A listed request is not in the batch.
    public static let unknownRequest = Kind("unknown_request")
    /// Listed as rejected, but validation accepts it.
    public static let validRequestRejected = Kind("valid_request_rejected")
    /// Listed as rejected with another code than validation gives.
    public static let wrongRejectionCode = Kind("wrong_rejection_code")
    /// Assigned a port, but validation rejects it.
    public static let rejectedRequestAssigned = Kind("rejected_request_assigned")
    /// Listed as unplaced, but validation rejects it.
    public static let rejectedRequestUnplaced = Kind("rejected_request_unplaced")
    /// The assignment names another access point than the request asks for.
    public static let wrongAccessPoint = Kind("wrong_access_point")
    /// The assignment names a device the inventory does not have.
    public static let unknownDevice = Kind("unknown_device")
    /// The device belongs to another access point than the assignment's.
    public static let deviceAtOtherAccessPoint = Kind("device_at_other_access_point")
    /// The device has no port of that name.
    public static let unknownPort = Kind("unknown_port")
    /// The assignment's `portType` is not the request's.
    public static let portTypeMismatch = Kind("port_type_mismatch")
    /// The port's cage does not accept the request's port type.
    public static let portTypeNotAccepted = Kind("port_type_not_accepted")
    /// A live connection of the inventory holds the port.
    public static let portOccupied = Kind("port_occupied")
    /// Two assignments give the same port.
    public static let portGivenTwice = Kind("port_given_twice")
    /// A request is on the same device as the connection or request it backs up.
    public static let redundantOnSameDevice = Kind("redundant_on_same_device")
    /// Some members of a redundancy group are placed and others are not.
    public static let groupSplit = Kind("group_split")
    /// The account, redundant connection or priority carried by an assignment is not the
    /// request's.
    public static let assignmentFieldMismatch = Kind("assignment_field_mismatch")
    /// An `accessPoints` entry's `requests` or `placed` disagrees with the batch and the plan.
    public static let accessPointCountsWrong = Kind("access_point_counts_wrong")
    /// An access point with valid requests has no `accessPoints` entry.
    public static let accessPointEntryMissing = Kind("access_point_entry_missing")
    /// An `accessPoints` entry for an unknown access point, or a second one for the same.
    public static let accessPointEntryExtra = Kind("access_point_entry_extra")
    /// A `summary` count disagrees with the lists, or `optimal` with the access points.
    public static let summaryMismatch = Kind("summary_mismatch")

    /// Every code.
    public static let allCases: [Kind] = [
      requestListedTwice, requestMissing, unknownRequest, validRequestRejected,
      wrongRejectionCode, rejectedRequestAssigned, rejectedRequestUnplaced, wrongAccessPoint,
      unknownDevice, deviceAtOtherAccessPoint, unknownPort, portTypeMismatch, portTypeNotAccepted,
      portOccupied, portGivenTwice, redundantOnSameDevice, groupSplit, assignmentFieldMismatch,
      accessPointCountsWrong, accessPointEntryMissing, accessPointEntryExtra, summaryMismatch,
    ]

    /// The code with this spelling, if there is one.
    public init?(rawValue: String) {
      guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
      self = code
    }

    public var description: String { rawValue }
  }

  /// What is wrong, as a stable code.
  public var kind: Kind
  /// The request to blame, or `nil` for a count of the plan.
  public var request: RequestID?
  /// A sentence naming the request, device, port and the other party.
  public var message: String

  /// Position of the assignment to blame in the plan's `assignments`, when one is.
  var assignment: Int?

  /// Makes a violation as given.
  public init(kind: Kind, request: RequestID?, message: String) {
    self.kind = kind
    self.request = request
    self.message = message
  }

  /// `port_given_twice: request req-0002 is given ...`.
  public var description: String { "\(kind.rawValue): \(message)" }
}
