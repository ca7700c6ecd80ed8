/// The outcome of validating a batch: the requests that may be placed and the ones refused.
public struct ValidationResult: Sendable {
  /// Number of requests in the batch.
  public private(set) var requestCount: Int
  /// Valid requests, in batch order.
  public private(set) var accepted: [ValidatedRequest]
  /// Refused requests, in batch order.
  public private(set) var rejections: [Rejection]
  /// Redundancy groups of two or more valid requests (FORMATS.md guarantee 3), as positions in
  /// ``accepted``, each group and the list in batch order.
  public private(set) var groups: [[Int]]

  init(
    requestCount: Int, accepted: [ValidatedRequest], rejections: [Rejection], groups: [[Int]]
  ) {
    self.requestCount = requestCount
    self.accepted = accepted
    self.rejections = rejections
    self.groups = groups
  }

  /// How many requests got each code, in precedence order, codes with none left out.
  public var rejectionCounts: [(code: RejectionCode, count: Int)] {
    var counts: [RejectionCode: Int] = [:]
    for rejection in rejections { counts[rejection.code, default: 0] += 1 }
    return RejectionCode.allCases.compactMap { code in counts[code].map { (code, $0) } }
  }
}
