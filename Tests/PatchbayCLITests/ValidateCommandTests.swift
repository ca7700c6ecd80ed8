import Foundation
import Testing

/// `patchbay validate` as FORMATS.md describes it: output for people and machines, `--strict`,
/// and the exit codes.
@Suite struct ValidateCommandTests {
  let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  let requests = PatchbayRunner.fixture("datacenter/requests.json")

  @Test func textOutputListsEveryRejectionWithItsCode() throws {
    let output = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests", requests)
    #expect(output.status == 0)
    #expect(output.stdout.contains("42 requests: 34 valid, 8 rejected"))
    #expect(output.stdout.contains("req-0007  whitelist_required"))
    #expect(output.stdout.contains("Rejected by code:"))
    #expect(output.stderr.contains("patchbay validate: 42 requests"))
  }

  @Test func jsonOutputHasTheRejectedListAndSummary() throws {
    let output = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests", requests, "--format", "json")
    #expect(output.status == 0)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let rejected = try #require(json["rejected"] as? [[String: Any]])
    #expect(rejected.count == 8)
    #expect(rejected.allSatisfy { $0["request"] is String && $0["code"] is String })
    let summary = try #require(json["summary"] as? [String: Int])
    #expect(summary == ["requests": 42, "valid": 34, "rejected": 8])
    #expect(json["assignments"] == nil)
  }

  @Test func jsonOutputIsTheSameBytesEveryRunAndForCSV() throws {
    let first = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests", requests, "--format", "json")
    let again = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests", requests, "--format", "json")
    let csv = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests",
      PatchbayRunner.fixture("datacenter/requests.csv"), "--format", "json")
    #expect(first.stdout == again.stdout)
    #expect(first.stdout == csv.stdout)
  }

  @Test func strictFailsOnRejections() throws {
    let strict = try PatchbayRunner.run(
      "validate", "--inventory", inventory, "--requests", requests, "--strict")
    #expect(strict.status == 1)
    let clean = try PatchbayRunner.run("validate", "--inventory", inventory, "--strict")
    #expect(clean.status == 0)
    #expect(clean.stdout.contains("valid. 4 regions, 7 access points, 14 devices, 472 ports"))
  }

  struct ExitCase: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var status: Int32
    var mentions: [String]
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let exitCases: [ExitCase] = [
    ExitCase(
      arguments: ["validate", "--inventory", "malformed/inventory-duplicate-device-id.json"],
      status: 65, mentions: ["inventory-duplicate-device-id.json", "devices["]),
    ExitCase(
      arguments: [
        "validate", "--inventory", "datacenter/inventory.json", "--requests",
        "malformed/requests-truncated.json",
      ], status: 65, mentions: ["requests-truncated.json", "line 4"]),
    ExitCase(
      arguments: ["validate", "--inventory", "no-such-inventory.json"], status: 66,
      mentions: ["no-such-inventory.json", "no such file"]),
    ExitCase(
      arguments: ["validate", "--inventory", "datacenter"], status: 66,
      mentions: ["directory"]),
    ExitCase(arguments: ["validate"], status: 64, mentions: ["--inventory"]),
    ExitCase(
      arguments: ["validate", "--inventory", "x", "--bogus"], status: 64, mentions: ["--bogus"]),
    ExitCase(
      arguments: ["validate", "--inventory", "x", "--format", "xml"], status: 64,
      mentions: ["xml"]),
    ExitCase(arguments: ["frobnicate"], status: 64, mentions: ["frobnicate"]),
  ]

  @Test(arguments: exitCases)
  func exitCodes(_ test: ExitCase) throws {
    let arguments = test.arguments.map { argument in
      argument.contains(".json") || argument == "datacenter"
        ? PatchbayRunner.fixture(argument) : argument
    }
    let process = try PatchbayRunner.run(arguments)
    #expect(process.status == test.status, "\(process.stderr)")
    for mention in test.mentions {
      #expect(process.stderr.contains(mention), "\(process.stderr)")
    }
    #expect(!process.stderr.contains("Fatal error"))
    #expect(process.stdout.isEmpty)
  }

  @Test func helpAndVersion() throws {
    let help = try PatchbayRunner.run("validate", "--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("--strict"))
    let top = try PatchbayRunner.run("--help")
    #expect(top.stdout.contains("Exit codes"))
    let version = try PatchbayRunner.run("--version")
    #expect(version.status == 0)
    #expect(!version.stdout.isEmpty)
  }
}
