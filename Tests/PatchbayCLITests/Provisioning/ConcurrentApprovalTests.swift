import Foundation
import Testing

/// Many `patchbay interface approve ID` processes at once on one database file, at an access
/// point with fewer free ports than approvals (fixtures/provisioning: 6 free ports on two
/// devices, 10 applications): no port is given twice, redundant pairs are on different devices,
/// every refusal exits 1 with a code, and none fails because the database was locked.
@Suite struct ConcurrentApprovalTests {
  /// (id, redundant connection): three pairs, three singles, and one backing up the inventory's
  /// `pc-0001` on asw-01, so it can only go on asw-02.
  static let applications: [(String, String?)] = [
    ("pair-1a", nil), ("pair-1b", "pair-1a"), ("pair-2a", nil), ("pair-2b", "pair-2a"),
    ("pair-3a", nil), ("pair-3b", "pair-3a"), ("single-1", nil), ("single-2", nil),
    ("single-3", nil), ("backup-1", "pc-0001"),
  ]

  /// Why an approval may be refused here: the ports ran out, only the partner's device has
  /// ports left, or the partner is not approved yet.
  static let expectedRefusals: Set<String> = [
    "no_free_port", "no_diverse_device", "redundant_connection_not_ready",
  ]

  @Test(arguments: 1...3)
  func approvalsAtOnceNeverGiveAPortTwice(round: Int) throws {
    let workspace = try ProvisioningWorkspace(
      inventory: PatchbayRunner.fixture("provisioning/inventory.json"))
    defer { workspace.remove() }
    for (index, (id, partner)) in Self.applications.enumerated() {
      let request = try workspace.request(
        id, account: "\(5000 + index)", accessPoint: "ap-contended",
        redundantConnection: partner)
      let applied = try workspace.interface("apply", "--request", request)
      #expect(applied.status == 0, "\(id): \(applied.stdout)")
      #expect(try workspace.run("apply-loa", id).status == 0)
    }

    // Start every approval before waiting for any.
    let approvals = try Self.applications.map { id, _ in
      try StartedProcess(["interface", "approve", id, "--db", workspace.db])
    }
    let results = approvals.map { $0.finish() }

    var approved: Set<String> = []
    for ((id, _), result) in zip(Self.applications, results) {
      #expect(!result.stderr.contains("locked"), "\(id): \(result.stderr)")
      #expect(result.status != 75, "\(id) gave up waiting: \(result.stderr)")
      if result.status == 0 {
        approved.insert(id)
      } else {
        #expect(result.status == 1, "\(id): \(result.stderr)")
        let code = PrintedJSON.errorCode(result) ?? "(none)"
        #expect(Self.expectedRefusals.contains(code), "\(id): \(code) \(result.stdout)")
      }
    }

    let interfaces = PrintedJSON.array(try workspace.interface("list"))
    #expect(interfaces.count == Self.applications.count)
    var byID: [String: [String: Any]] = [:]
    for interface in interfaces { byID[interface["id"] as? String ?? ""] = interface }
    var places: [String: String] = [:]
    for (id, interface) in byID {
      let state = interface["state"] as? String
      #expect(state == (approved.contains(id) ? "approvedLOA" : "inApplication"), "\(id)")
      guard approved.contains(id) else { continue }
      let place = "\(interface["device"] as? String ?? "?") \(interface["port"] as? String ?? "?")"
      if let other = places.updateValue(id, forKey: place) {
        Issue.record("\(place) given to both \(other) and \(id)")
      }
      #expect(place != "asw-01 1/1/1" && place != "asw-02 1/1/1", "\(id) took a held port")
    }
    #expect(approved.count <= 6)
    // A refusal for want of ports means every free port was taken at that moment, and ports
    // are never given back here: all 6 must be held at the end.
    let outOfPorts = zip(Self.applications, results).contains { _, result in
      PrintedJSON.errorCode(result) == "no_free_port"
    }
    if outOfPorts { #expect(approved.count == 6, "\(approved.sorted())") }
    for (id, partner) in Self.applications {
      guard approved.contains(id), let partner else { continue }
      let device = byID[id]?["device"] as? String
      if partner == "pc-0001" {
        #expect(device == "asw-02", "\(id) is on its partner's device")
      } else if approved.contains(partner) {
        #expect(device != byID[partner]?["device"] as? String, "\(id) and \(partner)")
      } else {
        Issue.record("\(id) is approved but its partner \(partner) is not")
      }
    }
    // The history holds one approval for each approved interface and none for the others.
    for (id, _) in Self.applications {
      let history = PrintedJSON.array(try workspace.interface("history", id))
      let approvals = history.filter { $0["action"] as? String == "approve" }.count
      #expect(approvals == (approved.contains(id) ? 1 : 0), "\(id)")
    }
  }
}

/// A `patchbay` process started now and read when it ends; its output goes to files, so many
/// can run at once without anyone draining their pipes.
struct StartedProcess {
  let process = Process()
  let stdout: URL
  let stderr: URL

  init(_ arguments: [String]) throws {
    let folder = FileManager.default.temporaryDirectory
    let name = UUID().uuidString
    stdout = folder.appendingPathComponent("patchbay-\(name).out")
    stderr = folder.appendingPathComponent("patchbay-\(name).err")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    process.executableURL = PatchbayRunner.executable
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
  }

  /// Waits for the process and returns what it said.
  func finish() -> PatchbayRunner.Output {
    process.waitUntilExit()
    defer {
      try? FileManager.default.removeItem(at: stdout)
      try? FileManager.default.removeItem(at: stderr)
    }
    return PatchbayRunner.Output(
      status: process.terminationStatus,
      stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
  }
}
