import Benchmark
import BenchmarkInputs
import Foundation
import Patchbay
import PatchbaySynthetic

// Approvals per second with several clients at once, each a store of its own (its own
// connection on PostgreSQL, its own SQLite connection), as separate service instances would be.

/// Where the clients approve.
enum Spread: String, CaseIterable, Sendable {
  /// Each client at an access point of its own: PostgreSQL's locks let them run in parallel.
  case distinct = "distinct access points"
  /// Every client at one access point: they take turns on its lock.
  case same = "one access point"
}

extension BenchmarkMetric {
  /// Approvals per second of one iteration (all clients together).
  static let approvalsPerSecond = BenchmarkMetric.custom(
    "Approvals/s", polarity: .prefersLarger, useScalingFactor: false)
  /// One `approve` call, from the client's call to its answer, waits for locks included.
  static let approvalLatency = BenchmarkMetric.custom(
    "Approval latency (us)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// `clients` stores on one `medium` database (120,000 ports, half held), each with its own
/// queue of interfaces in application at its access point. Each iteration, every client
/// approves ``perClient`` of its interfaces one after another, all clients at once; the
/// approved interfaces are then canceled outside the measured part, so that their ports are
/// free again and every iteration places on the same inventory.
final class ConcurrentApprovalState: @unchecked Sendable {
  /// Approvals per client per iteration.
  static let perClient = 8
  /// Iterations the setup prepares interfaces for (the warm-up included).
  static let iterations = 16

  let clients: Int
  let opens: [OpenStore]
  let provisioners: [Provisioner]
  /// Each client's interfaces in application, taken in order.
  var queues: [[InterfaceID]]
  var approvedLast: [[InterfaceID]] = []
  var nextIteration = 0

  init(_ backend: Backend, clients: Int, spread: Spread) async throws {
    self.clients = clients
    let centre = BenchmarkInputs.centre(.medium)
    let started = ContinuousClock.now
    let database = try await BenchmarkDatabase.create(
      backend, name: "concurrent", inventory: centre.inventory)
    report("\(backend.rawValue): medium inventory imported", since: started)

    // Each client's access point: the roomiest ones, for the port type with the most free
    // ports there that any account may take (10G and below need no whitelist).
    let roomy = Self.roomiestAccessPoints(centre)
    let needed = clients * Self.perClient
    guard let first = roomy.first, first.free >= needed else {
      throw PostgresUnavailable(description: "medium has no access point with \(needed) free ports")
    }
    let accessPoints =
      spread == .same ? Array(repeating: first, count: clients) : Array(roomy.prefix(clients))
    guard accessPoints.count == clients else {
      throw PostgresUnavailable(description: "medium has fewer than \(clients) roomy access points")
    }

    // Requests for each client: copies of a valid request at its access point, each for an
    // account of its own, so no approve reads another's pending interfaces.
    var requests: [Request] = []
    var owner: [Int] = []
    for (client, choice) in accessPoints.enumerated() {
      for number in 0..<(Self.iterations * Self.perClient) {
        var request = centre.requests[choice.template]
        request.id = RequestID("c\(client)-\(number)")
        request.account = "bench-account-\(client)-\(number)"
        request.redundantConnection = nil
        requests.append(request)
        owner.append(client)
      }
    }
    let open = try await database.open(connections: 4)
    let ids: [InterfaceID]
    do {
      ids = try await bringIntoApplication(
        requests, on: open.store, workers: backend == .postgres ? 4 : 1, label: backend.rawValue)
    } catch {
      await open.close()
      throw error
    }
    await open.close()
    guard ids.count == requests.count else {
      throw PostgresUnavailable(
        description: "only \(ids.count) of \(requests.count) requests were applied")
    }
    var queues = Array(repeating: [InterfaceID](), count: clients)
    for (index, id) in ids.enumerated() { queues[owner[index]].append(id) }
    self.queues = queues

    var opens: [OpenStore] = []
    for _ in 0..<clients { opens.append(try await database.open(connections: 1)) }
    self.opens = opens
    provisioners = opens.map { Provisioner(store: $0.store) }
  }

  /// Access points with the free ports of their best port type that needs no whitelist, and a
  /// valid single request of that type there, roomiest first.
  static func roomiestAccessPoints(_ centre: SyntheticDataCentre)
    -> [(accessPoint: AccessPointID, free: Int, template: Int)]
  {
    let inventory = centre.inventory
    var held = Set<String>()
    for connection in inventory.connections where connection.status.holdsPort {
      if let device = connection.device, let port = connection.port {
        held.insert("\(device.rawValue)\u{0}\(port)")
      }
    }
    var best: [AccessPointID: (free: Int, template: Int)] = [:]
    var seen = Set<String>()
    for request in BatchValidator(inventory: inventory).validate(centre.requests).accepted {
      if case .request = request.partner { continue }
      guard !request.portType.spec.needsWhitelist,
        seen.insert("\(request.accessPoint.rawValue)\u{0}\(request.portType.rawValue)").inserted
      else { continue }
      var free = 0
      for device in inventory.devices(of: request.accessPoint) {
        for port in device.ports
        where port.accepts.contains(request.portType)
          && !held.contains("\(device.id.rawValue)\u{0}\(port.name)")
        {
          free += 1
        }
      }
      if free > best[request.accessPoint]?.free ?? -1 {
        best[request.accessPoint] = (free, request.batchIndex)
      }
    }
    return best.map { (accessPoint: $0.key, free: $0.value.free, template: $0.value.template) }
      .sorted { ($0.free, $1.accessPoint.rawValue) > ($1.free, $0.accessPoint.rawValue) }
  }

  /// One iteration: every client approves its next ``perClient`` interfaces, all at once.
  /// Returns the latencies of the approvals (microseconds).
  func approveRound() async throws -> [Int] {
    let round = nextIteration
    nextIteration += 1
    guard (round + 1) * Self.perClient <= queues[0].count else {
      throw PostgresUnavailable(
        description: "the setup prepared interfaces for \(Self.iterations) iterations only")
    }
    let batches = queues.map {
      Array($0[(round * Self.perClient)..<((round + 1) * Self.perClient)])
    }
    approvedLast = batches
    let provisioners = provisioners
    return try await withThrowingTaskGroup(of: [Int].self) { group in
      for client in 0..<clients {
        let provisioner = provisioners[client]
        let batch = batches[client]
        group.addTask {
          var latencies: [Int] = []
          for id in batch {
            let started = ContinuousClock.now
            _ = try await provisioner.approve(id)
            latencies.append(Int((ContinuousClock.now - started) / .microseconds(1)))
          }
          return latencies
        }
      }
      var all: [Int] = []
      for try await latencies in group { all += latencies }
      return all
    }
  }

  /// Cancels the last round's approvals, freeing their ports (outside the measured part).
  func cancelLastRound() async throws {
    for (client, batch) in approvedLast.enumerated() {
      for id in batch { _ = try await provisioners[client].cancel(id) }
    }
    approvedLast = []
  }

  func close() async {
    for open in opens { await open.close() }
  }
}
