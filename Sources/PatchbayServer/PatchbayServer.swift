import Foundation
import Hummingbird
import Logging
import NIOCore
import Patchbay
import PatchbayStore
import ServiceLifecycle

/// Patchbay over HTTP (SERVICE.md): the lifecycle, the access points, plans and the inventory
/// for a provisioning service in any language, on one store that several instances may share
/// (PostgreSQL) or one host keeps (SQLite).
///
/// The server is a thin layer: it checks tokens and roles, reads bodies within bounds, keeps
/// idempotency keys, and calls ``Provisioner``; every rule of the lifecycle is the library's.
/// Requests run on Swift concurrency; the store awaits its database and the allocator runs off
/// the concurrency pool, so no request blocks another's thread.
public struct PatchbayServer: Sendable {
  private let routes: Routes
  private let tokens: TokenFile
  private let settings: ServerSettings
  private let logger: Logger

  /// A server on a store that `patchbay state init` made.
  ///
  /// - Parameters:
  ///   - store: the provisioning state; it also keeps the idempotency keys, so that they hold
  ///     across every instance on the same database.
  ///   - tokens: who may call (``TokenFile``).
  ///   - settings: where to listen and the bounds to keep.
  ///   - allocation: the allocator's options for batch approvals and plans.
  ///   - logger: where the one line per request goes.
  public init(
    store: any ProvisioningStore & IdempotencyRecords, tokens: TokenFile,
    settings: ServerSettings = ServerSettings(),
    allocation: AllocationOptions = AllocationOptions(threads: 1), logger: Logger
  ) {
    self.routes = Routes(
      provisioner: Provisioner(store: store, allocation: allocation),
      idempotency: IdempotentPost(
        records: store, takeOverAfter: .seconds(settings.idempotencyTakeOver)),
      settings: settings)
    self.tokens = tokens
    self.settings = settings
    self.logger = logger
  }

  /// Serves until SIGTERM or SIGINT (or until the task is cancelled), then stops accepting
  /// connections, lets the requests in flight finish within ``ServerSettings/gracePeriod``
  /// seconds, and returns.
  ///
  /// - Parameter onListening: hears the address once the server listens (with the port it
  ///   got, when ``ServerSettings/port`` is 0).
  public func run(onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void)
    async throws
  {
    ServerMetrics.bootstrap()
    let router = Router(context: ServerContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: TokenMiddleware(tokens: tokens))
    routes.register(on: router)
    let host = settings.host
    let application = Application(
      router: router,
      server: .http1(
        configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)))),
      configuration: ApplicationConfiguration(
        address: .hostname(host, port: settings.port), serverName: "patchbay"),
      onServerRunning: { channel in
        await onListening(host, channel.localAddress?.port ?? 0)
      },
      logger: logger)
    var configuration = ServiceGroupConfiguration(
      services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    // Past the grace period, what is still running is cancelled, and given a little longer.
    configuration.maximumGracefulShutdownDuration = .milliseconds(Int(settings.gracePeriod * 1000))
    configuration.maximumCancellationDuration = .seconds(5)
    try await ServiceGroup(configuration: configuration).run()
  }
}
