import Foundation
import GRDB
import Patchbay
import PatchbayStore
import Testing

/// `patchbay interface approve --all` killed with SIGKILL at random moments: each time the
/// database must be intact and as before the command (nothing approved) or as after it (every
/// interface the uninterrupted run approves), with port holdings and history to match.
@Suite struct ApproveAllCrashTests {
  static let kills = 20

  @Test func aKilledBatchApprovalLeavesTheDatabaseBeforeOrAfterIt() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-crash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let centre = folder.appendingPathComponent("centre").path
    let generated = try PatchbayRunner.run(
      "generate", "--preset", "medium", "--requests", "2500", "--seed", "5", "--output", centre)
    try #require(generated.status == 0, "\(generated.stderr)")

    // The setup, once, with the library: apply and apply for the LOA of every request that is
    // valid when it comes, in application order.
    let setup = folder.appendingPathComponent("setup.db").path
    let waiting = try await Self.makeSetup(
      setup, inventory: centre + "/inventory.json", requests: centre + "/requests.json")
    try #require(waiting > 1000, "only \(waiting) interfaces in application")
    let before = try DatabaseSnapshot(path: setup)

    // The uninterrupted run: what "after" is, and how long the kills have to aim at.
    let complete = try Self.copy(setup, to: folder.appendingPathComponent("complete.db").path)
    let started = Date()
    let run = try PatchbayRunner.run("interface", "approve", "--all", "--db", complete)
    let duration = Date().timeIntervalSince(started)
    try #require(run.status == 0, "\(run.stderr)")
    // The command copied its write-ahead log into the file when it closed it, and removed it.
    #expect(!FileManager.default.fileExists(atPath: complete + "-wal"))
    let after = try DatabaseSnapshot(path: complete)
    try #require(after.approved.count > 1000)
    #expect(after.approved.count <= waiting)
    after.checkConsistent(against: before)

    var interrupted = 0
    for kill in 0..<Self.kills {
      let copy = try Self.copy(setup, to: folder.appendingPathComponent("kill-\(kill).db").path)
      let process = try StartedProcess(["interface", "approve", "--all", "--db", copy])
      try await Task.sleep(for: .seconds(Double.random(in: 0...(duration * 1.1))))
      if process.process.isRunning {
        Foundation.kill(process.process.processIdentifier, SIGKILL)
      }
      let result = process.finish()
      if process.process.terminationReason == .uncaughtSignal { interrupted += 1 }
      let state = try DatabaseSnapshot(path: copy)
      #expect(state.integrity == "ok", "kill \(kill): \(state.integrity)")
      #expect(
        state.approved.isEmpty || state.approved == after.approved,
        "kill \(kill): \(state.approved.count) of \(after.approved.count) approved")
      if state.approved.isEmpty {
        #expect(state.holdings == before.holdings, "kill \(kill)")
        #expect(state.historyEntries == before.historyEntries, "kill \(kill)")
      } else {
        #expect(state.holdings == after.holdings, "kill \(kill)")
        #expect(state.historyEntries == after.historyEntries, "kill \(kill)")
      }
      state.checkConsistent(against: before)
      if process.process.terminationReason == .exit {
        #expect(result.status == 0 && state.approved == after.approved, "kill \(kill)")
      }
    }
    // Kills aimed over the whole run land inside it most of the time.
    #expect(interrupted > 0)
  }

  /// A database with every valid request of the batch in application, built in this process.
  static func makeSetup(_ path: String, inventory: String, requests: String) async throws -> Int {
    try await fillSetup(
      SQLiteStore.create(path: path), inventory: inventory, requests: requests)
  }

  /// Loads the inventory into `store`, then applies and files the LOA of every request that is
  /// valid when it comes, in application order; returns how many are in application.
  static func fillSetup(_ store: any ProvisioningStore, inventory: String, requests: String)
    async throws -> Int
  {
    try await store.importInventory(try InventoryDecoder.read(path: inventory))
    let provisioner = Provisioner(store: store)
    let loa = try LetterOfAuthorization(
      companyName: "Example Trading Co.", constructionCompany: "Cabling Ltd",
      constructionType: .fibre, scheduledConstructionTime: Date(timeIntervalSinceNow: 86_400 * 365),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138 0000 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000")
      ])
    var waiting = 0
    for request in try RequestsDecoder.read(path: requests) {
      do {
        let interface = try await provisioner.apply(request)
        _ = try await provisioner.applyForLOA(interface.id, loa: loa)
        waiting += 1
      } catch is LifecycleError {
        continue  // Rejected by validation: it never becomes an interface.
      }
    }
    return waiting
  }

  /// Copies the database file (and its write-ahead log, if one was left) to `target`.
  static func copy(_ source: String, to target: String) throws -> String {
    try FileManager.default.copyItem(atPath: source, toPath: target)
    if FileManager.default.fileExists(atPath: source + "-wal") {
      try FileManager.default.copyItem(atPath: source + "-wal", toPath: target + "-wal")
    }
    return target
  }
}

/// What a crash must not break, read from the file with SQL (the store's tables) after SQLite
/// has recovered it.
struct DatabaseSnapshot {
  var integrity: String
  /// Interfaces in approvedLOA.
  var approved: Set<String>
  var interfaces: Int
  /// Interfaces in a state that holds a port, with their device and port.
  var holdingInterfaces: Set<String>
  /// Every port_holding row as "device port holder".
  var holdings: Set<String>
  var historyEntries: Int
  /// Approve entries per interface.
  var approvals: [String: Int]

  init(path: String) throws {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    (
      integrity, approved, interfaces, holdingInterfaces, holdings, historyEntries, approvals
    ) = try queue.read { db in
      let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(
        separator: "; ")
      let approved = try String.fetchSet(
        db, sql: "SELECT id FROM interface WHERE state = 'approvedLOA'")
      let interfaces = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM interface") ?? 0
      let holders = try String.fetchSet(
        db,
        sql: """
          SELECT device || ' ' || port || ' ' || id FROM interface WHERE state IN
          ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')
          """)
      let holdings = try String.fetchSet(
        db,
        sql: "SELECT device || ' ' || port || ' ' || COALESCE(interface, connection) "
          + "FROM port_holding")
      let entries = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") ?? 0
      var approvals: [String: Int] = [:]
      for row in try Row.fetchAll(
        db,
        sql: "SELECT interface, COUNT(*) FROM history WHERE action = 'approve' GROUP BY interface")
      {
        let interface: String = row[0]
        let count: Int = row[1]
        approvals[interface] = count
      }
      return (integrity, approved, interfaces, holders, holdings, entries, approvals)
    }
  }

  /// Nothing lost, nothing half-done: the same interfaces as before the command, each holding
  /// interface with exactly its holding row, and one approve entry per approved interface.
  func checkConsistent(against before: DatabaseSnapshot) {
    #expect(interfaces == before.interfaces)
    #expect(holdingInterfaces.isSubset(of: holdings), "an interface holds a port without a row")
    #expect(
      holdings.subtracting(holdingInterfaces)
        == before.holdings.subtracting(
          before.holdingInterfaces), "port_holding rows of no interface")
    #expect(Set(approvals.keys) == approved)
    #expect(approvals.values.allSatisfy { $0 == 1 })
    #expect(historyEntries == before.historyEntries + approved.count)
  }
}
