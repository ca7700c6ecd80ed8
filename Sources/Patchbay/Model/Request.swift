/// One application for a physical connection interface, as read from a requests file.
///
/// Fields hold what the file said, unchecked: validation decides whether the request can ever be
/// placed (``RejectionCode``). A field that was present with the wrong type is recorded in
/// ``fieldProblems`` so that the request, not the whole file, is rejected.
public struct Request: Hashable, Sendable {
  /// The request's id, such as `req-0001`: unique in its batch.
  public var id: RequestID
  /// The customer account that applies, such as `1001`; `nil` when absent.
  public var account: String?
  /// The region asked for, such as `cn-hangzhou`; `nil` when absent.
  public var region: String?
  /// The access point asked for; `nil` when absent.
  public var accessPoint: String?
  /// The line operator as the file spells it (`CT`, `Equinix`...); `nil` when absent.
  public var lineOperator: String?
  /// The port specification as the file spells it (`1G`, `10G`, `40G`, `100G`); `nil` when absent.
  public var portSpec: String?
  /// The port type as the file spells it, such as `10GBase-LR`; `nil` when absent.
  public var portType: String?
  /// An existing connection or another request of the same batch.
  public var redundantConnection: String?
  /// Higher is more important; 0 when absent.
  public var priority: Int
  /// Fields that were present with the wrong type, in file order.
  public var fieldProblems: [FieldProblem]
  /// Where the request is in its file, for messages.
  public var source: SourceLocation

  /// Makes a request as a file would give it: only `id` is needed here, validation checks the rest.
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
  /// The field's name as files spell it, such as `priority`.
  public var field: String
  /// What was wrong, as a phrase: `must be a string, like "1001"; found the number 1001`.
  public var problem: String

  /// Makes the problem of one field.
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
  /// Line `line` of a CSV file; the header is line 1.
  case csv(line: Int)
  /// Not read from a file (a request made in code).
  case unknown

  public var description: String {
    switch self {
    case .jsonElement(let array, let index): "\(array)[\(index)]"
    case .csv(let line): "line \(line)"
    case .unknown: "(unknown place)"
    }
  }
}
