import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
  import Glibc
#endif

/// `patchbay-load`: `patchbay serve` under load on loopback (BENCHMARKS.md, "The HTTP API
/// under load"; `make load-test`).
@main
enum LoadTest {
  static func main() async {
    let options: Options
    do {
      options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
      if let message = error.message {
        FileHandle.standardError.write(Data("patchbay-load: \(message)\n\n".utf8))
      }
      FileHandle.standardError.write(Data((Options.usage + "\n").utf8))
      exit(error.message == nil ? 0 : 64)
    }
    let folder = "/tmp/patchbay-load-\(getpid())"
    let cleanup = Cleanup(folder: folder)
    cleanup.stopOnSignals()
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
      try await run(options, folder: folder, cleanup: cleanup)
      await cleanup.run()
    } catch {
      await cleanup.run()
      FileHandle.standardError.write(Data("patchbay-load: \(error)\n".utf8))
      exit(1)
    }
  }

  static func run(_ options: Options, folder: String, cleanup: Cleanup) async throws {
    let needed = options.approvals * options.clients.count
    var postgres: PostgresServer?
    if options.backend == .postgres {
      let server = try PostgresServer(url: options.postgresURL, folder: folder)
      cleanup.postgres = server
      postgres = server
    }
    let setup = try await Setup.make(
      options: options, postgres: postgres, folder: folder, needed: needed)

    var instances: [ServerInstance] = []
    for number in 1...options.instances {
      let instance = try await ServerInstance.start(
        number: number, options: options, setup: setup, folder: folder)
      cleanup.servers.append(instance)
      instances.append(instance)
      progress("instance \(number): pid \(instance.pid) on \(instance.baseURL)")
    }

    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(
      idleTimeout: .seconds(120),
      concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, options.clients.max() ?? 1))
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    let client = LoadClient(http: http, instances: instances, token: setup.token)
    let processes = MeasuredProcesses(
      servers: instances.map(\.pid), postmaster: postgres?.postmaster)

    var rows: [Report.Row] = []
    for (index, clients) in options.clients.enumerated() {
      // Each client count approves interfaces of its own, then reads them back.
      let ids = Array(
        setup.interfaces[(index * options.approvals)..<((index + 1) * options.approvals)])
      await client.warmUp(clients: clients)
      let approvals = await client.run(
        Phase(
          kind: .approve, clients: clients, total: options.approvals, ids: ids,
          idempotencyKeyPrefix: options.idempotencyKeys ? "load-\(getpid())-\(clients)-" : nil),
        processes: processes)
      progress(Report.progressLine(.approve, clients: clients, approvals))
      var reads = PhaseResult()
      if options.reads > 0 {
        reads = await client.run(
          Phase(kind: .read, clients: clients, total: options.reads, ids: ids),
          processes: processes)
        progress(Report.progressLine(.read, clients: clients, reads))
      }
      rows.append(
        Report.Row(
          backend: options.backend.title, instances: options.instances, clients: clients,
          approvals: approvals, reads: reads))
    }
    try await http.shutdown()
    Report.print(rows, header: options.header, setup: setup)
  }
}

/// What the test leaves running, stopped at its end, on an error, or on SIGINT and SIGTERM.
final class Cleanup: @unchecked Sendable {
  private let lock = NSLock()
  private var _servers: [ServerInstance] = []
  private var _postgres: PostgresServer?
  private var signalSources: [any DispatchSourceSignal] = []
  let folder: String

  init(folder: String) { self.folder = folder }

  var servers: [ServerInstance] {
    get { lock.withLock { _servers } }
    set { lock.withLock { _servers = newValue } }
  }

  var postgres: PostgresServer? {
    get { lock.withLock { _postgres } }
    set { lock.withLock { _postgres = newValue } }
  }

  /// Stops the servers (SIGTERM: they finish their requests and exit), drops the database,
  /// stops the cluster, removes the work folder.
  func run() async {
    let servers = lock.withLock {
      defer { _servers = [] }
      return _servers
    }
    var keepLogs = false
    for server in servers {
      let status = await server.stop()
      if status != 0 {
        progress(
          "patchbay serve (pid \(server.pid)) exited with status \(status); see \(server.log)")
        keepLogs = true
      }
    }
    let postgres = lock.withLock {
      defer { _postgres = nil }
      return _postgres
    }
    postgres?.shutDown()
    if !keepLogs { try? FileManager.default.removeItem(atPath: folder) }
  }

  /// On SIGINT or SIGTERM: stop what runs and exit 130 or 143.
  func stopOnSignals() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [self] in
        Task {
          progress("patchbay-load: stopping (signal \(signalNumber))")
          await self.run()
          exit(128 + signalNumber)
        }
      }
      source.resume()
      signalSources.append(source)
    }
  }
}
