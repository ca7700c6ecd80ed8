import Foundation
import PatchbayTestSupport
import Testing

/// A temporary folder with a provisioning database, and the files the `interface` commands
/// read (requests, LOAs), for tests that drive `patchbay state` and `patchbay interface`.
struct ProvisioningWorkspace {
  let folder: URL
  let db: String

  /// Makes the folder and, unless `inventory` is nil, the database with `state init`.
  init(inventory: String? = PatchbayRunner.fixture("datacenter/inventory.json")) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-provisioning-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    db = folder.appendingPathComponent("provisioning.db").path
    if let inventory {
      let made = try PatchbayRunner.run("state", "init", "--db", db, "--inventory", inventory)
      #expect(made.status == 0, "state init: \(made.stderr)")
    }
  }

  /// The folder for the files, and a new database on the tests' PostgreSQL server (or on
  /// `server`, a cluster of the test's own) loaded with `state init` unless `inventory` is nil.
  static func postgres(
    inventory: String? = PatchbayRunner.fixture("datacenter/inventory.json"),
    server: String? = nil
  ) async throws -> ProvisioningWorkspace {
    let url =
      if let server {
        try await PostgresTestServer.freshDatabase(prefix: "cli", on: server)
      } else {
        try await PostgresTestServer.freshDatabase(prefix: "cli")
      }
    return try ProvisioningWorkspace(inventory: inventory, database: url)
  }

  /// A workspace on the database `database` names (a path or a URL).
  init(inventory: String?, database: String) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-provisioning-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    db = database
    if let inventory {
      let made = try PatchbayRunner.run("state", "init", "--db", db, "--inventory", inventory)
      #expect(made.status == 0, "state init: \(made.stderr)")
    }
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// Writes `text` to a file in the folder and returns its path.
  func file(_ name: String, _ text: String) throws -> String {
    let path = path(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// A request file for a 10GBase-LR port at the datacenter fixture's Hangzhou-Yuhang-B.
  func request(
    _ id: String, account: String, accessPoint: String = "ap-cn-hangzhou-yh-B",
    region: String = "cn-hangzhou", redundantConnection: String? = nil
  ) throws -> String {
    let partner = redundantConnection.map { ", \"redundantConnection\": \"\($0)\"" } ?? ""
    return try file(
      "request-\(id).json",
      """
      { "id": "\(id)", "account": "\(account)", "region": "\(region)", \
      "accessPoint": "\(accessPoint)", "lineOperator": "CT", "portSpec": "10G", \
      "portType": "10GBase-LR"\(partner) }
      """)
  }

  /// A valid LOA, construction scheduled far in the future.
  func loa() throws -> String {
    try file(
      "loa.json",
      """
      { "companyName": "Example Trading Co.", "constructionCompany": "Hangzhou Cabling Ltd",
        "constructionType": "FIBRE", "scheduledConstructionTime": "2099-03-01T09:00:00Z",
        "location": "Yuhang B, room 3", "bandwidthMbps": 10000,
        "fieldEngineers": [
          { "name": "Li Wei", "contact": "+86 138 0000 0000", "certificateType": "IDCard",
            "certificateNumber": "330100199001010000" } ] }
      """)
  }

  /// Runs `patchbay interface ARGS --db DB`.
  func interface(_ arguments: String...) throws -> PatchbayRunner.Output {
    try PatchbayRunner.run(["interface"] + arguments + ["--db", db])
  }

  /// The arguments of `action`'s command for interface `id` (inputs that are valid).
  func arguments(_ action: String, _ id: String) throws -> [String] {
    switch action {
    case "apply-loa": [action, id, "--loa", try loa()]
    case "reject": [action, id, "--reason", "the certificate number is unreadable"]
    case "deliver":
      [action, id, "--line-code", "CT-HZ-0042", "--cable-label", "A-1", "--cable-label", "A-2"]
    default: [action, id]
    }
  }

  /// Runs `action` on interface `id`.
  func run(_ action: String, _ id: String) throws -> PatchbayRunner.Output {
    try PatchbayRunner.run(["interface"] + arguments(action, id) + ["--db", db])
  }
}

/// JSON printed by a command, read with Foundation.
enum PrintedJSON {
  static func object(_ output: PatchbayRunner.Output) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any] ?? [:]
  }

  static func array(_ output: PatchbayRunner.Output) -> [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [[String: Any]] ?? []
  }

  /// The code of a refusal's `{"error": {"code", "message"}}`, or nil.
  static func errorCode(_ output: PatchbayRunner.Output) -> String? {
    (object(output)["error"] as? [String: Any])?["code"] as? String
  }
}
