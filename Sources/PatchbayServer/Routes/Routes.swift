import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import Patchbay
import PatchbayStore

/// The handlers of SERVICE.md's endpoints. Each checks the caller's role, reads its body, calls
/// one library function and answers with the library's JSON: the lifecycle's rules are the
/// ``Provisioner``'s, never a handler's.
struct Routes: Sendable {
  let provisioner: Provisioner
  let idempotency: IdempotentPost
  let settings: ServerSettings
  /// The PDF prints running at once (``LOAReply``).
  let prints = PrintSlots()

  /// Registers every ``Operation`` on the router.
  func register(on router: Router<ServerContext>) {
    for operation in Operation.allCases {
      router.on(RouterPath(operation.routerPath), method: operation.method) {
        request, context in
        try await respond(to: operation, request, context).response
      }
    }
  }

  private func respond(to operation: Operation, _ request: Request, _ context: ServerContext)
    async throws -> Reply
  {
    switch operation {
    case .health: return Reply(body: Array("{\"status\": \"ok\"}\n".utf8))
    case .ready: return try await ready()
    case .metrics:
      return Reply(
        contentType: "text/plain; version=0.0.4; charset=utf-8", body: ServerMetrics.text())
    case .openAPI: return Reply(body: OpenAPIDocument.bytes)
    default: break
    }
    let caller = try context.requireCaller()
    if caller.role == .customer, !operation.customerMay {
      throw Problem.operatorOnly(Self.doing(operation))
    }
    switch operation {
    case .accessPoints:
      return Reply(body: try await provisioner.accessPointOffers().jsonBytes)
    case .list:
      return try await list(request, caller: caller)
    case .show:
      return Reply(body: try await visible(try id(context), to: caller).jsonBytes)
    case .history:
      let id = try id(context)
      _ = try await visible(id, to: caller)
      return Reply(body: try await provisioner.history(of: id).jsonBytes)
    case .loa:
      let media = try LOAReply.media(accept: request.headers[.accept])
      let id = try id(context)
      _ = try await visible(id, to: caller)
      let document = try await library { try await provisioner.loaDocument(id) }
      return try await LOAReply.reply(
        document, as: media, printer: ChromiumPrinter(searchPath: settings.chromiumSearchPath),
        slots: prints)
    case .inventory:
      return Reply(body: InventoryEncoder.jsonBytes(try await provisioner.exportInventory()))
    case .capacity:
      let thresholds = try Self.thresholds(request)
      let report = try await library {
        try await provisioner.capacityReport(thresholds: thresholds)
      }
      return Reply(body: report.jsonBytes)
    case .apply:
      let body = try await JSONBody.read(
        request, limit: settings.maxBody, timeout: settings.requestTimeout, required: true)
      return try await idempotency.run(request, context: context, caller: caller, body: body) {
        let model = try ApplicationBody.request(
          from: body, caller: caller, idempotencyKey: request.headers[IdempotentPost.header])
        let interface = try await library { try await provisioner.apply(model) }
        Self.count(.apply)
        var reply = Reply(status: .created, body: interface.jsonBytes)
        reply.headers[.location] = "/v1/interfaces/\(Self.escaped(interface.id.rawValue))"
        return reply
      }
    case .approveBatch:
      let body = try await JSONBody.read(
        request, limit: settings.maxBody, timeout: settings.requestTimeout, required: false)
      return try await idempotency.run(request, context: context, caller: caller, body: body) {
        let ids = try SmallBodies.interfaceList(body)
        let batch = try await library { try await provisioner.approveAll(only: ids) }
        Self.count(.approve, by: batch.approved.count)
        return Reply(body: batch.jsonBytes)
      }
    case .plan:
      let body = try await JSONBody.read(
        request, limit: settings.maxPlanBody, timeout: settings.requestTimeout, required: true)
      return try await idempotency.run(request, context: context, caller: caller, body: body) {
        let requests: [Patchbay.Request]
        do {
          requests = try RequestsDecoder.decode(body, file: "the request body", format: .json)
        } catch let error as InputError {
          throw Problem(error)
        }
        return Reply(body: try await library { try await provisioner.plan(requests) }.jsonBytes)
      }
    default:
      return try await step(operation, request, context, caller: caller)
    }
  }

  /// One step of an interface's lifecycle (`/v1/interfaces/{id}/...`).
  private func step(
    _ operation: Operation, _ request: Request, _ context: ServerContext, caller: Caller
  ) async throws -> Reply {
    let id = try id(context)
    let takesBody = [Operation.applyForLOA, .reject, .deliver].contains(operation)
    let body = try await JSONBody.read(
      request, limit: settings.maxBody, timeout: settings.requestTimeout, required: takesBody)
    if !takesBody, !body.isEmpty, try !SmallBodies.object(body).isEmpty {
      throw Problem.malformed(
        "this route takes no body; send none, or {}",
        errors: [.init(detail: "expected no members", pointer: "")])
    }
    return try await idempotency.run(request, context: context, caller: caller, body: body) {
      // An operator may touch every interface: the command itself says when there is none.
      if caller.role == .customer { _ = try await visible(id, to: caller) }
      let interface: Interface = try await library {
        switch operation {
        case .applyForLOA:
          return try await provisioner.applyForLOA(
            id, loa: LOADecoder.decode(body, file: "the request body"))
        case .reject: return try await provisioner.reject(id, reason: SmallBodies.reason(body))
        case .approve: return try await provisioner.approve(id)
        case .deliver:
          return try await provisioner.deliver(id, report: SmallBodies.deliveryReport(body))
        case .connect: return try await provisioner.connect(id)
        case .enable: return try await provisioner.enable(id)
        case .cancel: return try await provisioner.cancel(id)
        default: return try await provisioner.terminate(id)
        }
      }
      Self.count(Self.action(of: operation))
      return Reply(body: interface.jsonBytes)
    }
  }

