import Foundation

/// The command line of `patchbay-load` (BENCHMARKS.md, "The HTTP API under load").
struct Options: Sendable {
  enum Backend: String, Sendable {
    case sqlite
    case postgres

    /// As BENCHMARKS.md's tables name it.
    var title: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
  }

  var patchbay = ""
  var backend = Backend.sqlite
  /// A PostgreSQL role that may create databases, on a database it may connect to; `nil`
  /// starts a throwaway cluster.
  var postgresURL: String?
  var instances = 1
  var clients = [1, 16, 64]
  var approvals = 2000
  var reads = 10000
  /// Connections each instance keeps to PostgreSQL (`patchbay serve --connections`).
  var connections = 8
  /// `patchbay serve --log-level`: `info` logs a line per request, as a service would.
  var serverLogLevel = "info"
  /// Each approval with an `Idempotency-Key` of its own, as a client that retries safely sends
  /// it (the server then claims and stores the key in the database too).
  var idempotencyKeys = false
  var header = true

  static let usage = """
    usage: patchbay-load --patchbay PATH --backend sqlite|postgres [--postgres-url URL]
                         [--instances 1|2] [--clients 1,16,64] [--approvals N] [--reads N]
                         [--connections N] [--server-log-level LEVEL] [--idempotency-keys]
                         [--no-header]

    Starts --instances `patchbay serve` processes (PATH: a release build of patchbay) on one
    new database with interfaces in application, then for each client count runs that many
    concurrent HTTP clients on loopback: --approvals POST /v1/interfaces/{id}/approve, then
    --reads GET /v1/interfaces/{id}, spread over the instances in turn. Prints a Markdown table
    row per client count (approvals/s, latency percentiles, errors) and one of CPU time per
    request by process. Defaults: --instances 1 --clients 1,16,64 --approvals 2000
    --reads 10000. PostgreSQL: a new database on --postgres-url (a role with CREATEDB,
    such as postgres://patchbay@127.0.0.1:5432/postgres), dropped at the end, or without it a
    throwaway cluster (scripts/postgres-test-cluster). Progress goes to standard error.

      --connections N        PostgreSQL connections of each instance (default 8)
      --server-log-level L   the servers' --log-level (default info: a line per request)
      --idempotency-keys     send each approval with an Idempotency-Key of its own
      --no-header            leave out the tables' headers (to append rows to another run's)
    """

  /// Parses `arguments` (without the program's name); the message says which option is wrong
  /// and what it takes.
  static func parse(_ arguments: [String]) throws(UsageError) -> Options {
    var options = Options()
    var rest = arguments[...]
    func value(_ name: String) throws(UsageError) -> String {
      guard let next = rest.popFirst(), !next.hasPrefix("--") else {
        throw UsageError("\(name) needs a value")
      }
      return next
    }
    func count(_ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
      let text = try value(name)
      guard let number = Int(text), range.contains(number) else {
        throw UsageError(
          "\(name): \"\(text)\" is not a whole number from \(range.lowerBound) to "
            + "\(range.upperBound)")
      }
      return number
    }
    var gavePatchbay = false
    var gaveBackend = false
    while let argument = rest.popFirst() {
      switch argument {
      case "--patchbay":
        options.patchbay = try value(argument)
        gavePatchbay = true
      case "--backend":
        let text = try value(argument)
        guard let backend = Backend(rawValue: text) else {
          throw UsageError("--backend: \"\(text)\" is neither sqlite nor postgres")
        }
        options.backend = backend
        gaveBackend = true
      case "--postgres-url": options.postgresURL = try value(argument)
      case "--instances": options.instances = try count(argument, 1...8)
      case "--clients":
        let text = try value(argument)
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, numbers.count == parts.count,
          numbers.allSatisfy({ (1...1024).contains($0) })
        else {
          throw UsageError(
            "--clients: \"\(text)\" is not a comma-separated list of client counts from 1 to "
              + "1024, such as 1,16,64")
        }
        options.clients = numbers
      case "--approvals": options.approvals = try count(argument, 1...1_000_000)
      case "--reads": options.reads = try count(argument, 0...10_000_000)
      case "--connections": options.connections = try count(argument, 1...256)
      case "--server-log-level": options.serverLogLevel = try value(argument)
      case "--idempotency-keys": options.idempotencyKeys = true
      case "--no-header": options.header = false
      case "--help", "-h": throw UsageError(nil)
      default: throw UsageError("unknown argument \"\(argument)\"")
      }
    }
    guard gavePatchbay else {
      throw UsageError("--patchbay is required: the patchbay binary to serve with")
    }
    guard gaveBackend else { throw UsageError("--backend is required: sqlite or postgres") }
    guard FileManager.default.isExecutableFile(atPath: options.patchbay) else {
      throw UsageError(
        "--patchbay: \(options.patchbay) is not an executable file; build it with "
          + "`swift build -c release --product patchbay` (.build/release/patchbay)")
    }
    if options.postgresURL != nil && options.backend != .postgres {
      throw UsageError("--postgres-url is for --backend postgres only")
    }
    return options
  }
}

/// A command line that cannot be run; `message` is `nil` for `--help`.
struct UsageError: Error {
  let message: String?
  init(_ message: String?) { self.message = message }
}
