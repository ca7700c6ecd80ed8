import Foundation
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

/// The `state` and `interface` commands on a PostgreSQL URL, as a provisioning service's
/// operators run them: the same answers and the same export as on SQLite, many processes at
/// once, processes killed in the middle of a batch, and the server restarted under load.
@Suite struct PostgresCommandTests {
  // MARK: The same commands, the same answers

  @Test func theReadmeWalkGivesTheSameAnswersAndExportOnBothBackends() async throws {
    let sqlite = try ProvisioningWorkspace()
    defer { sqlite.remove() }
    let postgres = try await ProvisioningWorkspace.postgres()
    defer { postgres.remove() }
    var answers: [[String]] = [[], []]
    for (index, workspace) in [sqlite, postgres].enumerated() {
      let request = try workspace.request("req-0100", account: "1001")
      let pair = try workspace.request("req-0101", account: "1001", redundantConnection: "req-0100")
      var outputs = [
        try workspace.interface("apply", "--request", request),
        try workspace.interface("apply", "--request", pair),
      ]
      for (action, id) in [
        ("apply-loa", "req-0100"), ("approve", "req-0100"), ("apply-loa", "req-0101"),
        ("approve", "req-0101"), ("approve", "req-0100"), ("deliver", "req-0100"),
        ("connect", "req-0100"), ("enable", "req-0100"), ("cancel", "req-0101"),
        ("terminate", "req-0100"), ("cancel", "req-0100"), ("approve", "no-such"),
      ] {
        outputs.append(try workspace.run(action, id))
      }
      outputs.append(try workspace.interface("list"))
      // Times differ between runs; everything else must not.
      answers[index] = outputs.map {
        "\($0.status) " + $0.stdout.replacing(/"\d{4}-\d\d-\d\dT[0-9:.]+Z"/, with: "TIME")
      }
    }
    #expect(answers[0] == answers[1])
    let exports = try [sqlite, postgres].map { workspace in
      let path = workspace.path("export.json")
      let exported = try PatchbayRunner.run(
        "state", "export", "--db", workspace.db, "--output", path)
      #expect(exported.status == 0, "\(exported.stderr)")
      return try Data(contentsOf: URL(fileURLWithPath: path))
    }
    #expect(exports[0] == exports[1], "the exports differ")
  }

  @Test func patchbayDBIsTheDefaultDatabase() async throws {
    let workspace = try await ProvisioningWorkspace.postgres()
    defer { workspace.remove() }
    let listed = try PatchbayRunner.run(
      ["interface", "list"], environment: ["PATCHBAY_DB": workspace.db])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    let none = try PatchbayRunner.run(["interface", "list"], environment: ["PATCHBAY_DB": ""])
    #expect(none.status == 64)
    #expect(none.stderr.contains("PATCHBAY_DB"))
  }