  // MARK: Reading

  private func ready() async throws -> Reply {
    do {
      _ = try await provisioner.interfaces(matching: InterfaceFilter(), pageToken: nil, pageSize: 1)
    } catch let error as StoreError {
      throw Problem.unavailable(
        code: "database_unavailable", detail: "not ready: \(error.description)", retryAfter: 5)
    }
    return Reply(body: Array("{\"status\": \"ready\"}\n".utf8))
  }

  private func list(_ request: Request, caller: Caller) async throws -> Reply {
    let query = request.uri.queryParameters
    var errors: [Problem.Detail] = []
    var filter = InterfaceFilter()
    if let state = query["state"].map(String.init) {
      if let known = InterfaceState(rawValue: state) {
        filter.state = known
      } else {
        errors.append(
          .init(
            detail: "no state \"\(state)\"; one of "
              + InterfaceState.allCases.map(\.rawValue).joined(separator: ", "),
            parameter: "state"))
      }
    }
    if let accessPoint = query["accessPoint"].map(String.init) {
      filter.accessPoint = AccessPointID(accessPoint)
    }
    if let account = query["account"].map(String.init) {
      filter.account = AccountID(account)
    }
    var pageSize = 50
    if let text = query["pageSize"].map(String.init) {
      if let size = Int(text), (1...500).contains(size) {
        pageSize = size
      } else {
        errors.append(.init(detail: "a whole number from 1 to 500", parameter: "pageSize"))
      }
    }
    var token: InterfacePageToken?
    if let text = query["pageToken"].map(String.init) {
      token = InterfacePageToken(text)
      if token == nil {
        errors.append(
          .init(
            detail: "not a page token of this server; give the nextPageToken of the page "
              + "before, or none for the first page", parameter: "pageToken"))
      }
    }
    guard errors.isEmpty else {
      throw Problem.malformed(errors.map(\.detail).joined(separator: "; "), errors: errors)
    }
    if caller.role == .customer {
      if let asked = filter.account, asked != caller.account {
        throw Problem.forbidden(
          "this token acts for account \(caller.account?.rawValue ?? ""), not \(asked.rawValue)")
      }
      filter.account = caller.account
    }
    let page = try await library {
      try await provisioner.interfaces(matching: filter, pageToken: token, pageSize: pageSize)
    }
    return Reply(body: page.jsonBytes)
  }

  /// The interface, if the caller may see it: another account's is `unknown_interface`, as an
  /// id that does not exist, so ids of other accounts are not disclosed.
  private func visible(_ id: InterfaceID, to caller: Caller) async throws -> Interface {
    let interface = try await library { try await provisioner.interface(id) }
    guard caller.mayTouch(interface.account) else { throw Problem.unknownInterface(id.rawValue) }
    return interface
  }

  private func id(_ context: ServerContext) throws -> InterfaceID {
    guard let id = context.parameters.get("id"), !id.isEmpty else {
      throw Problem.malformed("the path needs an interface id")
    }
    return InterfaceID(id)
  }

  /// Runs a library call, its refusals made into problems.
  private func library<T>(_ call: () async throws -> T) async throws -> T {
    do {
      return try await call()
    } catch let error as LifecycleError {
      throw Problem(error)
    } catch let error as StoreError {
      throw Problem(error)
    } catch let error as InputError {
      throw Problem(error)
    }
  }

  // MARK: Words and counts

  private static func doing(_ operation: Operation) -> String {
    switch operation {
    case .reject: "reject an LOA"
    case .approve, .approveBatch: "approve"
    case .connect: "connect an interface"
    case .enable: "enable an interface"
    case .plan: "plan a batch"
    case .capacity: "read the capacity report"
    default: "export the inventory"
    }
  }

  /// `hotUtilization` and `hotPairs` of `GET /v1/capacity`, as `patchbay capacity` bounds them.
  private static func thresholds(_ request: Request) throws -> CapacityThresholds {
    let query = request.uri.queryParameters
    var thresholds = CapacityThresholds()
    var errors: [Problem.Detail] = []
    if let text = query["hotUtilization"].map(String.init) {
      if let value = Double(text), (0...1).contains(value) {
        thresholds.hotUtilization = value
      } else {
        errors.append(.init(detail: "a number from 0 to 1", parameter: "hotUtilization"))
      }
    }
    if let text = query["hotPairs"].map(String.init) {
      if let value = Int(text), (0...1_000_000).contains(value) {
        thresholds.hotPairs = value
      } else {
        errors.append(.init(detail: "a whole number from 0 to 1000000", parameter: "hotPairs"))
      }
    }
    guard errors.isEmpty else {
      throw Problem.malformed(errors.map(\.detail).joined(separator: "; "), errors: errors)
    }
    return thresholds
  }

  private static func action(of operation: Operation) -> InterfaceAction {
    switch operation {
    case .applyForLOA: .applyForLOA
    case .reject: .reject
    case .approve: .approve
    case .deliver: .deliver
    case .connect: .connect
    case .enable: .enable
    case .cancel: .cancel
    default: .terminate
    }
  }

  private static func count(_ action: InterfaceAction, by amount: Int = 1) {
    guard amount > 0 else { return }
    Counter(label: "patchbay_transitions_total", dimensions: [("action", action.rawValue)])
      .increment(by: amount)
  }

  private static func escaped(_ id: String) -> String {
    id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id
  }
}
