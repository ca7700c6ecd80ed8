import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Patchbay

/// How patient the client is (docs/NETBOX.md "Reading NetBox"); the tests shorten the waits.
package struct NetBoxClientSettings: Sendable, Hashable {
  /// The longest one request may take, from sending it to the last byte of the answer.
  package var requestTimeout: Duration = .seconds(30)
  /// The longest connecting may take.
  package var connectTimeout: Duration = .seconds(10)
  /// Tries of one request in all: the first and the retries after a 429, a 5xx, a timeout or a
  /// failed connection.
  package var attempts = 5
  /// The wait before the first retry; it doubles for each further one.
  package var firstBackoff: Duration = .seconds(1)
  /// The longest wait before a retry, `Retry-After` included.
  package var longestWait: Duration = .seconds(60)
  /// Records asked for per page (`limit`); NetBox gives at most its MAX_PAGE_SIZE (1000 by
  /// default) and the client follows `next` whatever the size.
  package var pageSize = 1000
  /// The largest answer read: a page of 1000 interfaces is about 3 MB.
  package var maximumPageBytes = 64 << 20

  package init() {}
}

/// The address of a NetBox, split so that every request (a `next` link too) goes to the same
/// scheme, host and port, and the token never leaves for another host.
package struct NetBoxAddress: Sendable, Hashable, CustomStringConvertible {
  /// `https://netbox.example.com:8443`
  package var origin: String
  /// The path NetBox is served under, without a trailing slash (`""` or `/netbox`).
  package var basePath: String

  /// Reads `--url`: http or https, a host, an optional port and path; a trailing `/api` is
  /// dropped, so both NetBox's address and its API's are accepted.
  package init(_ text: String) throws(NetBoxError) {
    func usage(_ why: String) -> NetBoxError {
      NetBoxError(
        .usage,
        "--url \(text.escapingControlCharacters): \(why); give NetBox's address, such as "
          + "https://netbox.example.com")
    }
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased()
    else { throw usage("not a URL") }
    guard scheme == "http" || scheme == "https" else {
      throw usage("the scheme must be http or https")
    }
    guard let host = components.host, !host.isEmpty else { throw usage("no host") }
    guard components.user == nil, components.password == nil else {
      throw usage("a user or password in the URL is not used; give the token instead")
    }
    guard components.query == nil, components.fragment == nil else {
      throw usage("a query or fragment is not part of NetBox's address")
    }
    let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    origin = "\(scheme)://\(hostPart)" + (components.port.map { ":\($0)" } ?? "")
    var path = components.percentEncodedPath
    while path.hasSuffix("/") { path.removeLast() }
    if path.hasSuffix("/api") { path.removeLast(4) }
    basePath = path
  }

  package var description: String { origin + basePath }
}

