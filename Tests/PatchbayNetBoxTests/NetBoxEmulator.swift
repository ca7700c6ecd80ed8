import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small NetBox REST API on a loopback port, started in the test (SwiftNIO, answering on its
/// event loops: the tests' own thread pool may be busy with other suites): it serves the recorded
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
  private let listening = Mutex<(any Channel)?>(nil)
  private let records: [String: [JSONTree]]
  private let version: Version
  private let faults: [String: Fault]
  private let defaultLimit: Int
  private let nextOrigin: String?

  /// `http://127.0.0.1:PORT`
  var baseURL: String { base.withLock { $0 } }

  private struct State {
    var log: [Logged] = []
    var served: [String: Int] = [:]
  }

  private init(
    version: Version, records: [String: [JSONTree]], faults: [String: Fault], defaultLimit: Int,
    nextOrigin: String?
  ) {
    self.version = version
    self.records = records
    self.faults = faults
    self.defaultLimit = defaultLimit
    self.nextOrigin = nextOrigin
  }

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
    let emulator = NetBoxEmulator(
      version: version, records: records, faults: faults, defaultLimit: defaultLimit,
      nextOrigin: nextOrigin)
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          try channel.pipeline.syncOperations.addHandler(EmulatorHandler(emulator: emulator))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    emulator.base.withLock { $0 = "http://127.0.0.1:\(channel.localAddress?.port ?? 0)" }
    emulator.listening.withLock { $0 = channel }
    return emulator
  }

  /// Stops listening (a connection made now is refused); answers in flight still go out.
  func stop() async {
    guard let channel = listening.withLock({ $0 }) else { return }
    try? await channel.close()
  }

  /// One answer: the status, the headers, the body, and how long to wait before sending it.
  struct Answer: Sendable {
    var status: Int
    var headers: [(String, String)] = [("Content-Type", "application/json")]
    var body: [UInt8] = []
    var delay: Double?
  }

  fileprivate func answer(uri: String, authorization: String?) -> Answer {
    let components = URLComponents(string: uri)
    let path = components?.path ?? uri
    let query = (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
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
    var delay: Double?
    switch fault {
    case .status(400, _, _):
      // NetBox's answer to a slug its filter does not know.
      let role = query.first { $0.0 == "role" }?.1 ?? ""
      let choice = "Select a valid choice. \(role) is not one of the available choices."
      return json(400, .object([("role", .array([.string(choice)]))]))
    case .status(let status, let times, let retryAfter) where count <= times:
      var answer = json(status, .object([("detail", .string("Emulated \(status)"))]))
      if let retryAfter { answer.headers.append(("Retry-After", retryAfter)) }
      return answer
    case .delay(let seconds, let times) where count <= times:
      delay = seconds
    case .notJSON:
      return Answer(
        status: 200, headers: [("Content-Type", "text/html")],
        body: Array("<html><body>Log in</body></html>".utf8))
    case .redirect:
      return Answer(status: 301, headers: [("Location", "https://netbox.example.com\(path)")])
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
      matching = matching.filter { devices.contains($0["device"]?["id"]?.integer ?? -1) }
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
      return (nextOrigin ?? baseURL) + path + "?" + (components.percentEncodedQuery ?? "")
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
    var answer = json(
      200,
      .object([
        ("count", .integer(total)), ("next", next),
        ("previous", offset > 0 ? .string(link(max(0, offset - limit))) : .null),
        ("results", .array(results)),
      ]))
    answer.delay = delay
    return answer
  }

  private func json(_ status: Int, _ body: JSONTree) -> Answer {
    // A tree of plain values always encodes; an empty object would fail the test that reads it.
    let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
    return Answer(status: status, body: Array(data))
  }
}

/// One connection's requests, answered on its event loop (a late answer is scheduled there).
private final class EmulatorHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let emulator: NetBoxEmulator
  var head: HTTPRequestHead?

  init(emulator: NetBoxEmulator) { self.emulator = emulator }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head): self.head = head
    case .body: break
    case .end:
      guard let head else { return }
      let answer = emulator.answer(
        uri: head.uri, authorization: head.headers.first(name: "Authorization"))
      if let delay = answer.delay {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay * 1000))) {
          let (handler, context) = bound.value
          handler.send(answer, version: head.version, context: context)
        }
      } else {
        send(answer, version: head.version, context: context)
      }
    }
  }

  private func send(
    _ answer: NetBoxEmulator.Answer, version: HTTPVersion, context: ChannelHandlerContext
  ) {
    var headers = HTTPHeaders(answer.headers)
    headers.add(name: "Content-Length", value: String(answer.body.count))
    let head = HTTPResponseHead(
      version: version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
    context.write(wrapOutboundOut(.head(head)), promise: nil)
    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))), promise: nil)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
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
