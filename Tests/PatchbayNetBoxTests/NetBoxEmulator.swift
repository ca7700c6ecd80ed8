import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A small NetBox REST API on a loopback port, started in the test: it serves the recorded
/// answers of fixtures/netbox/v3 or v4 page by page (`limit`/`offset`, `next` and `previous`
/// as NetBox writes them), applies the filters the import uses (`slug`, `role`, `site`,
/// `device_id`), checks the token as NetBox does, and can misbehave on purpose.
final class NetBoxEmulator: Sendable {
  enum Version: String, Sendable, CaseIterable { case v3, v4 }

  /// What an endpoint does wrong, and for how many requests (then it behaves).
  enum Fault: Sendable {
    /// Answers `status` (with `Retry-After` when given) to the first `times` requests.
    case status(Int, times: Int = .max, retryAfter: String? = nil)
    /// Waits `seconds` before answering, for the first `times` requests.
    case delay(seconds: Double, times: Int = .max)
    /// Every page's `next` names the first page again.
    case nextLoop
    /// `next` always names a further page, whose records repeat the first page's.
    case endlessPages
    /// An empty page that still links to another.
    case emptyPageWithNext
    /// An HTML login page with 200, as a proxy in front of NetBox may give.
    case notJSON
    /// A redirect to https.
    case redirect
  }

  struct Logged: Sendable {
    var path: String
    var query: [(String, String)]
    var authorization: String?

    func values(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }
  }

  static let token = "0123456789abcdef0123456789abcdef01234567"
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/netbox")

  private let base = Mutex("")
  private let state = Mutex(State())
  private let running = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

  /// `http://127.0.0.1:PORT`
  var baseURL: String { base.withLock { $0 } }

  private struct State {
    var log: [Logged] = []
    var served: [String: Int] = [:]
  }

  private init() {}

  /// Every request received, in order.
  var requests: [Logged] { state.withLock { $0.log } }