  @Test(arguments: [
    ("postgres://alice:hunter2@127.0.0.1/x?sslmode=sometimes", 64, "sslmode=sometimes"),
    ("postgres://alice:hunter2@127.0.0.1:9/x", 75, "database_unavailable"),
  ])
  func aURLThatCannotBeUsedSaysWhyWithoutThePassword(
    _ url: String, status: Int32, reason: String
  ) throws {
    let result = try PatchbayRunner.run("interface", "list", "--db", url)
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stderr.contains(reason), "\(result.stderr)")
    #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
  }

  // MARK: Many processes on one database

  /// Rounds of ten processes at once on the contended access point (6 free ports): approvals,
  /// cancellations of earlier approvals, and new applications. After each round no port is
  /// held twice, pairs are apart, holdings match the interfaces, and every failure was a
  /// lifecycle refusal with a code.
  @Test func processesApprovingCancelingAndApplyingAtOnceKeepEveryGuarantee() async throws {
    let workspace = try await ProvisioningWorkspace.postgres(
      inventory: PatchbayRunner.fixture("provisioning/inventory.json"))
    defer { workspace.remove() }
    var next = 0
    func applyPair() throws -> [String] {
      let first = "if-\(next)"
      let second = "if-\(next + 1)"
      next += 2
      for (id, partner) in [(first, nil), (second, first)] {
        let request = try workspace.request(
          id, account: "\(6000 + next)", accessPoint: "ap-contended", redundantConnection: partner)
        #expect(try workspace.interface("apply", "--request", request).status == 0)
        #expect(try workspace.run("apply-loa", id).status == 0)
      }
      return [first, second]
    }
    var approved: [String] = []
    let expected: Set<String> = [
      "no_free_port", "no_diverse_device", "redundant_connection_not_ready", "invalid_transition",
    ]
    for round in 1...3 {
      var waiting: [String] = []
      for _ in 0..<3 { waiting += try applyPair() }
      var commands: [[String]] = waiting.map { ["interface", "approve", $0] }
      commands += approved.prefix(2).map { ["interface", "cancel", $0] }
      for extra in 0..<2 {
        let id = "late-\(round)-\(extra)"
        let request = try workspace.request(
          id, account: "\(8000 + round)", accessPoint: "ap-contended")
        commands.append(["interface", "apply", "--request", request])
      }
      let processes = try commands.map { try StartedProcess($0 + ["--db", workspace.db]) }
      #expect(processes.count >= 8)
      for (command, result) in zip(commands, processes.map { $0.finish() }) {
        if result.status != 0 {
          let code = PrintedJSON.errorCode(result) ?? "(none)"
          #expect(result.status == 1, "round \(round) \(command): \(result.stderr)")
          #expect(expected.contains(code), "round \(round) \(command): \(code)")
        }
      }
      try await PostgresState(url: workspace.db).checkGuarantees("round \(round)")
      let interfaces = PrintedJSON.array(try workspace.interface("list"))
      approved = interfaces.filter { $0["state"] as? String == "approvedLOA" }
        .compactMap { $0["id"] as? String }
    }
  }

  // MARK: Killed and restarted

  /// `approve --all` killed with SIGKILL at random moments, each time on a copy of one setup
  /// database: the copy is as before the batch or as after it, never between.
  @Test func aKilledBatchApprovalLeavesTheDatabaseBeforeOrAfterIt() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-pg-crash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let centre = folder.appendingPathComponent("centre").path
    let generated = try PatchbayRunner.run(
      "generate", "--preset", "medium", "--requests", "2500", "--seed", "5", "--output", centre)
    try #require(generated.status == 0, "\(generated.stderr)")
    let setup = try await PostgresTestServer.freshDatabase(prefix: "crash_setup")
    let waiting = try await Self.makeSetup(
      setup, inventory: centre + "/inventory.json", requests: centre + "/requests.json")
    try #require(waiting > 1000)
    let before = try await DatabaseSnapshot(postgres: setup)

    let complete = try await PostgresState.copy(setup)
    let started = Date()
    let run = try PatchbayRunner.run("interface", "approve", "--all", "--db", complete)
    let duration = Date().timeIntervalSince(started)
    try #require(run.status == 0, "\(run.stderr)")
    let after = try await DatabaseSnapshot(postgres: complete)
    try #require(after.approved.count > 1000)
    after.checkConsistent(against: before)

    var interrupted = 0
    for kill in 0..<12 {
      let copy = try await PostgresState.copy(setup)
      let process = try StartedProcess(["interface", "approve", "--all", "--db", copy])
      try await Task.sleep(for: .seconds(Double.random(in: 0...(duration * 1.1))))
      if process.process.isRunning { Foundation.kill(process.process.processIdentifier, SIGKILL) }
      _ = process.finish()
      if process.process.terminationReason == .uncaughtSignal { interrupted += 1 }
      // The server notices the dead client and rolls its transaction back; wait for that.
      try await PostgresState.waitUntilIdle(copy)
      let state = try await DatabaseSnapshot(postgres: copy)
      #expect(
        state.approved.isEmpty || state.approved == after.approved,
        "kill \(kill): \(state.approved.count) of \(after.approved.count) approved")
      #expect(state.holdings == (state.approved.isEmpty ? before : after).holdings, "kill \(kill)")
      state.checkConsistent(against: before)
    }
    #expect(interrupted > 0)
  }

  /// Commands running while the server restarts (`pg_ctl restart`, on a cluster of this test's
  /// own): each succeeds, is refused by the lifecycle, or says database_unavailable (or
  /// database_busy) with exit 75; afterwards nothing half-done remains.
  @Test func aServerRestartedUnderLoadLeavesNothingHalfDone() async throws {
    let cluster = try await PostgresTestCluster.start()
    defer { Task { try? await cluster.stop() } }
    let workspace = try await ProvisioningWorkspace.postgres(
      inventory: PatchbayRunner.fixture("datacenter/inventory.json"), server: cluster.url)
    defer { workspace.remove() }
    var ids: [String] = []
    for index in 0..<40 {
      let id = "load-\(index)"
      let request = try workspace.request(id, account: "\(9000 + index)")
      #expect(try workspace.interface("apply", "--request", request).status == 0)
      ids.append(id)
    }
    let loadIDs = ids
    let loa = try workspace.loa()
    let control = LoadControl()
    // Rounds of 30 processes, one after another, until told to stop: the restart comes while
    // the second round runs, and the load goes on for two rounds after it.
    let load = Task.detached { () async -> [[PatchbayRunner.Output]] in
      var rounds: [[PatchbayRunner.Output]] = []
      var round = 0
      while await !control.stopped {
        let commands = loadIDs.enumerated().filter { $0.offset % 4 == round % 4 }.flatMap {
          _, id in
          [
            ["interface", "apply-loa", id, "--loa", loa],
            ["interface", "approve", id], ["interface", "cancel", id],
          ]
        }
        var processes: [StartedProcess] = []
        do {
          for command in commands {
            processes.append(try StartedProcess(command + ["--db", workspace.db]))
          }
        } catch {
          Issue.record("a load process did not start: \(error)")
          await control.stop()
        }
        rounds.append(processes.map { $0.finish() })
        round += 1
        await control.finishedRound()
      }
      return rounds
    }
    await control.waitForRounds(1)
    try await cluster.restart()
    let restartedAfter = await control.rounds
    await control.waitForRounds(restartedAfter + 2)
    await control.stop()
    let rounds = await load.value
    let results = rounds.flatMap { $0 }
    #expect(rounds.count >= 3, "the load did not run across the restart")
    // The server came back: a new command reaches it and writes.
    let after = try workspace.request("after-restart", account: "9999")
    let applied = try workspace.interface("apply", "--request", after)
    #expect(applied.status == 0, "after the restart: \(applied.stderr)")
    var unavailable = 0
    for result in results where result.status != 0 {
      let code = PrintedJSON.errorCode(result) ?? "(none)"
      switch result.status {
      case 1:
        #expect(
          ["invalid_transition", "redundant_connection_not_ready"].contains(code),
          "\(result.stderr)")
      case 75:
        #expect(["database_unavailable", "database_busy"].contains(code), "\(result.stderr)")
        unavailable += 1
      default: Issue.record("exit \(result.status): \(result.stderr)")
      }
      #expect(!result.stderr.contains("PSQLError"), "\(result.stderr)")
    }
    try await PostgresState(url: workspace.db).checkGuarantees("after the restart")
  }

  /// Applies and files the LOA of every valid request, through the library, on a new database.
  static func makeSetup(_ url: String, inventory: String, requests: String) async throws -> Int {
    let store = try await PostgresStore.create(url: PostgresURL(url))
    let waiting = try await ApproveAllCrashTests.fillSetup(
      store, inventory: inventory, requests: requests)
    await store.close()
    return waiting
  }
}

