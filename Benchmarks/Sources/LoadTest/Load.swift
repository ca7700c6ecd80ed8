import AsyncHTTPClient
import Foundation
import NIOCore
import Patchbay
import Synchronization

/// One measured phase: `clients` concurrent clients send `total` requests, each taking the next
/// number from a shared counter, its interface from `ids` and its instance in turn.
struct Phase: Sendable {
  enum Kind: String, Sendable {
    case approve = "approvals"
    case read = "GETs"
  }

  let kind: Kind
  let clients: Int
  let total: Int
  let ids: [InterfaceID]
  /// Approvals send `Idempotency-Key: <prefix><request number>`.
  var idempotencyKeyPrefix: String?
}

/// What a phase measured.
struct PhaseResult: Sendable {
  var succeeded = 0
  var seconds = 0.0
  /// Milliseconds of each successful request, sorted.
  var latencies: [Double] = []
  /// Unsuccessful answers by status and problem code (`409 no_free_port`), and failures to
  /// get an answer at all (`transport: ...`).
  var errors: [String: Int] = [:]
  var cpu = CPUSpan()
  /// The servers' own mean time for the phase's route (their /metrics histograms' sum over
  /// count), in milliseconds: what the client's latency adds to it is queueing and transport.
  var serverMean: Double?
  /// Transactions the servers ran again after a serialization failure or deadlock, and those
  /// refused as busy after their retries (`patchbay_database_retries_total`, `..._busy_total`).
  var retries: Int?
  var busy: Int?

  var clientMean: Double? {
    latencies.isEmpty ? nil : latencies.reduce(0, +) / Double(latencies.count)
  }

  var perSecond: Double { seconds > 0 ? Double(succeeded) / seconds : 0 }

  /// The nearest-rank percentile of the successful requests' latencies, in milliseconds.
  func percentile(_ fraction: Double) -> Double? {
    guard !latencies.isEmpty else { return nil }
    let rank = Int((fraction * Double(latencies.count)).rounded(.up))
    return latencies[min(latencies.count - 1, max(0, rank - 1))]
  }

  var errorCount: Int { errors.values.reduce(0, +) }

  /// `none`, or each kind with its count, most frequent first.
  var errorSummary: String {
    guard !errors.isEmpty else { return "none" }
    return errors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .map { "\($0.value) x \($0.key)" }.joined(separator: ", ")
  }
}

/// The HTTP side of the test: one shared client with keep-alive connections to every instance.
struct LoadClient: Sendable {
  let http: HTTPClient
  let instances: [ServerInstance]
  let token: String

  static let requestTimeout = TimeAmount.seconds(60)

  /// Opens `clients` connections to each instance (concurrent `GET /healthz`), outside the
  /// measured part, so that the first requests do not pay for connecting.
  func warmUp(clients: Int) async {
    await withTaskGroup(of: Void.self) { group in
      for instance in instances {
        for _ in 0..<clients {
          group.addTask {
            let request = HTTPClientRequest(url: instance.baseURL + "/healthz")
            if let response = try? await http.execute(request, timeout: Self.requestTimeout) {
              _ = try? await response.body.collect(upTo: 1 << 20)
            }
          }
        }
      }
    }
  }

  func run(_ phase: Phase, processes: MeasuredProcesses) async -> PhaseResult {
    let counter = Counter()
    let countsBefore = await serverMetrics(phase.kind)
    let before = processes.sample()
    let started = ContinuousClock.now
    let parts = await withTaskGroup(of: PhaseResult.self) { group in
      for _ in 0..<phase.clients {
        group.addTask { await client(phase, counter: counter) }
      }
      var parts: [PhaseResult] = []
      for await part in group { parts.append(part) }
      return parts
    }
    var result = PhaseResult()
    result.seconds = (ContinuousClock.now - started) / .seconds(1)
    result.cpu = processes.sample().since(before)
    if let countsBefore, let countsAfter = await serverMetrics(phase.kind) {
      let count = countsAfter.count - countsBefore.count
      if count > 0 {
        result.serverMean = (countsAfter.seconds - countsBefore.seconds) * 1000 / count
      }
      result.retries = Int(countsAfter.retries - countsBefore.retries)
      result.busy = Int(countsAfter.busy - countsBefore.busy)
    }
    for part in parts {
      result.succeeded += part.succeeded
      result.latencies += part.latencies
      result.errors.merge(part.errors, uniquingKeysWith: +)
    }
    result.latencies.sort()
    return result
  }

