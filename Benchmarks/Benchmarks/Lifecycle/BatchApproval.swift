import BenchmarkInputs
import Foundation
import Patchbay

/// Says on standard error how long a part of a setup took (ordo-one prints only the measured
/// part).
func report(_ what: String, since started: ContinuousClock.Instant) {
  let seconds = (ContinuousClock.now - started) / .seconds(1)
  FileHandle.standardError.write(
    Data("setup: \(what) in \((seconds * 10).rounded() / 10) s\n".utf8))
}

/// Brings requests into application: the whole backlog applied in one transaction
/// (`Provisioner.apply(all:)`), then one `applyForLOA` transaction per interface, by `workers`
/// tasks at once (PostgreSQL runs them on as many connections; SQLite takes one writer at a
/// time whatever the workers). Returns the interfaces in application, in the requests' order.
func bringIntoApplication(
  _ requests: [Request], on store: any ProvisioningStore, workers: Int, label: String
) async throws -> [InterfaceID] {
  let provisioner = Provisioner(store: store)
  var started = ContinuousClock.now
  let outcomes = try await provisioner.apply(all: requests)
  let ids = outcomes.compactMap { $0.interface?.id }
  report(
    "\(label): \(ids.count) of \(requests.count) requests applied in one transaction",
    since: started)
  started = ContinuousClock.now
  let loa = try letter
  try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<max(1, workers) {
      group.addTask {
        for index in stride(from: worker, to: ids.count, by: max(1, workers)) {
          _ = try await provisioner.applyForLOA(ids[index], loa: loa)
        }
      }
    }
    try await group.waitForAll()
  }
  let seconds = (ContinuousClock.now - started) / .seconds(1)
  report(
    "\(label): \(ids.count) LOAs applied for, \(Int(Double(ids.count) / seconds)) "
      + "transactions/s with \(workers) workers", since: started)
  return ids
}

/// The `large` data centre (300,000 ports, 100,000 requests) with every request that is valid
/// when it comes applied for and in application, made once in setup. Each iteration approves
/// them all on a fresh copy: a copied file on SQLite, `CREATE DATABASE ... TEMPLATE` on
/// PostgreSQL (outside the measured part).
final class BatchApprovalState: @unchecked Sendable {
  let backend: Backend
  let template: BenchmarkDatabase
  var lastCopy: BenchmarkDatabase?
  var lastOpen: OpenStore?

  init(_ backend: Backend) async throws {
    self.backend = backend
    let centre = BenchmarkInputs.centre(.large)
    var started = ContinuousClock.now
    template = try await BenchmarkDatabase.create(
      backend, name: "large", inventory: centre.inventory)
    report("\(backend.rawValue): large inventory imported", since: started)
    started = ContinuousClock.now
    let open = try await template.open(connections: 4)
    do {
      _ = try await bringIntoApplication(
        centre.requests, on: open.store, workers: backend == .postgres ? 4 : 1,
        label: backend.rawValue)
    } catch {
      await open.close()
      throw error
    }
    await open.close()
    report("\(backend.rawValue): large template ready", since: started)
  }

  /// A copy of the template, as if a fresh `approve --all` opened it.
  func freshCopy() async throws -> Provisioner {
    let copy: BenchmarkDatabase
    switch template.location {
    case .file(let path):
      let copyPath = try newDatabase("large-copy.db")
      try FileManager.default.copyItem(atPath: path, toPath: copyPath)
      if FileManager.default.fileExists(atPath: path + "-wal") {
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copyPath + "-wal")
      }
      copy = BenchmarkDatabase(location: .file(copyPath))
    case .postgres(let url):
      copy = BenchmarkDatabase(
        location: .postgres(try PostgresServer.shared().createDatabase("copy", template: url)))
    }
    lastCopy = copy
    let open = try await copy.open()
    lastOpen = open
    return Provisioner(store: open.store, allocation: AllocationOptions(threads: 2))
  }

  /// Each copy is as large as the template: keep one at a time.
  func removeLastCopy() async {
    await lastOpen?.close()
    lastOpen = nil
    switch lastCopy?.location {
    case .file(let path):
      for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
      }
    case .postgres(let url):
      try? PostgresServer.shared().dropDatabase(url)
    case nil: break
    }
    lastCopy = nil
  }
}
