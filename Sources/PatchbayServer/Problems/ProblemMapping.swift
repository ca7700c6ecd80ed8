import HTTPTypes
@_spi(Tooling) import Patchbay

/// The status of each of the library's refusals (SERVICE.md "Errors"): the library says why, the
/// server only says how loudly.
extension Problem {
  init(_ error: LifecycleError) {
    switch error.kind {
    case .unknownInterface:
      // One wording whatever the reason (no such id, an imported connection's id, another
      // account's interface), so that a customer learns nothing of other accounts.
      self = .unknownInterface(error.interface.map(\.rawValue) ?? "")
    case .invalidTransition, .duplicateInterface, .unplaced:
      self.init(.conflict, code: error.code, detail: error.description)
    case .invalidLOA, .invalidDeliveryReport, .missingReason:
      self.init(
        .badRequest, code: error.code, detail: error.description,
        errors: error.problems.map(Problem.Detail.init))
    case .rejected where error.code == RejectionCode.malformedRequest.rawValue:
      self.init(.badRequest, code: error.code, detail: error.description)
    case .rejected where error.code == RejectionCode.redundantConnectionNotReady.rawValue:
      self.init(.conflict, code: error.code, detail: error.description)
    default:
      self.init(.unprocessableContent, code: error.code, detail: error.description)
    }
  }

  static func unknownInterface(_ id: String) -> Problem {
    Problem(
      .notFound, code: "unknown_interface",
      detail: "no interface \(id.escapingControlCharacters); GET /v1/interfaces lists yours")
  }

  init(_ error: StoreError) {
    switch error.kind {
    case .busy:
      self = .unavailable(
        code: error.code, detail: "\(error.description); try again shortly", retryAfter: 1)
    case .portTaken:
      self.init(.conflict, code: error.code, detail: error.description)
    default:
      // The database cannot be reached, or is not one this build can use: the operator must
      // act, and the client may retry later. The code says which.
      self = .unavailable(
        code: error.kind == .unavailable ? error.code : "database_unavailable",
        detail: error.description, retryAfter: 5)
    }
  }

  /// A body that cannot be read as what the route takes: each problem at its JSON pointer.
  init(_ error: InputError) {
    self.init(
      .badRequest, code: "malformed_request",
      detail: "the body cannot be used: "
        + (error.problems.first.map(\.description) ?? "it is not what this route takes"),
      errors: error.problems.map(Problem.Detail.init))
  }
}

extension Problem.Detail {
  /// A problem of the library's decoders, its place (`fieldEngineers[0].name`) as a JSON
  /// pointer (`/fieldEngineers/0/name`); a place that is a line and column stays words.
  init(_ problem: InputError.Problem) {
    self.init(detail: problem.message, pointer: problem.place.map(Self.pointer(fromPath:)) ?? "")
  }

  static func pointer(fromPath path: String) -> String {
    guard !path.isEmpty else { return "" }
    var pointer = ""
    var token = ""
    func flush() {
      guard !token.isEmpty else { return }
      pointer += "/" + token.replacingOccurrences(of: "~", with: "~0")
        .replacingOccurrences(of: "/", with: "~1")
      token = ""
    }
    for character in path {
      switch character {
      case ".", "[": flush()
      case "]": flush()
      default: token.append(character)
      }
    }
    flush()
    return pointer
  }
}
