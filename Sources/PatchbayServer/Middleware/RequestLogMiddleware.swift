import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics

/// The outermost middleware: every answer leaves through it. It turns whatever was thrown into
/// problem details (a bug into a bare `internal_error` with the request id), adds the request
/// id to the answer, counts the request by route and status, and logs one line per request:
/// method, path, status, duration and request id, never a header or a body.
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = ServerContext

  static let requestIDField = HTTPField.Name("X-Request-ID")!

  func handle(
    _ request: Request, context: ServerContext,
    next: (Request, ServerContext) async throws -> Response
  ) async throws -> Response {
    let start = ContinuousClock.now
    var response: Response
    do {
      response = try await next(request, context)
    } catch {
      response =
        Self.problem(for: error, request: request, context: context)
        .response
    }
    response.headers[Self.requestIDField] = context.id
    let elapsed = ContinuousClock.now - start
    let route = context.endpointPath ?? "unknown"
    let status = String(response.status.code)
    Counter(
      label: "patchbay_http_requests_total",
      dimensions: [("method", request.method.rawValue), ("route", route), ("status", status)]
    ).increment()
    Timer(
      label: "patchbay_http_request_duration_seconds",
      dimensions: [("method", request.method.rawValue), ("route", route)]
    ).recordNanoseconds(elapsed.nanoseconds)
    let level: Logger.Level =
      switch response.status.code {
      case 500...: response.status == .serviceUnavailable ? .warning : .error
      default: .info
      }
    var metadata: Logger.Metadata = [
      "method": .string(request.method.rawValue),
      "path": .string(request.uri.path),
      "status": .string(status),
      "duration_ms": .string(String(format: "%.2f", elapsed.milliseconds)),
    ]
    if let caller = context.notes.callerName { metadata["caller"] = .string(caller) }
    context.logger.log(level: level, "request", metadata: metadata)
    return response
  }

  /// What the client gets for an error: a ``Problem`` as it is; Hummingbird's own refusals
  /// (no such route, a body too large, a malformed request line) as the problem with their
  /// status; anything else as `internal_error`, logged with its words here only.
  static func problem(for error: any Error, request: Request, context: ServerContext) -> Reply {
    let instance = request.uri.path
    if let problem = error as? Problem {
      return problem.reply(instance: instance, requestID: context.id)
    }
    if let error = error as? HTTPError {
      switch error.status {
      case .notFound:
        let allowed = Operation.matching(path: instance).map(\.method.rawValue)
        guard allowed.isEmpty else {
          return Problem(
            .methodNotAllowed, code: "method_not_allowed",
            detail: "\(request.method.rawValue) is not a method of \(instance); "
              + "use \(allowed.joined(separator: " or "))",
            headers: [.allow: allowed.joined(separator: ", ")]
          ).reply(instance: instance, requestID: context.id)
        }
        return Problem(
          .notFound, code: "not_found",
          detail: "no route \(instance); GET /openapi.json lists them"
        ).reply(instance: instance, requestID: context.id)
      case .contentTooLarge:
        return Problem(
          .contentTooLarge, code: "request_too_large", detail: "the body is too large"
        ).reply(instance: instance, requestID: context.id)
      case let status where status.code < 500:
        return Problem(
          status, code: "malformed_request", detail: error.body ?? status.reasonPhrase
        ).reply(instance: instance, requestID: context.id)
      default:
        break
      }
    }
    context.logger.error("internal error", metadata: ["error": .string("\(error)")])
    return Problem.internalError.reply(instance: instance, requestID: context.id)
  }
}

extension Duration {
  var nanoseconds: Int64 {
    components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
  }
  var milliseconds: Double { Double(nanoseconds) / 1e6 }
}
