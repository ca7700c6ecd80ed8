import HTTPTypes
import Hummingbird

/// Checks the bearer token of every `/v1` request against the tokens file and puts the caller
/// in the context; a request without a valid token ends here with 401. The token itself goes
/// no further: it is never logged, kept, or echoed.
struct TokenMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let tokens: TokenFile

  func handle(
    _ request: Request, context: ServerContext,
    next: (Request, ServerContext) async throws -> Response
  ) async throws -> Response {
    guard request.uri.path.hasPrefix("/v1/") || request.uri.path == "/v1" else {
      return try await next(request, context)
    }
    guard let authorization = request.headers[.authorization],
      let space = authorization.firstIndex(of: " "),
      authorization[..<space].lowercased() == "bearer",
      let caller = tokens.caller(
        presenting: authorization[authorization.index(after: space)...]
          .trimmingCharacters(in: .whitespaces))
    else {
      throw Problem.unauthorized
    }
    var context = context
    context.caller = caller
    context.logger[metadataKey: "caller"] = .string(caller.name)
    context.notes.callerName = caller.name
    return try await next(request, context)
  }
}
