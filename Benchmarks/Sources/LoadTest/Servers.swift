import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One `patchbay serve` process on a free loopback port.
struct ServerInstance: Sendable {
  let pid: pid_t
  let port: Int
  /// Its standard error: the "listening" line, then a log line per request.
  let log: String

  var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Starts `patchbay serve` and waits (up to a minute) for its "listening on" line.
  static func start(
    number: Int, options: Options, setup: Setup, folder: String
  ) async throws -> ServerInstance {
    let log = folder + "/serve-\(number).log"
    var arguments = [
      "serve", "--db", setup.database, "--tokens", setup.tokensFile, "--listen", "127.0.0.1:0",
      "--log-level", options.serverLogLevel,
    ]
    if options.backend == .postgres {
      arguments += ["--connections", String(options.connections)]
    }
    let pid = try Processes.spawn(
      options.patchbay, arguments, output: folder + "/serve-\(number).out", error: log)
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      if let port = listeningPort(in: text) {
        return ServerInstance(pid: pid, port: port, log: log)
      }
      if let status = Processes.ended(pid) {
        throw LoadError(
          "patchbay serve (instance \(number)) exited with status \(status) before listening: "
            + text.suffix(2000).trimmingCharacters(in: .whitespacesAndNewlines))
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    await Processes.terminate(pid)
    throw LoadError(
      "patchbay serve (instance \(number)) did not say it was listening within 60 s; see \(log)")
  }

  /// The port of `patchbay serve: listening on http://127.0.0.1:PORT ...`.
  static func listeningPort(in log: String) -> Int? {
    let marker = "listening on http://127.0.0.1:"
    guard let range = log.range(of: marker) else { return nil }
    let digits = log[range.upperBound...].prefix { $0.isNumber }
    return Int(digits)
  }

  /// SIGTERM, then waits for it to finish its requests in flight and exit.
  func stop() async -> Int32 {
    await Processes.terminate(pid)
  }
}
