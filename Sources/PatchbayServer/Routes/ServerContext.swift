import Hummingbird
import Logging
import Synchronization

/// What the middlewares learn about a request and the routes read: the caller, once its token
/// is checked.
struct ServerContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  /// Set by ``TokenMiddleware`` on every `/v1` route; `nil` on the open ones.
  var caller: Caller?
  /// What an inner middleware learns that the outer one logs (the caller's name): shared by
  /// every copy of the context, as the context itself is passed down by value.
  let notes = RequestNotes()

  init(source: ApplicationRequestContextSource) {
    self.coreContext = .init(source: source)
  }

  /// The caller of a `/v1` route; the token middleware runs before every one of them.
  func requireCaller() throws -> Caller {
    guard let caller else { throw Problem.unauthorized }
    return caller
  }
}

/// The caller's name, once the token middleware knows it, for the request's log line.
final class RequestNotes: Sendable {
  private let name = Mutex<String?>(nil)

  var callerName: String? {
    get { name.withLock { $0 } }
    set { name.withLock { $0 = newValue } }
  }
}