/// Reads NetBox's REST API: list endpoints page by page, following `next`, with the token, a
/// timeout per request, bounded retries with exponential backoff on 429 (honouring
/// `Retry-After`) and 5xx, and an error naming the URL and the status for everything else.
/// Records are read out of each page as it comes, so no page is kept.
package final class NetBoxClient: Sendable {
  package let address: NetBoxAddress
  private let authorization: String
  private let settings: NetBoxClientSettings
  private let http: HTTPClient
  private let progress: @Sendable (String) -> Void

  /// - Parameter progress: hears a line now and then (`interfaces: 2000 of 5400`); the command
  ///   line shows it on a terminal only.
  package init(
    address: NetBoxAddress, token: NetBoxToken, settings: NetBoxClientSettings = .init(),
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.address = address
    self.authorization = token.authorization
    self.settings = settings
    self.progress = progress
    var configuration = HTTPClient.Configuration(
      redirectConfiguration: .disallow,
      timeout: .init(
        connect: .nanoseconds(Self.nanoseconds(settings.connectTimeout)),
        read: .nanoseconds(Self.nanoseconds(settings.requestTimeout))))
    configuration.httpVersion = .http1Only
    self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
  }

  /// Closes the connections; call once, when done.
  package func shutdown() async {
    try? await http.shutdown()
  }

  /// Every record of a list endpoint, such as `/api/dcim/devices/`, with the filters of `query`
  /// (`[("role", "access-switch")]`).
  ///
  /// A listing is refused as one that never ends (`.invalidAnswer`) when its `next` names a
  /// page already read, when a page without records still has a `next`, or when it gives more
  /// records than twice its first `count` and a page more.
  package func list<Record>(
    _ endpoint: String, query: [(String, String)], what: String,
    read: (JSONValue, String) throws(NetBoxRecordReader.Problem) -> Record
  ) async throws(NetBoxError) -> [Record] {
    var components = URLComponents()
    components.queryItems =
      [URLQueryItem(name: "limit", value: String(settings.pageSize))]
      + query.map { URLQueryItem(name: $0.0, value: $0.1) }
    // `+` would read as a space in a query; slugs have none, but names given by hand might.
    let encodedQuery = (components.percentEncodedQuery ?? "").replacingOccurrences(
      of: "+", with: "%2B")
    var target: String? = address.basePath + endpoint + "?" + encodedQuery
    var visited: Set<String> = []
    var records: [Record] = []
    var expected: Int?
    var pages = 0
    while let pathAndQuery = target {
      let url = address.origin + pathAndQuery
      guard visited.insert(pathAndQuery).inserted else {
        throw NetBoxError(
          .invalidAnswer,
          "GET \(url): the listing of \(what) never ends: its `next` names a page already read; "
            + "check NetBox (or the proxy in front of it)")
      }
      let page = try await fetchPage(url)
      pages += 1
      let root = page.root
      guard root.kind == .object, let results = root.member("results"), results.kind == .array
      else {
        throw NetBoxError(
          .invalidAnswer,
          "GET \(url): the answer is \(root.typeDescription) without a `results` list, not a page "
            + "of \(what); is --url NetBox's address?")
      }
      if expected == nil, let count = root.member("count")?.integer { expected = count }
      for (index, element) in results.elements.enumerated() {
        do throws(NetBoxRecordReader.Problem) {
          records.append(try read(element, "results[\(index)]"))
        } catch {
          throw NetBoxError(
            .invalidAnswer,
            "GET \(url): \(error.place): \(error.message); is this NetBox 3 or 4?")
        }
      }
      let next = root.member("next").flatMap { $0.isNull ? nil : $0 }
      if let limit = expected.map({ 2 * $0 + settings.pageSize }), records.count > limit {
        throw NetBoxError(
          .invalidAnswer,
          "GET \(url): the listing of \(what) never ends: \(records.count) records read where it "
            + "counted \(expected!); check NetBox (or the proxy in front of it)")
      }
      if next != nil && results.count == 0 {
        throw NetBoxError(
          .invalidAnswer,
          "GET \(url): the listing of \(what) never ends: a page without records links to "
            + "another; check NetBox (or the proxy in front of it)")
      }
      if let next {
        guard let text = next.string, let link = URLComponents(string: text) else {
          throw NetBoxError(
            .invalidAnswer, "GET \(url): `next` is \(next.typeDescription), not a URL")
        }
        // The link's path and query on --url's scheme, host and port: NetBox behind a proxy
        // often writes its own internal address into `next`.
        target = link.percentEncodedPath + (link.percentEncodedQuery.map { "?" + $0 } ?? "")
      } else {
        target = nil
      }
      progress("\(what): \(records.count)" + (expected.map { " of \($0)" } ?? ""))
    }
    return records
  }

  /// One page, tried up to ``NetBoxClientSettings/attempts`` times.
  private func fetchPage(_ url: String) async throws(NetBoxError) -> JSONDocument {
    var attempt = 1
    while true {
      let outcome = await fetchOnce(url)
      let retryable: String
      var wait = backoff(after: attempt)
      switch outcome {
      case .answer(let status, let body, _) where status == 200:
        do throws(JSONSyntaxError) {
          return try JSONDocument(bytes: body)
        } catch {
          throw NetBoxError(
            .invalidAnswer,
            "GET \(url): the answer is not JSON (line \(error.line), column \(error.column): "
              + "\(error.message)); is --url NetBox's address?")
        }
      case .answer(let status, let body, let headers) where status == 429 || status >= 500:
        retryable = "answered \(Self.statusText(status))" + Self.detail(body)
        if let after = headers.first(name: "Retry-After").flatMap(Self.retryAfter) {
          wait = min(after, settings.longestWait)
        }
      case .answer(let status, let body, let headers):
        throw refusal(url: url, status: status, body: body, headers: headers)
      case .timedOut:
        retryable = "gave no answer within \(Self.seconds(settings.requestTimeout))"
      case .failed(let reason):
        retryable = reason
      }
      guard attempt < settings.attempts else {
        let tries = settings.attempts == 1 ? "" : " (tried \(settings.attempts) times)"
        throw NetBoxError(
          .unavailable,
          "GET \(url): NetBox \(retryable)\(tries); check that it is up and reachable, then run "
            + "the command again")
      }
      progress("GET \(url): \(retryable); trying again in \(Self.seconds(wait))")
      do {
        try await Task.sleep(for: wait)
      } catch {
        throw NetBoxError(.unavailable, "GET \(url): stopped while waiting to try again")
      }
      attempt += 1
    }
  }

  private enum Outcome: Sendable {
    case answer(status: Int, body: [UInt8], headers: HTTPHeaders)
    case timedOut
    case failed(String)
  }

  /// One request, raced against the timeout so that a server that sends its answer slowly is
  /// cut off too.
  private func fetchOnce(_ url: String) async -> Outcome {
    var request = HTTPClientRequest(url: url)
    request.method = .GET
    request.headers.add(name: "Authorization", value: authorization)
    request.headers.add(name: "Accept", value: "application/json")
    let prepared = request
    let http = self.http
    let limit = settings.maximumPageBytes
    let timeout = settings.requestTimeout
    return await withTaskGroup(of: Outcome?.self) { group in
      group.addTask {
        do {
          let response = try await http.execute(
            prepared, timeout: .nanoseconds(Self.nanoseconds(timeout)))
          let body = try await response.body.collect(upTo: limit)
          return .answer(
            status: Int(response.status.code), body: Array(body.readableBytesView),
            headers: response.headers)
        } catch is NIOTooManyBytesError {
          return .failed("sent a page larger than \(limit >> 20) MiB")
        } catch {
          if Task.isCancelled { return nil }
          return Self.outcome(of: error)
        }
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return Task.isCancelled ? nil : .timedOut
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first ?? .timedOut
    }
  }

  private static func outcome(of error: any Error) -> Outcome {
    if let error = error as? HTTPClientError {
      switch error {
      case .deadlineExceeded, .readTimeout, .writeTimeout: return .timedOut
      case .connectTimeout: return .failed("could not be connected to within the timeout")
      case .remoteConnectionClosed: return .failed("closed the connection before answering")
      default: return .failed("could not be read (\(error))")
      }
    }
    let text = String(describing: error)
    if text.contains("onnection refused") || text.contains("connectionRefused") {
      return .failed("cannot be reached: the connection was refused (is the host and port right?)")
    }
    return .failed("cannot be reached (\(text))")
  }

  private func refusal(url: String, status: Int, body: [UInt8], headers: HTTPHeaders)
    -> NetBoxError
  {
    let head = "GET \(url): NetBox answered \(Self.statusText(status))\(Self.detail(body))"
    switch status {
    case 401:
      return NetBoxError(
        .refused,
        "\(head); the token was not accepted: check --token-file or NETBOX_TOKEN")
    case 403:
      return NetBoxError(
        .refused,
        "\(head); the token is not valid or may not read this: check the token and its "
          + "permissions in NetBox")
    case 404:
      return NetBoxError(
        .refused,
        "\(head); is --url NetBox's address (such as https://netbox.example.com)?")
    case 300..<400:
      let location =
        headers.first(name: "Location").map {
          " to \($0.escapingControlCharacters)"
        } ?? ""
      return NetBoxError(
        .refused,
        "\(head), a redirect\(location); the token is not sent on redirects: give the address "
          + "NetBox is served at as --url")
    default:
      return NetBoxError(
        .refused, "\(head); check --url, and that NetBox knows each --device-role and --site")
    }
  }

  /// NetBox's own reason (`{"detail": "Invalid token"}`), short and printable.
  /// A 400 names the filter instead (`{"role": ["Select a valid choice. ..."]}`): a
  /// `--device-role` or `--site` that NetBox does not know.
  private static func detail(_ body: [UInt8]) -> String {
    guard let document = try? JSONDocument(bytes: body), document.root.kind == .object else {
      return ""
    }
    var found = document.root.member("detail")?.string
    if found == nil {
      for (name, value) in document.root.members {
        guard let key = name.string, let first = Array(value.elements).first?.string else {
          continue
        }
        found = "\(key): \(first)"
        break
      }
    }
    guard let text = found, !text.isEmpty else { return "" }
    let short = text.count > 200 ? String(text.prefix(200)) + "..." : text
    return " (\"\(short.escapingControlCharacters)\")"
  }

  /// `Retry-After`: seconds, or an HTTP date.
  private static func retryAfter(_ text: String) -> Duration? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: trimmed) else { return nil }
    return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000)))
  }

  private func backoff(after attempt: Int) -> Duration {
    let factor = 1 << min(attempt - 1, 20)
    return min(settings.firstBackoff * factor, settings.longestWait)
  }

  static func statusText(_ status: Int) -> String {
    let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
    return reason.isEmpty ? "HTTP \(status)" : "\(status) \(reason)"
  }

  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let value = Double(seconds) + Double(attoseconds) / 1e18
    return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }

  static func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
