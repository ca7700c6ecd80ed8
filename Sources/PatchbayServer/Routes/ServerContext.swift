import Hummingbird
import Logging

/// What the middlewares learn about a request and the routes read: the caller, once its token
/// is checked.
struct ServerContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  /// Set by ``TokenMiddleware`` on every `/v1` route; `nil` on the open ones.
  var caller: Caller?

  init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
  }

  /// The caller of a `/v1` route; the token middleware runs before every one of them.
  func requireCaller() throws -> Caller {
    guard let caller else { throw Problem.unauthorized }
    return caller
  }
}