  /// What the servers' /metrics say so far, summed over the instances; `nil` when one cannot
  /// be read.
  private func serverMetrics(_ kind: Phase.Kind) async -> ServerCounts? {
    let (method, route) =
      kind == .approve
      ? ("POST", "/v1/interfaces/{id}/approve") : ("GET", "/v1/interfaces/{id}")
    var total = ServerCounts()
    for instance in instances {
      let request = HTTPClientRequest(url: instance.baseURL + "/metrics")
      guard let response = try? await http.execute(request, timeout: Self.requestTimeout),
        response.status == .ok,
        let body = try? await response.body.collect(upTo: 64 << 20)
      else { return nil }
      // No series yet: the instance has not answered on this route, or never retried.
      let text = String(decoding: body.readableBytesView, as: UTF8.self)
      let times = Self.histogram(text, method: method, route: route) ?? (0, 0)
      total.seconds += times.seconds
      total.count += times.count
      total.retries += Self.counter(text, "patchbay_database_retries_total")
      total.busy += Self.counter(text, "patchbay_database_busy_total")
    }
    return total
  }

  /// A counter's value in Prometheus's text format, summed over its series (0 when absent).
  static func counter(_ text: String, _ name: String) -> Double {
    text.split(separator: "\n")
      .filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
      .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
      .reduce(0, +)
  }

  /// The `_sum` and `_count` of `patchbay_http_request_duration_seconds` for one route, in
  /// Prometheus's text format.
  static func histogram(_ text: String, method: String, route: String) -> (
    seconds: Double, count: Double
  )? {
    let name = "patchbay_http_request_duration_seconds"
    var seconds: Double?
    var count: Double?
    for line in text.split(separator: "\n")
    where line.hasPrefix(name) && line.contains("route=\"\(route)\"")
      && line.contains("method=\"\(method)\"")
    {
      guard let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
      if line.hasPrefix(name + "_sum") { seconds = (seconds ?? 0) + value }
      if line.hasPrefix(name + "_count") { count = (count ?? 0) + value }
    }
    guard let seconds, let count else { return nil }
    return (seconds, count)
  }

  /// One client: the next request's number from the shared counter until `total` are taken.
  private func client(_ phase: Phase, counter: Counter) async -> PhaseResult {
    var result = PhaseResult()
    while true {
      let number = counter.next()
      guard number < phase.total else { break }
      let id = phase.ids[number % phase.ids.count].rawValue
      let instance = instances[number % instances.count]
      var request: HTTPClientRequest
      switch phase.kind {
      case .approve:
        request = HTTPClientRequest(url: instance.baseURL + "/v1/interfaces/\(id)/approve")
        request.method = .POST
        if let prefix = phase.idempotencyKeyPrefix {
          request.headers.add(name: "Idempotency-Key", value: prefix + String(number))
        }
      case .read:
        request = HTTPClientRequest(url: instance.baseURL + "/v1/interfaces/\(id)")
      }
      request.headers.add(name: "Authorization", value: "Bearer \(token)")
      let started = ContinuousClock.now
      do {
        let response = try await http.execute(request, timeout: Self.requestTimeout)
        let body = try await response.body.collect(upTo: 16 << 20)
        let milliseconds = (ContinuousClock.now - started) / .milliseconds(1)
        if response.status == .ok {
          result.succeeded += 1
          result.latencies.append(milliseconds)
        } else {
          let key = "\(response.status.code) \(Self.problemCode(body) ?? "(no problem code)")"
          result.errors[key, default: 0] += 1
        }
      } catch {
        result.errors["transport: \(String(describing: error).prefix(80))", default: 0] += 1
      }
    }
    return result
  }

  /// The `code` of a problem details body.
  private static func problemCode(_ body: ByteBuffer) -> String? {
    let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    return (object as? [String: Any])?["code"] as? String
  }
}

/// What the servers' /metrics count for one route: its time and requests, the database's
/// retries and busy refusals.
struct ServerCounts: Sendable {
  var seconds = 0.0
  var count = 0.0
  var retries = 0.0
  var busy = 0.0
}

/// The shared counter the clients take request numbers from.
final class Counter: Sendable {
  private let value = Atomic<Int>(0)

  func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