/// Keeps a load of command rounds going until told to stop, and lets the test wait for rounds.
actor LoadControl {
  private(set) var stopped = false
  private(set) var rounds = 0
  private var waiting: [(Int, CheckedContinuation<Void, Never>)] = []

  /// Stops the load; nobody waits for rounds that will not come.
  func stop() {
    stopped = true
    for (_, continuation) in waiting { continuation.resume() }
    waiting = []
  }

  func finishedRound() {
    rounds += 1
    let ready = waiting.filter { $0.0 <= rounds }
    waiting.removeAll { $0.0 <= rounds }
    for (_, continuation) in ready { continuation.resume() }
  }

  func waitForRounds(_ count: Int) async {
    if rounds >= count || stopped { return }
    await withCheckedContinuation { waiting.append((count, $0)) }
  }
}

/// A PostgreSQL provisioning database read with psql, past the store, to check what no command
/// may break.
struct PostgresState {
  let url: String

  /// No port held twice (the table's key says so; the interfaces must agree), each interface
  /// that holds a port has exactly its holding row and no other, redundant pairs at one access
  /// point are on different devices, and each history is a chain ending in the state.
  func checkGuarantees(_ when: String) async throws {
    let doubled = try await PostgresTestServer.psql(
      url,
      """
      SELECT device || ' ' || port FROM patchbay.interface
      WHERE state IN ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')
      GROUP BY device, port HAVING count(*) > 1
      """)
    #expect(doubled.isEmpty, "\(when): ports given twice: \(doubled)")
    let mismatched = try await PostgresTestServer.psql(
      url,
      """
      SELECT coalesce(i.id, h.interface) FROM
        (SELECT id, device, port FROM patchbay.interface WHERE state IN
          ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')) AS i
        FULL JOIN (SELECT * FROM patchbay.port_holding WHERE interface IS NOT NULL) AS h
          ON h.interface = i.id AND h.device = i.device AND h.port = i.port
      WHERE i.id IS NULL OR h.interface IS NULL
      """)
    #expect(mismatched.isEmpty, "\(when): holdings and interfaces disagree: \(mismatched)")
    let together = try await PostgresTestServer.psql(
      url,
      """
      SELECT a.id || ' ' || b.id FROM patchbay.interface AS a
      JOIN patchbay.interface AS b ON a.redundant_connection = b.id
      WHERE a.access_point = b.access_point AND a.device = b.device
        AND a.state IN ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')
        AND b.state IN ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')
      """)
    #expect(together.isEmpty, "\(when): pairs on one device: \(together)")
    let broken = try await PostgresTestServer.psql(
      url,
      """
      SELECT i.id FROM patchbay.interface AS i
      WHERE i.state <> (SELECT to_state FROM patchbay.history
          WHERE interface = i.id ORDER BY sequence DESC LIMIT 1)
        OR EXISTS (SELECT 1 FROM patchbay.history AS h JOIN patchbay.history AS n
          ON n.interface = h.interface AND n.sequence = h.sequence + 1
          WHERE h.interface = i.id AND n.from_state IS DISTINCT FROM h.to_state)
        OR (SELECT count(*) FROM patchbay.history WHERE interface = i.id)
          <> (SELECT max(sequence) FROM patchbay.history WHERE interface = i.id)
      """)
    #expect(broken.isEmpty, "\(when): histories that are not a chain to the state: \(broken)")
  }

