/// One application for a physical connection interface, as read from a requests file.
///
/// Fields hold what the file said, unchecked: validation decides whether the request can ever be
/// placed (``RejectionCode``). A field that was present with the wrong type is recorded in
/// ``fieldProblems`` so that the request, not the whole file, is rejected.
public struct Request: Hashable, Sendable {
  public var id: RequestID
  public var account: String?
  public var region: String?
  public var accessPoint: String?
  public var lineOperator: String?
  public var portSpec: String?
  public var portType: String?
  /// An existing connection or another request of the same batch.
  public var redundantConnection: String?
  /// Higher is more important; 0 when absent.
  public var priority: Int
  /// Fields that were present with the wrong type, in file order.
  public var fieldProblems: [FieldProblem]
  /// Where the request is in its file, for messages.
  public var source: SourceLocation

  public init(
    id: RequestID, account: String? = nil, region: String? = nil, accessPoint: String? = nil,
    lineOperator: String? = nil, portSpec: String? = nil, portType: String? = nil,
    redundantConnection: String? = nil, priority: Int = 0, fieldProblems: [FieldProblem] = [],
    source: SourceLocation = .unknown
  ) {
    self.id = id
    self.account = account
    self.region = region
    self.accessPoint = accessPoint
    self.lineOperator = lineOperator
    self.portSpec = portSpec
    self.portType = portType
    self.redundantConnection = redundantConnection
    self.priority = priority
    self.fieldProblems = fieldProblems
    self.source = source
  }

  /// The fields every request must have, in the order they are checked.
  public static let requiredFields = [
    "account", "region", "accessPoint", "lineOperator", "portSpec", "portType",
  ]
}

/// A field of a request that was present but unusable.
public struct FieldProblem: Error, Hashable, Sendable {
  public var field: String
  /// What was wrong, as a phrase: `must be a string, like "1001"; found the number 1001`.
  public var problem: String

  public init(field: String, problem: String) {
    self.field = field
    self.problem = problem
  }
}

/// Where a record is in its file: a JSON path or a CSV line.
public enum SourceLocation: Hashable, Sendable, CustomStringConvertible {
  /// Element `index` of the array at `array` (`requests[3]`). Kept apart, not as one string, so
  /// that a million requests do not cost a million path strings.
  case jsonElement(array: String, index: Int)
  case csv(line: Int)
  case unknown

  public var description: String {
    switch self {
    case .jsonElement(let array, let index): "\(array)[\(index)]"
    case .csv(let line): "line \(line)"
    case .unknown: "(unknown place)"
    }
  }
}
