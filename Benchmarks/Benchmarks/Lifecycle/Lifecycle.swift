import Benchmark
import BenchmarkInputs
import Foundation
import Patchbay
import PatchbayStore

// The lifecycle on a SQLite file (PatchbayStore), as `patchbay interface` and the provisioning
// service run it: every transition is one write transaction, committed to disk.

/// An LOA whose construction is a year away, so `applyForLOA` accepts it.
var letter: LetterOfAuthorization {
  get throws {
    try LetterOfAuthorization(
      companyName: "Example Trading Co.", constructionCompany: "Cabling Ltd",
      constructionType: .fibre, scheduledConstructionTime: Date(timeIntervalSinceNow: 86_400 * 365),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138 0000 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000")
      ])
  }
}

/// This process's database files, removed when each benchmark ends (the `large` one is about
/// a gigabyte with its copies).
let databaseFolder = FileManager.default.temporaryDirectory
  .appendingPathComponent("patchbay-benchmark-\(ProcessInfo.processInfo.processIdentifier)")

/// A new database file in ``databaseFolder``.
func newDatabase(_ name: String) throws -> String {
  try FileManager.default.createDirectory(at: databaseFolder, withIntermediateDirectories: true)
  return databaseFolder.appendingPathComponent("\(UUID().uuidString)-\(name)").path
}

func removeDatabases() {
  try? FileManager.default.removeItem(at: databaseFolder)
}

/// The `medium` data centre (120,000 ports, half held) in a database, and single requests that
/// are valid on their own to walk through the whole lifecycle, one per iteration, each with an
/// id of its own.
final class LifecycleState: @unchecked Sendable {
  let provisioner: Provisioner
  let requests: [Request]
  var next = 0

  init() async throws {
    let centre = BenchmarkInputs.centre(.medium)
    let store = try await SQLiteStore.create(path: try newDatabase("lifecycle.db"))
    try await store.importInventory(centre.inventory)
    provisioner = Provisioner(store: store)
    requests = BatchValidator(inventory: centre.inventory).validate(centre.requests).accepted
      .filter { if case .request = $0.partner { false } else { true } }
      .map { centre.requests[$0.batchIndex] }
  }

  /// apply, apply-loa, approve, deliver, connect, enable: six transactions.
  func walkNext() async throws {
    var request = requests[next % requests.count]
    request.id = RequestID("life-\(next)")
    next += 1
    let id = try await provisioner.apply(request).id
    _ = try await provisioner.applyForLOA(id, loa: letter)
    _ = try await provisioner.approve(id)
    _ = try await provisioner.deliver(
      id, report: try DeliveryReport(lineCode: "CT-\(next)", cableLabels: ["A-\(next)"]))
    _ = try await provisioner.connect(id)
    _ = try await provisioner.enable(id)
  }
}

/// The `large` data centre (300,000 ports, 100,000 requests) with every request that is valid
/// when it comes applied for and in application: apply and apply-loa through the lifecycle, two
/// transactions each, timed and reported on standard error. Each iteration approves them all
/// on a fresh copy of that file.
final class BatchApprovalState: @unchecked Sendable {
  let template: String
  var copies = 0
  var lastCopy: String?

  init() async throws {
    let centre = BenchmarkInputs.centre(.large)
    template = try newDatabase("large.db")
    let store = try await SQLiteStore.create(path: template)
    try await store.importInventory(centre.inventory)
    let provisioner = Provisioner(store: store)
    let started = ContinuousClock.now
    var applied = 0
    for request in centre.requests {
      do {
        let id = try await provisioner.apply(request).id
        _ = try await provisioner.applyForLOA(id, loa: letter)
        applied += 1
      } catch is LifecycleError {
        continue  // Refused by validation: never an interface.
      }
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    FileHandle.standardError.write(
      Data(
        ("setup: \(applied) of \(centre.requests.count) requests applied and in application "
          + "in \(seconds) s, \(Double(2 * applied) / seconds) transitions/s\n").utf8))
  }

  /// A copy of the template, as if a fresh `approve --all` opened it.
  func freshCopy() async throws -> Provisioner {
    copies += 1
    let copy = try newDatabase("large-\(copies).db")
    lastCopy = copy
    try FileManager.default.copyItem(atPath: template, toPath: copy)
    if FileManager.default.fileExists(atPath: template + "-wal") {
      try FileManager.default.copyItem(atPath: template + "-wal", toPath: copy + "-wal")
    }
    return Provisioner(
      store: try await SQLiteStore(path: copy), allocation: AllocationOptions(threads: 2))
  }

  /// Each copy is as large as the template: keep one at a time.
  func removeLastCopy() {
    guard let lastCopy else { return }
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: lastCopy + suffix)
    }
  }
}

extension BenchmarkMetric {
  static let approved = BenchmarkMetric.custom(
    "Interfaces approved", polarity: .prefersLarger, useScalingFactor: false)
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 10)

  Benchmark(
    "lifecycle: 6 transitions (medium, file database)",
    configuration: .patchbay(
      maxIterations: 2_000, maxDuration: .seconds(20), warmupIterations: 10,
      timeUnits: .microseconds)
  ) { _, state in
    try await state.walkNext()
  } setup: {
    try await LifecycleState()
  } teardown: {
    removeDatabases()
  }

  Benchmark(
    "approve --all (large)",
    configuration: .patchbay(
      maxIterations: 3, maxDuration: .seconds(60), warmupIterations: 0,
      extraMetrics: [.approved])
  ) { benchmark, state in
    let provisioner = try await state.freshCopy()
    benchmark.startMeasurement()
    let batch = try await provisioner.approveAll()
    benchmark.stopMeasurement()
    benchmark.measurement(.approved, batch.approved.count)
    state.removeLastCopy()
  } setup: {
    try await BatchApprovalState()
  } teardown: {
    removeDatabases()
  }
}