  /// A new database made from `source` as its template: an exact copy, for one run.
  static func copy(_ source: String) async throws -> String {
    let target = PostgresTestServer.databaseName(prefix: "crash_copy")
    guard var components = URLComponents(string: source) else { return source }
    let name = String(components.path.dropFirst())
    components.path = "/postgres"
    try await PostgresTestServer.psql(
      components.string!, "CREATE DATABASE \(target) TEMPLATE \(name)")
    components.path = "/\(target)"
    return components.string!
  }

  /// Waits until no other session is connected to the database (a killed client's transaction
  /// is rolled back when the server sees its connection close).
  static func waitUntilIdle(_ url: String) async throws {
    for _ in 0..<100 {
      let others = try await PostgresTestServer.psql(
        url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
          + "AND pid <> pg_backend_pid()")
      if others == "0" { return }
      try await Task.sleep(for: .milliseconds(100))
    }
  }
}

extension DatabaseSnapshot {
  /// The same facts as from an SQLite file, read from a PostgreSQL database with psql.
  init(postgres url: String) async throws {
    func set(_ sql: String) async throws -> Set<String> {
      Set(
        try await PostgresTestServer.psql(url, sql).split(separator: "\n").map(String.init))
    }
    integrity = "ok"
    approved = try await set("SELECT id FROM patchbay.interface WHERE state = 'approvedLOA'")
    interfaces =
      Int(try await PostgresTestServer.psql(url, "SELECT count(*) FROM patchbay.interface")) ?? -1
    holdingInterfaces = try await set(
      """
      SELECT device || ' ' || port || ' ' || id FROM patchbay.interface WHERE state IN
      ('approvedLOA', 'waitingForConnection', 'waitingForPayment', 'enabled')
      """)
    holdings = try await set(
      "SELECT device || ' ' || port || ' ' || COALESCE(interface, connection) "
        + "FROM patchbay.port_holding")
    historyEntries =
      Int(try await PostgresTestServer.psql(url, "SELECT count(*) FROM patchbay.history")) ?? -1
    var approvals: [String: Int] = [:]
    for line in try await set(
      "SELECT interface || '|' || count(*) FROM patchbay.history WHERE action = 'approve' "
        + "GROUP BY interface")
    {
      let parts = line.split(separator: "|")
      if parts.count == 2 { approvals[String(parts[0])] = Int(parts[1]) }
    }
    self.approvals = approvals
  }
}
