import HTTPTypes
import Hummingbird
import NIOCore
@_spi(Tooling) import Patchbay

/// An error as the client sees it: RFC 9457 problem details with the project's `code`
/// (SERVICE.md "Errors", docs/SERVER.md). Every refusal of the server is one of these; anything
/// else thrown is a bug and becomes `internal_error`, with nothing of the internals.
struct Problem: Error, Sendable, HTTPResponseError {
  /// One thing wrong with the body (at a JSON pointer) or with a parameter or header (by name).
  struct Detail: Sendable, Hashable {
    var detail: String
    var pointer: String?
    var parameter: String?
  }

  let status: HTTPResponse.Status
  let code: String
  let title: String
  let detail: String
  var errors: [Detail] = []
  var headers: HTTPFields = [:]

  init(
    _ status: HTTPResponse.Status, code: String, title: String? = nil, detail: String,
    errors: [Detail] = [], headers: HTTPFields = [:]
  ) {
    self.status = status
    self.code = code
    self.title = title ?? Self.title(of: code)
    self.detail = detail
    self.errors = errors
    self.headers = headers
  }

  /// `whitelist_required` → "Whitelist required".
  static func title(of code: String) -> String {
    let words = code.split(separator: "_").joined(separator: " ")
    return words.prefix(1).uppercased() + words.dropFirst()
  }

  /// The problem's JSON, naming the request's path and id.
  func body(instance: String, requestID: String) -> [UInt8] {
    var writer = JSONWriter()
    var members: [(String, (inout JSONWriter) -> Void)] = [
      ("type", { $0.string("urn:patchbay:problem:\(code)") }),
      ("title", { $0.string(title) }),
      ("status", { $0.scalar(.int(Int(status.code))) }),
      ("code", { $0.string(code) }),
      ("detail", { $0.string(detail) }),
      ("instance", { $0.string(instance) }),
      ("requestId", { $0.string(requestID) }),
    ]
    if !errors.isEmpty {
      members.append(
        (
          "errors",
          { writer in
            writer.inlineArray(errors) { writer, error in
              var fields: [(String, JSONScalar)] = [("detail", .string(error.detail))]
              if let pointer = error.pointer { fields.append(("pointer", .string(pointer))) }
              if let parameter = error.parameter {
                fields.append(("parameter", .string(parameter)))
              }
              writer.inlineObject(fields)
            }
          }
        ))
    }
    writer.inlineObject(writing: members)
    writer.raw("\n")
    return writer.bytes
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    reply(instance: request.uri.path, requestID: context.id).response
  }

  /// The problem as a reply, to send or to keep under an idempotency key.
  func reply(instance: String, requestID: String) -> Reply {
    var reply = Reply(
      status: status, contentType: "application/problem+json",
      body: body(instance: instance, requestID: requestID))
    reply.headers = headers
    return reply
  }
}

extension Problem {
  static func malformed(_ detail: String, errors: [Detail] = []) -> Problem {
    Problem(.badRequest, code: "malformed_request", detail: detail, errors: errors)
  }

  static func forbidden(_ detail: String) -> Problem {
    Problem(.forbidden, code: "forbidden", detail: detail)
  }

  static let unauthorized = Problem(
    .unauthorized, code: "unauthorized",
    detail: "give a token of the tokens file as `Authorization: Bearer TOKEN`",
    headers: [.wwwAuthenticate: "Bearer realm=\"patchbay\""])

  static func operatorOnly(_ what: String) -> Problem {
    .forbidden("only an operator may \(what); this token is a customer's")
  }

  static let internalError = Problem(
    .internalServerError, code: "internal_error",
    detail: "the server failed; report the request id with the time of the request")

  /// 503 with `Retry-After`, for a database that is busy or cannot be reached.
  static func unavailable(code: String, detail: String, retryAfter seconds: Int) -> Problem {
    Problem(
      .serviceUnavailable, code: code, detail: detail,
      headers: [.retryAfter: String(seconds)])
  }
}
