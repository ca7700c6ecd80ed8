/// How `patchbay serve` runs: where it listens and the bounds it keeps (SERVICE.md
/// "patchbay serve", docs/SERVER.md).
public struct ServerSettings: Sendable {
  /// The host to listen on (`127.0.0.1`, `0.0.0.0`, `::1`).
  public var host: String
  /// The port; 0 picks a free one (the tests do), which ``PatchbayServer/run(onListening:)``
  /// reports.
  public var port: Int
  /// The largest body of a request, in bytes (413 above it); 1 MiB by default.
  public var maxBody: Int
  /// The largest body of `POST /v1/plans` (a whole requests.json); 64 MiB by default.
  public var maxPlanBody: Int
  /// Seconds a request's body may take to arrive (408 after it).
  public var requestTimeout: Double
  /// Seconds a connection may stay idle before it is closed.
  public var idleTimeout: Double
  /// Seconds that requests in flight get to finish after SIGTERM or SIGINT.
  public var gracePeriod: Double
  /// Seconds an in-flight idempotency key may go unfinished before another request takes it
  /// over (its server was killed).
  public var idempotencyTakeOver: Double
  /// Where to look for headless Chromium (Debian's package `chromium`), which prints an LOA as
  /// PDF: a `PATH`-style list of folders; `nil` for the server's own `PATH`.
  public var chromiumSearchPath: String?

  /// Settings with SERVICE.md's defaults.
  public init(
    host: String = "127.0.0.1", port: Int = 8080, maxBody: Int = 1 << 20,
    maxPlanBody: Int = 64 << 20, requestTimeout: Double = 30, idleTimeout: Double = 75,
    gracePeriod: Double = 30, idempotencyTakeOver: Double = 60, chromiumSearchPath: String? = nil
  ) {
    self.host = host
    self.port = port
    self.maxBody = maxBody
    self.maxPlanBody = maxPlanBody
    self.requestTimeout = requestTimeout
    self.idleTimeout = idleTimeout
    self.gracePeriod = gracePeriod
    self.idempotencyTakeOver = idempotencyTakeOver
    self.chromiumSearchPath = chromiumSearchPath
  }
}
