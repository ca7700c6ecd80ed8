import ArgumentParser
import Foundation
import Logging
@_spi(Tooling) import Patchbay
import PatchbayServer
import PatchbayStore

/// `patchbay serve`: the HTTP API of SERVICE.md on a provisioning database.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the HTTP API (SERVICE.md) on a provisioning database.",
    discussion: """
      Serves /v1 (the lifecycle, access points, plans, the inventory) to the callers of the \
      tokens file, and /healthz, /readyz, /metrics and /openapi.json to anyone, until SIGTERM \
      or SIGINT; then stops accepting, lets the requests in flight finish (up to --grace \
      seconds) and exits 0. One log line per request goes to standard error. Several \
      instances may serve one PostgreSQL database; an SQLite file serves one host. Exits 65 \
      or 66 for a tokens file that is invalid or unreadable, 66 for a database that cannot \
      be used, 75 for a PostgreSQL server that cannot be reached or an address already in use.

      Examples:
        patchbay token create --tokens tokens.json --role operator --name ops
        patchbay serve --db provisioning.db --tokens tokens.json --listen 127.0.0.1:8080
        patchbay serve --db postgres://patchbay@db/patchbay --tokens tokens.json \
      --listen 0.0.0.0:8080
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(
    help: ArgumentHelp(
      "The tokens file: who may call, by their tokens' SHA-256 (`patchbay token create`).",
      valueName: "tokens"))
  var tokens: String

  @Option(
    help: ArgumentHelp(
      "Where to listen, HOST:PORT ([::1]:PORT for IPv6; port 0 picks a free one).",
      valueName: "host:port"))
  var listen = "127.0.0.1:8080"

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The largest request body in bytes (413 above it).", valueName: "bytes"),
    transform: NumberArgument.integer("--max-body", 1...(1 << 30)))
  var maxBody = 1 << 20

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The largest body of POST /v1/plans in bytes.", valueName: "bytes"),
    transform: NumberArgument.integer("--max-plan-body", 1...(1 << 32)))
  var maxPlanBody = 64 << 20

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds a request's body may take to arrive (408 after it).", valueName: "seconds"),
    transform: NumberArgument.decimal(
      "--request-timeout", 0...3600, aboveLowerBound: true, unit: " of seconds"))
  var requestTimeout: Double = 30

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds the requests in flight get to finish after SIGTERM or SIGINT.",
      valueName: "seconds"),
    transform: NumberArgument.decimal("--grace", 0...3600, unit: " of seconds"))
  var grace: Double = 30

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "PostgreSQL only: connections this instance keeps to the database.", valueName: "count"),
    transform: NumberArgument.integer("--connections", 1...256))
  var connections = 8

  @Option(
    help: ArgumentHelp(
      "The least important log lines shown: trace, debug, info, notice, warning, error.",
      valueName: "level"))
  var logLevel = "info"

  func validate() throws {
    _ = try address()
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError(
        "--log-level: no level \"\(logLevel)\"; one of trace, debug, info, notice, warning, "
          + "error, critical")
    }
  }

  /// `HOST:PORT`, `[IPV6]:PORT`.
  func address() throws -> (host: String, port: Int) {
    guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
      (0...65535).contains(port)
    else {
      throw ValidationError(
        "--listen: \"\(listen)\" is not HOST:PORT (for example 127.0.0.1:8080, [::1]:8080)")
    }
    var host = String(listen[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else {
      throw ValidationError("--listen: give a host before the port, as 0.0.0.0:\(port)")
    }
    return (host, port)
  }

  func run() async throws {
    let tokenFile: TokenFile
    do {
      tokenFile = try TokenFile(path: tokens)
    } catch {
      StandardError.write(error.description)
      throw error.kind == .unreadable ? ExitStatus.unreadableInput : ExitStatus.invalidInput
    }
    if tokenFile.isEmpty {
      StandardError.write(
        "patchbay serve: \(tokens) holds no tokens: every /v1 request will be refused (401); "
          + "add one with `patchbay token create --tokens \(tokens) ...`")
    }
    let (host, port) = try address()
    let level = Logger.Level(rawValue: logLevel) ?? .info
    var logger = Logger(label: "patchbay.serve") { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    logger.logLevel = level
    let store: any ProvisioningStore & IdempotencyRecords
    do {
      store = try await database.serviceStore(connections: connections)
    } catch let error as StoreError {
      StandardError.write("patchbay: \(error.code): \(error.description.escapingControlCharacters)")
      throw ExitStatus.status(for: error)
    }
    let settings = ServerSettings(
      host: host, port: port, maxBody: maxBody, maxPlanBody: maxPlanBody,
      requestTimeout: requestTimeout, gracePeriod: grace)
    let server = PatchbayServer(
      store: store, tokens: tokenFile, settings: settings, logger: logger)
    let database = database.name
    do {
      try await server.run { host, port in
        let shown = host.contains(":") ? "[\(host)]" : host
        StandardError.write(
          "patchbay serve: listening on http://\(shown):\(port) (database \(database))")
      }
    } catch {
      await OpenStores.shared.closeAll()
      StandardError.write("patchbay serve: cannot serve on \(listen): \(error)")
      throw ExitStatus.temporaryFailure
    }
    await OpenStores.shared.closeAll()
    StandardError.write("patchbay serve: stopped")
  }
}