  /// Starts serving on a free port.
  ///
  /// - Parameters:
  ///   - faults: by endpoint (`sites`, `devices`, `interfaces`).
  ///   - nextOrigin: the scheme, host and port written into `next` (a NetBox behind a proxy
  ///     writes its internal address); the emulator's own by default.
  static func start(
    _ version: Version, faults: [String: Fault] = [:], defaultLimit: Int = 50,
    nextOrigin: String? = nil
  ) async throws -> NetBoxEmulator {
    var records: [String: [JSONTree]] = [:]
    for endpoint in ["sites", "devices", "interfaces"] {
      let data = try Data(
        contentsOf: fixtures.appendingPathComponent("\(version.rawValue)/\(endpoint).json"))
      let page = try JSONDecoder().decode(JSONTree.self, from: data)
      records[endpoint] = page["results"]?.array ?? []
    }
    let loaded = records
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let emulator = NetBoxEmulator()
    var logger = Logger(label: "netbox-emulator")
    logger.logLevel = .critical
    let application = Application(
      responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
        try await emulator.respond(
          to: request, version: version, records: loaded, faults: faults,
          defaultLimit: defaultLimit, nextOrigin: nextOrigin)
      },
      configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
      onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
      logger: logger)
    // Stopped by a graceful shutdown, never by cancelling: Hummingbird lets the requests in
    // flight finish then (a delayed answer among them), where a cancelled one can trap in NIO.
    let group = ServiceGroup(
      configuration: ServiceGroupConfiguration(services: [application], logger: logger))
    let task = Task { try await group.run() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw CancellationError() }
    emulator.base.withLock { $0 = "http://127.0.0.1:\(port)" }
    emulator.running.withLock { $0 = (group, task) }
    return emulator
  }

  /// Stops accepting, lets the requests in flight finish, and returns when the server is gone.
  func stop() async {
    guard let (group, task) = running.withLock({ $0 }) else { return }
    await group.triggerGracefulShutdown()
    _ = await task.result
  }

  private func respond(
    to request: Request, version: Version, records: [String: [JSONTree]],
    faults: [String: Fault], defaultLimit: Int, nextOrigin: String?
  ) async throws -> Response {
    let path = request.uri.path
    let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    let authorization = request.headers[.authorization]
    let count = state.withLock { state in
      state.log.append(Logged(path: path, query: query, authorization: authorization))
      state.served[path, default: 0] += 1
      return state.served[path]!
    }
    guard authorization == "Token \(Self.token)" else {
      let detail =
        authorization == nil ? "Authentication credentials were not provided." : "Invalid token"
      return json(403, .object([("detail", .string(detail))]))
    }
    let parts = path.split(separator: "/")
    guard parts.count == 3, parts[0] == "api", parts[1] == "dcim", path.hasSuffix("/"),
      let all = records[String(parts[2])]
    else { return json(404, .object([("detail", .string("Not found."))])) }
    let endpoint = String(parts[2])
    let fault = faults[endpoint]
    switch fault {
    case .status(let status, let times, let retryAfter) where count <= times:
      var response = json(status, .object([("detail", .string("Emulated \(status)"))]))
      if let retryAfter { response.headers[.retryAfter] = retryAfter }
      return response
    case .delay(let seconds, let times) where count <= times:
      // Not cancellable: the client gives up first, and the answer then goes nowhere.
      await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { done.resume() }
      }
    case .notJSON:
      return Response(
        status: .ok, headers: [.contentType: "text/html"],
        body: .init(byteBuffer: ByteBuffer(string: "<html><body>Log in</body></html>")))
    case .redirect:
      var response = Response(status: .movedPermanently)
      response.headers[.location] = "https://netbox.example.com\(path)"
      return response
    default: break
    }

    func values(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }
    func slug(_ record: JSONTree, _ key: String) -> String? { record[key]?["slug"]?.string }
    var matching = all
    let slugs = values("slug")
    if !slugs.isEmpty { matching = matching.filter { slugs.contains($0["slug"]?.string ?? "") } }
    let roles = values("role")
    if !roles.isEmpty {
      let key = version == .v4 ? "role" : "device_role"
      matching = matching.filter { roles.contains(slug($0, key) ?? "") }
    }
    let sites = values("site")
    if !sites.isEmpty { matching = matching.filter { sites.contains(slug($0, "site") ?? "") } }
    let devices = values("device_id").compactMap(Int.init)
    if !devices.isEmpty {
      matching = matching.filter {
        devices.contains($0["device"]?["id"]?.integer ?? -1)
      }
    }
    let limit = min(values("limit").first.flatMap(Int.init) ?? defaultLimit, 1000)
    let offset = values("offset").first.flatMap(Int.init) ?? 0
    let slice = Array(matching.dropFirst(offset).prefix(limit))
    func link(_ offset: Int) -> String {
      var items = query.filter { $0.0 != "offset" && $0.0 != "limit" }
      items.append(("limit", String(limit)))
      items.append(("offset", String(offset)))
      var components = URLComponents()
      components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
      return (nextOrigin ?? baseURL) + path + "?" + components.percentEncodedQuery!
    }
    var next: JSONTree = offset + limit < matching.count ? .string(link(offset + limit)) : .null
    var results: [JSONTree] = slice
    var total = matching.count
    switch fault {
    case .nextLoop: next = .string(link(0))
    case .endlessPages:
      next = .string(link(offset + limit))
      results = Array(all.prefix(limit))
      total = limit
    case .emptyPageWithNext:
      results = []
      next = .string(link(offset + limit))
    default: break
    }
    return json(
      200,
      .object([
        ("count", .integer(total)), ("next", next),
        ("previous", offset > 0 ? .string(link(max(0, offset - limit))) : .null),
        ("results", .array(results)),
      ]))
  }

  private func json(_ status: Int, _ body: JSONTree) -> Response {
    // A tree of plain values always encodes; an empty object would fail the test that reads it.
    let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
    return Response(
      status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}

/// A JSON value as the emulator keeps the recorded records: decoded and written again with
/// Foundation's coders, booleans kept apart from numbers.
enum JSONTree: Codable, Sendable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([JSONTree])
  case object([(String, JSONTree)])

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    if let object = try? decoder.container(keyedBy: Key.self) {
      self = .object(
        try object.allKeys.map { ($0.stringValue, try object.decode(JSONTree.self, forKey: $0)) })
      return
    }
    if var array = try? decoder.unkeyedContainer() {
      var elements: [JSONTree] = []
      while !array.isAtEnd { elements.append(try array.decode(JSONTree.self)) }
      self = .array(elements)
      return
    }
    let value = try decoder.singleValueContainer()
    if value.decodeNil() {
      self = .null
    } else if let bool = try? value.decode(Bool.self) {
      self = .bool(bool)
    } else if let integer = try? value.decode(Int.self) {
      self = .integer(integer)
    } else if let number = try? value.decode(Double.self) {
      self = .number(number)
    } else {
      self = .string(try value.decode(String.self))
    }
  }

  func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .bool(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .integer(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .number(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .string(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .array(let elements):
      var container = encoder.unkeyedContainer()
      for element in elements { try container.encode(element) }
    case .object(let members):
      var container = encoder.container(keyedBy: Key.self)
      for (name, value) in members { try container.encode(value, forKey: Key(stringValue: name)) }
    }
  }

  subscript(key: String) -> JSONTree? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  var string: String? { if case .string(let value) = self { value } else { nil } }
  var integer: Int? { if case .integer(let value) = self { value } else { nil } }
  var array: [JSONTree]? { if case .array(let value) = self { value } else { nil } }
}
