import Foundation
import Testing

/// Every numeric option has a range (README "Command line"); outside it, or not a number, is a
/// usage error (64) that gives the range, never a trap and never "missing value".
@Suite struct NumericOptionTests {
  static let allocate = ["allocate", "--inventory", "i.json", "--requests", "r.json"]
  static let generate = ["generate", "--output", "/tmp/patchbay-never-written"]
  static let export = ["state", "export", "--db", "/tmp/patchbay-never-a-database.db"]
  static let approveAll = ["interface", "approve", "--all", "--db", "/tmp/patchbay-never.db"]

  @Test(arguments: [
    (allocate + ["--time-limit", "1e300"], "--time-limit must be a number of seconds more than 0"),
    (allocate + ["--time-limit", "0"], "more than 0 and at most 86400"),
    (allocate + ["--time-limit", "-1"], "more than 0 and at most 86400"),
    (allocate + ["--time-limit", "nan"], "more than 0 and at most 86400"),
    (allocate + ["--time-limit", "inf"], "more than 0 and at most 86400"),
    (allocate + ["--time-limit", "ten"], "more than 0 and at most 86400"),
    (allocate + ["--threads", "0"], "--threads must be a whole number from 1 to 1024"),
    (allocate + ["--threads", "-2"], "from 1 to 1024"),
    (allocate + ["--threads", "99999999999999999999"], "from 1 to 1024"),
    (allocate + ["--threads", "2.5"], "from 1 to 1024"),
    (approveAll + ["--threads", "5000"], "from 1 to 1024"),
    (approveAll + ["--time-limit", "-0.5"], "more than 0 and at most 86400"),
    (export + ["--wait", "2147484"], "--wait must be a number of seconds from 0 to 86400"),
    (export + ["--wait", "-1"], "from 0 to 86400"),
    (export + ["--wait", "-inf"], "from 0 to 86400"),
    (generate + ["--seed", "-1"], "--seed must be a whole number from 0 to 18446744073709551615"),
    (generate + ["--seed", "18446744073709551616"], "from 0 to 18446744073709551615"),
    (generate + ["--requests", "1000000000000"], "--requests must be a whole number from 0 to"),
    (generate + ["--requests", "-5"], "--requests must be a whole number from 0 to"),
    (generate + ["--regions", "0"], "--regions must be a whole number from 1 to"),
    (generate + ["--access-points", "1000000"], "--access-points must be a whole number from 1"),
    (generate + ["--devices-per-access-point", "-1"], "--devices-per-access-point must be"),
    (generate + ["--priorities", "0"], "--priorities must be a whole number from 1 to"),
    (generate + ["--prefill", "1.5"], "--prefill must be a number from 0 to 1"),
    (generate + ["--pair-share", "nan"], "--pair-share must be a number from 0 to 1"),
    (generate + ["--mixed-pair-share", "-0.1"], "--mixed-pair-share must be a number"),
    (generate + ["--cross-access-point-pair-share", "2"], "--cross-access-point-pair-share must"),
    (generate + ["--whitelist-share", "inf"], "--whitelist-share must be a number from 0 to 1"),
    (generate + ["--invalid-share", "-1"], "--invalid-share must be a number from 0 to 1"),
    (generate + ["--skew", "-1"], "--skew must be a number from 0 to 10"),
    (generate + ["--skew", "1e9"], "--skew must be a number from 0 to 10"),
    // Each knob in range, but together more ports than an inventory may hold.
    (
      generate + ["--access-points", "100000", "--devices-per-access-point", "1000"],
      "more than 10000000 ports"
    ),
  ])
  func anOutOfRangeNumberIsAUsageErrorGivingTheRange(_ arguments: [String], _ message: String)
    throws
  {
    let started = Date()
    let output = try PatchbayRunner.run(arguments)
    #expect(output.status == 64, "\(output.stderr)")
    #expect(output.stderr.contains(message), "\(output.stderr)")
    #expect(!output.stderr.contains("Missing value"), "\(output.stderr)")
    // Refused before anything is read, made or waited for.
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/patchbay-never-written"))
  }

  /// The ranges are in each command's --help.
  @Test(arguments: [
    (["allocate", "--help"], ["1 to 1024", "more than 0, up to 86400"]),
    (["interface", "approve", "--help"], ["1 to 1024", "more than 0, up to 86400"]),
    (["state", "export", "--help"], ["0 to 86400"]),
    (["generate", "--help"], ["0 to 18446744073709551615", "(1 to 10000)", "(0 to 2000000)"]),
  ])
  func theHelpGivesTheRanges(_ arguments: [String], _ ranges: [String]) throws {
    let output = try PatchbayRunner.run(arguments)
    #expect(output.status == 0)
    let help = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for range in ranges { #expect(help.contains(range), "\(range)") }
  }

  /// Values at the ends of a range are taken: this one runs and writes a small data centre.
  @Test func theEndsOfARangeAreAccepted() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-range-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = try PatchbayRunner.run(
      "generate", "--output", folder, "--seed", "18446744073709551615", "--requests", "0",
      "--regions", "1", "--access-points", "1", "--prefill", "1", "--skew", "10",
      "--priorities", "1", "--pair-share", "0")
    #expect(output.status == 0, "\(output.stderr)")
  }
}
