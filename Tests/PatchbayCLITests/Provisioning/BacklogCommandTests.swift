import Foundation
import GRDB
import Testing

/// `patchbay interface apply --requests FILE`: a backlog in one transaction, a result per
/// request, the same as `--request` one request at a time; a bad file or a busy database applies
/// nothing.
@Suite struct BacklogCommandTests {
  static let jsonBacklog = PatchbayRunner.fixture("datacenter/requests.json")
  static let csvBacklog = PatchbayRunner.fixture("datacenter/requests.csv")

  /// The fixture's requests, each as the object `--request` reads.
  static func fixtureRequests() throws -> [[String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: jsonBacklog))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(root["requests"] as? [[String: Any]])
  }

  static func results(_ output: PatchbayRunner.Output) -> [[String: Any]] {
    PrintedJSON.object(output)["results"] as? [[String: Any]] ?? []
  }

  /// An interface as printed, without its times (two runs apply at different moments).
  static func timeless(_ interface: Any?) -> NSDictionary {
    var object = interface as? [String: Any] ?? [:]
    object["createdAt"] = nil
    object["updatedAt"] = nil
    return object as NSDictionary
  }

  static func listed(_ workspace: ProvisioningWorkspace) throws -> [NSDictionary] {
    PrintedJSON.array(try workspace.interface("list")).map { timeless($0) }
  }

  /// The JSON and the CSV form of the fixture's batch give the same answer, and each result is
  /// what `--request` gives that request when the requests are applied one by one in order.
  @Test func aBacklogGivesWhatApplyingEachRequestInTurnGives() throws {
    let jsonWorkspace = try ProvisioningWorkspace()
    let csvWorkspace = try ProvisioningWorkspace()
    let singleWorkspace = try ProvisioningWorkspace()
    defer { [jsonWorkspace, csvWorkspace, singleWorkspace].forEach { $0.remove() } }

    let fromJSON = try jsonWorkspace.interface("apply", "--requests", Self.jsonBacklog)
    let fromCSV = try csvWorkspace.interface("apply", "--requests", Self.csvBacklog)
    #expect(fromJSON.status == 0, "\(fromJSON.stderr)")
    #expect(fromCSV.status == 0, "\(fromCSV.stderr)")
    let requests = try Self.fixtureRequests()
    let results = Self.results(fromJSON)
    #expect(results.count == requests.count)
    #expect(
      results.map { $0["request"] as? String } == requests.map { $0["id"] as? String },
      "the results are not in the file's order")

    let answer = PrintedJSON.object(fromJSON)
    let applied = results.filter { $0["outcome"] as? String == "applied" }
    let refused = results.filter { $0["outcome"] as? String == "refused" }
    #expect(applied.count + refused.count == results.count)
    #expect(answer["applied"] as? Int == applied.count)
    #expect(answer["refused"] as? Int == refused.count)
    #expect(!applied.isEmpty && !refused.isEmpty)
    #expect(
      fromJSON.stderr.contains(
        "patchbay interface apply --requests: \(applied.count) applied, \(refused.count) refused"
      ), "\(fromJSON.stderr)")
    #expect(fromJSON.stderr.contains("whitelist_required 1"), "\(fromJSON.stderr)")

    let csvResults = Self.results(fromCSV)
    #expect(csvResults.count == results.count)
    for (json, csv) in zip(results, csvResults) {
      #expect(json["request"] as? String == csv["request"] as? String)
      #expect(json["outcome"] as? String == csv["outcome"] as? String)
      #expect(json["code"] as? String == csv["code"] as? String)
      #expect(Self.timeless(json["interface"]) == Self.timeless(csv["interface"]))
    }

    for (index, request) in requests.enumerated() {
      let id = request["id"] as? String ?? "?"
      let file = singleWorkspace.path("request-\(index).json")
      try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: file))
      let single = try singleWorkspace.interface("apply", "--request", file)
      let result = results[index]
      if single.status == 0 {
        #expect(result["outcome"] as? String == "applied", "\(id): \(result)")
        #expect(
          Self.timeless(result["interface"]) == Self.timeless(PrintedJSON.object(single)),
          "\(id)")
        continue
      }
      #expect(single.status == 1, "\(id): \(single.stderr)")
      let error = PrintedJSON.object(single)["error"] as? [String: Any] ?? [:]
      #expect(result["outcome"] as? String == "refused", "\(id): \(result)")
      #expect(result["code"] as? String == error["code"] as? String, "\(id)")
      let message = result["message"] as? String ?? ""
      let alone = error["message"] as? String ?? "?"
      // A request naming one further down the file is told to move it up.
      if id == "req-0041" {
        #expect(message.hasPrefix(alone))
        #expect(
          message.hasSuffix(
            "req-0042 comes later in this backlog: put it before "
              + "req-0041, so that it is applied first"), "\(message)")
      } else {
        #expect(message == alone, "\(id)")
      }
    }
    #expect(try Self.listed(jsonWorkspace) == (try Self.listed(singleWorkspace)))
    #expect(try Self.listed(csvWorkspace) == (try Self.listed(singleWorkspace)))
  }

  @Test func strictExitsWith1WhenARequestIsRefusedAndStillApplies() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let mixed = try workspace.file(
      "mixed.json",
      #"""
      { "requests": [
        { "id": "if-ok", "account": "9201", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR" },
        { "id": "if-40g", "account": "9202", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "40G", "portType": "40GBase-LR" } ] }
      """#)
    let strict = try workspace.interface("apply", "--requests", mixed, "--strict")
    #expect(strict.status == 1, "\(strict.stderr)")
    #expect(PrintedJSON.object(strict)["applied"] as? Int == 1)
    #expect(Self.results(strict).last?["code"] as? String == "whitelist_required")
    #expect(try Self.listed(workspace).map { $0["id"] as? String } == ["if-ok"])

    let clean = try workspace.file(
      "clean.csv",
      """
      id,account,region,accessPoint,lineOperator,portSpec,portType
      if-csv,9203,cn-hangzhou,ap-cn-hangzhou-yh-B,CT,10G,10GBase-LR
      """)
    let passed = try workspace.interface("apply", "--requests", clean, "--strict")
    #expect(passed.status == 0, "\(passed.stderr)")
    #expect(Self.results(passed).first?["outcome"] as? String == "applied")
  }

  @Test func anEmptyBacklogAppliesNothingAndSaysSo() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let empty = try workspace.interface(
      "apply", "--requests", try workspace.file("empty.json", #"{"requests": []}"#))
    #expect(empty.status == 0, "\(empty.stderr)")
    #expect(empty.stdout == "{\n  \"applied\": 0,\n  \"refused\": 0,\n  \"results\": []\n}\n")
  }

  struct BadFile: CustomTestStringConvertible, Sendable {
    var name: String
    var fileName: String
    /// nil: the file is not made.
    var text: String?
    var status: Int32
    /// What the message on standard error must say.
    var says: String
    var testDescription: String { name }
  }

  static let good =
    #"{ "id": "if-good", "account": "9301", "region": "cn-hangzhou", "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", "portType": "10GBase-LR" }"#

  static let badFiles: [BadFile] = [
    BadFile(
      name: "not JSON", fileName: "broken.json", text: #"{"requests": [\#(good), ]"#,
      status: 65, says: "broken.json"),
    BadFile(
      name: "a request without an id", fileName: "no-id.json",
      text: #"{"requests": [\#(good), {"account": "9302"}]}"#, status: 65, says: "requests[1]"),
    BadFile(
      name: "an id twice", fileName: "twice.json", text: #"{"requests": [\#(good), \#(good)]}"#,
      status: 65, says: "duplicate request id \"if-good\""),
    BadFile(
      name: "a single request object", fileName: "one.json", text: good, status: 65,
      says: "{\"requests\": [...]}"),
    BadFile(
      name: "a CSV row with too many cells", fileName: "wide.csv",
      text: "id,account\nif-good,9301\nif-bad,9302,extra\n", status: 65, says: "wide.csv"),
    BadFile(
      name: "a missing file", fileName: "missing.json", text: nil, status: 66,
      says: "missing.json"),
  ]

  @Test(arguments: badFiles)
  func aBadFileAppliesNothing(_ bad: BadFile) throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let path =
      if let text = bad.text { try workspace.file(bad.fileName, text) } else {
        workspace.path(bad.fileName)
      }
    let refused = try workspace.interface("apply", "--requests", path)
    #expect(refused.status == bad.status, "\(refused.stderr)")
    #expect(refused.stdout.isEmpty, "\(refused.stdout)")
    #expect(refused.stderr.contains(bad.says), "\(refused.stderr)")
    #expect(try Self.listed(workspace).isEmpty)
  }

  struct Usage: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var says: String
    var testDescription: String { name }
  }

  static let usages: [Usage] = [
    Usage(name: "neither", arguments: [], says: "give --request REQ"),
    Usage(
      name: "both", arguments: ["--request", "REQ", "--requests", "REQS"],
      says: "--request and --requests cannot be used together"),
    Usage(
      name: "--strict with one request", arguments: ["--request", "REQ", "--strict"],
      says: "--strict applies to --requests only"),
  ]

  @Test(arguments: usages)
  func requestAndRequestsAreOneOrTheOther(_ usage: Usage) throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let request = try workspace.request("if-usage", account: "9401")
    let arguments = usage.arguments.map {
      $0 == "REQ" ? request : $0 == "REQS" ? Self.jsonBacklog : $0
    }
    let refused = try PatchbayRunner.run(
      ["interface", "apply", "--db", workspace.db] + arguments)
    #expect(refused.status == 64, "\(refused.stderr)")
    #expect(refused.stderr.contains(usage.says), "\(refused.stderr)")
    #expect(try Self.listed(workspace).isEmpty)
  }

  /// A database whose write lock another connection holds past `--wait`: exit 75,
  /// `database_busy`, nothing applied; the same command succeeds once the lock is gone.
  @Test func aBusyDatabaseAppliesNothingAndExitsWith75() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let holder = try DatabaseQueue(path: workspace.db)
    let busy = try holder.writeWithoutTransaction { db in
      try db.execute(sql: "BEGIN IMMEDIATE")
      defer { try? db.execute(sql: "ROLLBACK") }
      return try PatchbayRunner.run(
        [
          "interface", "apply", "--requests", Self.csvBacklog, "--db", workspace.db, "--wait",
          "0.5",
        ])
    }
    try holder.close()
    #expect(busy.status == 75, "\(busy.stderr)")
    #expect(PrintedJSON.errorCode(busy) == "database_busy")
    #expect(try Self.listed(workspace).isEmpty)
    #expect(try workspace.interface("apply", "--requests", Self.csvBacklog).status == 0)
    #expect(try !Self.listed(workspace).isEmpty)
  }

  @Test func theHelpShowsBothFormsWithAnExample() throws {
    let help = try PatchbayRunner.run("interface", "apply", "--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("patchbay interface apply --db provisioning.db --requests"))
    #expect(help.stdout.contains("--strict"))
  }
}
