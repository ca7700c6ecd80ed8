import Foundation
import Testing

/// Where standard output (or standard error) goes when it cannot take what is written.
enum BrokenStream: String, CaseIterable, Sendable {
  /// A full disk: `>/dev/full`.
  case full
  /// A closed descriptor: `>&-`.
  case closed
  /// A reader that has gone: a pipe whose reading end is closed.
  case brokenPipe
}

/// Runs `patchbay` with standard output (or standard error) broken as `stream` says.
struct BrokenStreamRunner {
  struct Outcome {
    var status: Int32
    var signalled: Bool
    /// What the other stream said.
    var said: String
  }

  static func run(
    _ arguments: [String], stdout stream: BrokenStream, alsoStderr: Bool = false
  ) throws -> Outcome {
    let process = Process()
    let said = Pipe()
    var brokenPipe: Pipe?
    switch stream {
    case .full:
      process.executableURL = PatchbayRunner.executable
      process.arguments = arguments
      process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    case .closed:
      // Foundation cannot start a process with a descriptor closed; the shell can.
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments =
        ["-c", #"exec "$0" "$@" >&-"#, PatchbayRunner.executable.path] + arguments
    case .brokenPipe:
      process.executableURL = PatchbayRunner.executable
      process.arguments = arguments
      let pipe = Pipe()
      try pipe.fileHandleForReading.close()
      process.standardOutput = pipe
      brokenPipe = pipe
    }
    process.standardError = alsoStderr ? FileHandle(forWritingAtPath: "/dev/full") : said
    try process.run()
    try brokenPipe?.fileHandleForWriting.close()
    let text = alsoStderr ? Data() : said.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus,
      signalled: process.terminationReason == .uncaughtSignal,
      said: String(decoding: text, as: UTF8.self))
  }
}

/// A failed write to standard output or error never crashes a command: it is exit 73 with the
/// cause on standard error (docs/FILES.md, "Standard output and standard error").
@Suite struct StandardStreamTests {
  static let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  static let requests = PatchbayRunner.fixture("datacenter/requests.json")
  static let plan = PatchbayRunner.fixture("plans/datacenter-hand-made.json")

  /// Every command that prints on standard output, one per kind of output.
  static let commands: [[String]] = [
    ["validate", "--inventory", inventory, "--requests", requests, "--format", "json"],
    ["validate", "--inventory", inventory, "--requests", requests],
    ["allocate", "--inventory", inventory, "--requests", requests],
    ["verify", "--inventory", inventory, "--requests", requests, "--plan", plan],
  ]

  static let cases: [([String], BrokenStream)] = commands.flatMap { command in
    BrokenStream.allCases.map { (command, $0) }
  }

  static let causes: [BrokenStream: String] = [
    .full: "no space left on the device",
    .closed: "the stream is closed",
    .brokenPipe: "the reader at the other end of the pipe has gone",
  ]

  @Test(arguments: cases)
  func aFailedWriteToStandardOutputIsExit73(arguments: [String], stream: BrokenStream) throws {
    let outcome = try BrokenStreamRunner.run(arguments, stdout: stream)
    #expect(!outcome.signalled, "\(arguments[0]) \(stream): killed by a signal")
    #expect(outcome.status == 73, "\(arguments[0]) \(stream): \(outcome.said)")
    #expect(
      outcome.said.contains("standard output: cannot write: \(Self.causes[stream]!)"),
      "\(arguments[0]) \(stream): \(outcome.said)")
  }

  @Test(arguments: BrokenStream.allCases)
  func withStandardErrorBrokenTooNothingCrashes(stream: BrokenStream) throws {
    let outcome = try BrokenStreamRunner.run(
      ["allocate", "--inventory", Self.inventory, "--requests", Self.requests], stdout: stream,
      alsoStderr: true)
    #expect(!outcome.signalled)
    #expect(outcome.status == 73)
  }

  @Test func aFullStandardErrorDoesNotChangeASuccess() throws {
    let process = Process()
    process.executableURL = PatchbayRunner.executable
    process.arguments = ["validate", "--inventory", Self.inventory]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: "/dev/full")
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 0)
  }

  @Test(arguments: BrokenStream.allCases)
  func helpAndVersionNeverCrash(stream: BrokenStream) throws {
    for arguments in [["--help"], ["--version"], ["allocate", "--help"]] {
      let outcome = try BrokenStreamRunner.run(arguments, stdout: stream)
      #expect(!outcome.signalled, "\(arguments) \(stream)")
    }
  }

  /// A closed standard output must not let a file opened later take its number: the database
  /// written by `state init` stays a database, and nothing meant for the stream lands in it.
  @Test func aClosedStandardOutputIsNotReusedForAFile() throws {
    let workspace = try ProvisioningWorkspace(inventory: nil)
    defer { workspace.remove() }
    let made = try BrokenStreamRunner.run(
      ["state", "init", "--db", workspace.db, "--inventory", Self.inventory], stdout: .closed)
    #expect(!made.signalled)
    let exported = try PatchbayRunner.run("state", "export", "--db", workspace.db)
    #expect(exported.status == 0, "\(exported.stderr)")
    let listed = try BrokenStreamRunner.run(
      ["interface", "list", "--db", workspace.db], stdout: .closed)
    #expect(listed.status == 73)
    #expect(try PatchbayRunner.run("state", "export", "--db", workspace.db).status == 0)
  }

  /// A transition committed before its answer could be printed: exit 73, and standard error says
  /// the change was made and how to see it.
  @Test(arguments: BrokenStream.allCases)
  func aCommittedTransitionSaysItWasMade(stream: BrokenStream) throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let id = "req-\(stream.rawValue)"
    let applied = try BrokenStreamRunner.run(
      [
        "interface", "apply", "--request", try workspace.request(id, account: "9001"), "--db",
        workspace.db,
      ], stdout: stream)
    #expect(!applied.signalled)
    #expect(applied.status == 73, "\(applied.said)")
    #expect(applied.said.contains("the command itself was carried out"))
    #expect(applied.said.contains("patchbay interface show ID --db DB"))
    let shown = try workspace.interface("show", id)
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("toApplyForLOA"))
  }

  /// A refusal whose JSON cannot be printed keeps its own exit status.
  @Test func aRefusalKeepsItsStatus() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let refused = try BrokenStreamRunner.run(
      ["interface", "connect", "no-such-interface", "--db", workspace.db], stdout: .full)
    #expect(!refused.signalled)
    #expect(refused.status == 1, "\(refused.said)")
  }
}
