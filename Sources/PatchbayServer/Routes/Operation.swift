import HTTPTypes

/// Every route the server has, as the OpenAPI document lists them: the router is built from
/// this table, and a test checks it against `openapi.json` both ways, so a route cannot exist
/// without its contract or the contract without its route.
enum Operation: String, CaseIterable, Sendable {
  case health, ready, metrics, openAPI
  case accessPoints
  case apply, list, show, history, loa
  case applyForLOA, reject, approve, approveBatch, deliver, connect, enable, cancel, terminate
  case plan, inventory, capacity

  var method: HTTPRequest.Method {
    switch self {
    case .health, .ready, .metrics, .openAPI, .accessPoints, .list, .show, .history, .loa,
      .inventory, .capacity:
      .get
    default: .post
    }
  }

  /// The path as OpenAPI writes it (`{id}` for a parameter).
  var path: String {
    switch self {
    case .health: "/healthz"
    case .ready: "/readyz"
    case .metrics: "/metrics"
    case .openAPI: "/openapi.json"
    case .accessPoints: "/v1/access-points"
    case .apply, .list: "/v1/interfaces"
    case .show: "/v1/interfaces/{id}"
    case .history: "/v1/interfaces/{id}/history"
    case .applyForLOA, .loa: "/v1/interfaces/{id}/loa"
    case .reject: "/v1/interfaces/{id}/reject"
    case .approve: "/v1/interfaces/{id}/approve"
    case .approveBatch: "/v1/approvals"
    case .deliver: "/v1/interfaces/{id}/delivery-report"
    case .connect: "/v1/interfaces/{id}/connect"
    case .enable: "/v1/interfaces/{id}/enable"
    case .cancel: "/v1/interfaces/{id}/cancel"
    case .terminate: "/v1/interfaces/{id}/terminate"
    case .plan: "/v1/plans"
    case .inventory: "/v1/inventory"
    case .capacity: "/v1/capacity"
    }
  }

  /// The path as Hummingbird's router writes it (`:id`).
  var routerPath: String { path.replacingOccurrences(of: "{id}", with: ":id") }

  /// Whether a token is needed: everything under `/v1`.
  var needsToken: Bool { path.hasPrefix("/v1/") }

  /// Whether a customer may call it (SERVICE.md "Roles"); an operator may call everything.
  var customerMay: Bool {
    switch self {
    case .reject, .approve, .approveBatch, .connect, .enable, .plan, .inventory, .capacity: false
    default: true
    }
  }

  /// The operations whose path matches a concrete one (`/v1/interfaces/x/approve`), for a 405
  /// that lists the methods allowed.
  static func matching(path: String) -> [Operation] {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    return allCases.filter { operation in
      let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
      guard template.count == parts.count else { return false }
      return zip(template, parts).allSatisfy { $0 == "{id}" ? !$1.isEmpty : $0 == $1 }
    }
  }
}
