import Foundation
import PatchbayStore
import Testing

/// Refusals other than a wrong transition, the exit codes of bad files and databases, and the
/// approvals that allocate: a refusal prints `{"error": {"code", "message"}}` and exits 1; a
/// file that is not JSON exits 65, one that cannot be read 66.
@Suite struct RefusalCommandTests {
  struct Refusal: CustomTestStringConvertible, Sendable {
    var name: String
    /// Arguments after `interface`; `DB` stands for the database, `ID` for an interface in
    /// application, `NEW` for one in toApplyForLOA, and `FILE:text` for a file holding `text`.
    var arguments: [String]
    var status: Int32
    /// The refusal's code; nil for exits whose error is not JSON (65, 66 for a file).
    var code: String?
    var testDescription: String { name }
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "unknown interface", arguments: ["show", "if-nobody", "--db", "DB"], status: 1,
      code: "unknown_interface"),
    Refusal(
      name: "a connection of the inventory is not an interface",
      arguments: ["approve", "pc-hz-0007", "--db", "DB"], status: 1, code: "unknown_interface"),
    Refusal(
      name: "a request id that is taken",
      arguments: [
        "apply", "--db", "DB", "--request",
        #"FILE:{"id": "ID", "account": "9101", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR"}"#,
      ], status: 1, code: "duplicate_interface"),
    Refusal(
      name: "a request id that is a connection's",
      arguments: [
        "apply", "--db", "DB", "--request",
        #"FILE:{"id": "pc-hz-0001", "account": "9101", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR"}"#,
      ], status: 1, code: "duplicate_interface"),
    Refusal(
      name: "a field of the wrong type",
      arguments: [
        "apply", "--db", "DB", "--request",
        #"FILE:{"id": "if-typed", "account": 9101, "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR"}"#,
      ], status: 1, code: "malformed_request"),
    Refusal(
      name: "a request that validation rejects",
      arguments: [
        "apply", "--db", "DB", "--request",
        #"FILE:{"id": "if-40g", "account": "9102", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "40G", "portType": "40GBase-LR"}"#,
      ], status: 1, code: "whitelist_required"),
    Refusal(
      name: "a request file that is a list",
      arguments: ["apply", "--db", "DB", "--request", #"FILE:[{"id": "if-x"}]"#], status: 65,
      code: nil),
    Refusal(
      name: "a request without an id",
      arguments: ["apply", "--db", "DB", "--request", #"FILE:{"account": "9101"}"#], status: 65,
      code: nil),
    Refusal(
      name: "a request file that is missing",
      arguments: ["apply", "--db", "DB", "--request", "/nonexistent/request.json"], status: 66,
      code: nil),
    Refusal(
      name: "an LOA with wrong fields",
      arguments: [
        "apply-loa", "ID", "--db", "DB", "--loa",
        #"FILE:{"companyName": "X", "constructionCompany": "Y", "constructionType": "SDH", "scheduledConstructionTime": "2099-01-01T00:00:00Z", "fieldEngineers": []}"#,
      ], status: 1, code: "invalid_loa"),
    Refusal(
      name: "an LOA scheduled in the past",
      arguments: [
        "apply-loa", "NEW", "--db", "DB", "--loa",
        #"FILE:{"companyName": "X", "constructionCompany": "Y", "constructionType": "MSTP", "scheduledConstructionTime": "2001-01-01T00:00:00Z", "fieldEngineers": [{"name": "A", "contact": "B", "certificateType": "Passport", "certificateNumber": "C"}]}"#,
      ], status: 1, code: "invalid_loa"),
    Refusal(
      name: "an LOA that is not JSON",
      arguments: ["apply-loa", "ID", "--db", "DB", "--loa", "FILE:{ not json"], status: 65,
      code: nil),
    Refusal(
      name: "a rejection without a reason",
      arguments: ["reject", "ID", "--db", "DB", "--reason", "  "], status: 1,
      code: "missing_reason"),
    Refusal(
      name: "a delivery report without a line code",
      arguments: ["deliver", "ID", "--db", "DB", "--line-code", " ", "--cable-label", "A"],
      status: 1, code: "invalid_delivery_report"),
    Refusal(
      name: "a delivery report without cable labels",
      arguments: ["deliver", "ID", "--db", "DB", "--line-code", "CT-1"], status: 1,
      code: "invalid_delivery_report"),
    Refusal(
      name: "a database that does not exist",
      arguments: ["list", "--db", "/nonexistent/provisioning.db"], status: 66,
      code: "database_unavailable"),
  ]

  @Test(arguments: refusals)
  func refusedCommandsSayWhyAndChangeNothing(_ refusal: Refusal) throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let id = "if-pending"
    #expect(
      try workspace.interface("apply", "--request", workspace.request(id, account: "9100"))
        .status == 0)
    #expect(try workspace.run("apply-loa", id).status == 0)
    let new = "if-new"
    #expect(
      try workspace.interface("apply", "--request", workspace.request(new, account: "9100"))
        .status == 0)
    let before = try workspace.interface("list").stdout
    var arguments: [String] = []
    for (index, argument) in refusal.arguments.enumerated() {
      switch argument {
      case "DB": arguments.append(workspace.db)
      case "ID": arguments.append(id)
      case "NEW": arguments.append(new)
      case let text where text.hasPrefix("FILE:"):
        let contents = String(text.dropFirst(5)).replacingOccurrences(
          of: "\"ID\"", with: "\"\(id)\"")
        arguments.append(try workspace.file("input-\(index).json", contents))
      default: arguments.append(argument)
      }
    }
    let refused = try PatchbayRunner.run(["interface"] + arguments)
    #expect(refused.status == refusal.status, "\(refused.stdout) \(refused.stderr)")
    #expect(PrintedJSON.errorCode(refused) == refusal.code, "\(refused.stdout)")
    #expect(!refused.stderr.isEmpty)
    #expect(try workspace.interface("list").stdout == before)
  }

  @Test func aDatabaseIsInitializedOnceAndMustBeInitialized() async throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let again = try PatchbayRunner.run(
      "state", "init", "--db", workspace.db, "--inventory",
      PatchbayRunner.fixture("datacenter/inventory.json"))
    #expect(again.status == 1)
    #expect(PrintedJSON.errorCode(again) == "database_initialized")

    // A Patchbay database whose `state init` stopped before loading the inventory.
    let bare = workspace.path("bare.db")
    _ = try await SQLiteStore.create(path: bare)
    for command in [["interface", "list"], ["interface", "cancel", "x"], ["state", "export"]] {
      let uninitialized = try PatchbayRunner.run(command + ["--db", bare])
      #expect(uninitialized.status == 1, "\(command): \(uninitialized.stderr)")
      #expect(PrintedJSON.errorCode(uninitialized) == "database_not_initialized")
      #expect(uninitialized.stderr.contains("patchbay state init --db \(bare)"))
    }

    let badInventory = try PatchbayRunner.run(
      "state", "init", "--db", workspace.path("other.db"), "--inventory",
      PatchbayRunner.fixture("malformed/inventory-truncated.json"))
    #expect(badInventory.status == 65)
  }

  @Test func approvalsPlaceRedundantPairsOnDifferentDevices() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    // One pair approved one by one, one pair together with --all.
    let pairs = [("if-a1", "if-a2"), ("if-b1", "if-b2")]
    for (index, (first, second)) in pairs.enumerated() {
      #expect(
        try workspace.interface(
          "apply", "--request", workspace.request(first, account: "920\(index)")
        ).status == 0)
      #expect(
        try workspace.interface(
          "apply", "--request",
          workspace.request(second, account: "920\(index)", redundantConnection: first)
        ).status == 0)
      #expect(try workspace.run("apply-loa", first).status == 0)
      #expect(try workspace.run("apply-loa", second).status == 0)
    }
    let early = try workspace.interface("approve", "if-a2")
    #expect(early.status == 1)
    #expect(PrintedJSON.errorCode(early) == "redundant_connection_not_ready", "\(early.stdout)")
    let first = PrintedJSON.object(try workspace.interface("approve", "if-a1"))
    let second = PrintedJSON.object(try workspace.interface("approve", "if-a2"))
    #expect(first["device"] is String)
    #expect(second["device"] is String)
    #expect(first["device"] as? String != second["device"] as? String)

    let batch = try workspace.interface("approve", "--all")
    #expect(batch.status == 0, "\(batch.stderr)")
    let answer = PrintedJSON.object(batch)
    let approved = answer["approved"] as? [[String: Any]] ?? []
    #expect(approved.compactMap { $0["id"] as? String } == ["if-b1", "if-b2"])
    #expect(Set(approved.compactMap { $0["device"] as? String }).count == 2)
    #expect(approved.allSatisfy { $0["state"] as? String == "approvedLOA" })
    for member in ["rejected", "unplaced", "accessPoints"] {
      #expect(answer[member] is [Any], "\(member)")
    }
    let summary = answer["summary"] as? [String: Any] ?? [:]
    #expect(summary["placed"] as? Int == 2)
    #expect(summary["requests"] as? Int == 2)

    let nothingLeft = PrintedJSON.object(try workspace.interface("approve", "--all"))
    #expect((nothingLeft["approved"] as? [Any])?.isEmpty == true)
    #expect(
      PrintedJSON.array(try workspace.interface("list", "--state", "approvedLOA")).count == 4)
  }
}
