import Foundation
import Testing

/// `patchbay import netbox` as a user runs it: the built binary against the emulated NetBox.
@Suite struct ImportNetBoxCommandTests {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let executable: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
    return folder.appendingPathComponent("patchbay")
  }()

  /// Runs `patchbay`, with NETBOX_TOKEN set to `token` (left out when `nil`).
  /// Waits for the child without blocking a thread of the test's pool: the emulated NetBox
  /// answers on that pool, and a blocked one would starve it.
  static func run(_ arguments: [String], token: String? = NetBoxEmulator.token) async throws
    -> Output
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["NETBOX_TOKEN"] = token
    process.environment = environment
    // Files rather than pipes: nothing to read while the child runs, so no read that a signal
    // to the test process could interrupt.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("stdout")
    let err = folder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
      process.terminationHandler = { _ in done.resume() }
      do {
        try process.run()
      } catch {
        process.terminationHandler = nil
        done.resume()
      }
    }
    guard process.processIdentifier != 0 else { throw CocoaError(.executableLoad) }
    return Output(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
  }

  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "netbox-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  static let roles = [
    "--device-role", "router", "--device-role", "access-switch", "--device-role", "core-switch",
  ]

  @Test(arguments: NetBoxEmulator.Version.allCases)
  func writesAnInventoryThatTheOtherCommandsAccept(version: NetBoxEmulator.Version) async throws {
    let emulator = try await NetBoxEmulator.start(version)
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let inventory = folder.appendingPathComponent("inventory.json").path
    let result = try await Self.run(
      ["import", "netbox", "--url", emulator.baseURL] + Self.roles + ["--output", inventory])
    await emulator.stop()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(
      Array(try Data(contentsOf: URL(fileURLWithPath: inventory))) == (try NetBoxFixtures.expected))
    #expect(
      result.stderr.contains(
        "imported 3 regions, 3 access points, 7 devices, 187 ports (16 held, 4 of them by circuit id)"
      ),
      "\(result.stderr)")
    #expect(result.stderr.contains("skipped 2 devices: status offline 1, status planned 1"))
    #expect(result.stderr.contains("skipped 23 interfaces: management-only 7, virtual 6, LAG 4"))
    // No progress line: standard error is not a terminal here.
    #expect(!result.stderr.contains("\u{1B}[K"))

    let validate = try await Self.run(["validate", "--inventory", inventory])
    #expect(validate.status == 0, "\(validate.stderr)")
    let state = try await Self.run([
      "state", "init", "--db", folder.appendingPathComponent("p.db").path, "--inventory", inventory,
    ])
    #expect(state.status == 0, "\(state.stderr)")
    #expect(state.stdout.contains("\"devices\": 7"))
    let capacity = try await Self.run(["capacity", "--inventory", inventory, "--format", "json"])
    #expect(capacity.status == 0, "\(capacity.stderr)")
    let requests = folder.appendingPathComponent("requests.json").path
    try Data(
      #"""
      { "requests": [
        { "id": "r1", "account": "1001", "region": "us-oh", "accessPoint": "dm-akron",
          "lineOperator": "CT", "portSpec": "1G", "portType": "1000Base-T", "priority": 1 },
        { "id": "r2", "account": "1001", "region": "us-oh", "accessPoint": "dm-akron",
          "lineOperator": "CT", "portSpec": "1G", "portType": "1000Base-T", "priority": 1,
          "redundantConnection": "r1" } ] }
      """#.utf8
    ).write(to: URL(fileURLWithPath: requests))
    let allocate = try await Self.run([
      "allocate", "--inventory", inventory, "--requests", requests,
    ])
    #expect(allocate.status == 0, "\(allocate.stderr)")
    #expect(allocate.stdout.contains("\"r2\""))
    #expect(!allocate.stdout.contains("rejected\": [{"))
  }

  @Test func writesToStandardOutputWithoutOutput() async throws {
    let emulator = try await NetBoxEmulator.start(.v4)
    let result = try await Self.run(["import", "netbox", "--url", emulator.baseURL] + Self.roles)
    await emulator.stop()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Array(result.stdout.utf8) == (try NetBoxFixtures.expected))
  }

  @Test func aWrongTokenWritesNothingAndIsNeverShown() async throws {
    let emulator = try await NetBoxEmulator.start(.v4)
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let inventory = folder.appendingPathComponent("inventory.json")
    try Data("before\n".utf8).write(to: inventory)
    let tokenFile = folder.appendingPathComponent("token")
    let secret = "s3cr3t-token-never-to-be-shown"
    try Data("\(secret)\n".utf8).write(to: tokenFile)
    let result = try await Self.run(
      ["import", "netbox", "--url", emulator.baseURL, "--token-file", tokenFile.path] + Self.roles
        + ["--output", inventory.path], token: nil)
    await emulator.stop()
    #expect(result.status == 66)
    #expect(result.stderr.contains("GET \(emulator.baseURL)/api/dcim/sites/?limit=1000"))
    #expect(result.stderr.contains("403 Forbidden"))
    #expect(result.stderr.contains("nothing was written"))
    #expect(String(decoding: try Data(contentsOf: inventory), as: UTF8.self) == "before\n")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "inventory.json", "token",
      ])
    #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
  }

  /// The token never appears in any output, whatever goes wrong.
  @Test(arguments: [
    ("sites", NetBoxEmulator.Fault.status(401), Int32(66)),
    ("devices", .status(404), 66),
    ("interfaces", .status(503), 75),
    ("interfaces", .nextLoop, 65),
    ("sites", .notJSON, 65),
    ("sites", .delay(seconds: 4), 75),
  ])
  func faultsGiveTheirExitCodeAndNeverTheToken(
    endpoint: String, fault: NetBoxEmulator.Fault, status: Int32
  ) async throws {
    let emulator = try await NetBoxEmulator.start(.v4, faults: [endpoint: fault])
    // A short timeout only where the answer is late: a loaded machine may be slow to answer.
    var timeout = "30"
    if case .delay = fault { timeout = "1.5" }
    let result = try await Self.run(
      ["import", "netbox", "--url", emulator.baseURL, "--timeout", timeout, "--retries", "1"]
        + Self.roles)
    await emulator.stop()
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("GET \(emulator.baseURL)/api/dcim/\(endpoint)/"))
    #expect(!result.stderr.contains(NetBoxEmulator.token))
  }

  @Test func anUnreachableHostExits75() async throws {
    let emulator = try await NetBoxEmulator.start(.v4)
    await emulator.stop()
    let result = try await Self.run(
      ["import", "netbox", "--url", emulator.baseURL, "--retries", "0"] + Self.roles)
    #expect(result.status == 75, "\(result.stderr)")
    #expect(result.stderr.contains("cannot be reached"))
    #expect(!result.stderr.contains(NetBoxEmulator.token))
  }

  @Test(arguments: [
    (["--url", "http://127.0.0.1:1"] + roles, nil as String?, Int32(64), "no NetBox token"),
    (
      ["--url", "netbox.example.com"] + roles, NetBoxEmulator.token, 64, "--url netbox.example.com"
    ),
    (["--url", "http://127.0.0.1:1"], NetBoxEmulator.token, 64, "Missing --device-role"),
    (
      ["--url", "http://127.0.0.1:1", "--token-file", "/nonexistent/token"] + roles, nil, 66,
      "token file /nonexistent/token: cannot read"
    ),
    (
      ["--url", "http://127.0.0.1:1", "--port-types", "/nonexistent/map.json"] + roles,
      NetBoxEmulator.token, 66, "port-type map /nonexistent/map.json: cannot read"
    ),
    (
      ["--url", "http://127.0.0.1:1", "--timeout", "0"] + roles, NetBoxEmulator.token, 64,
      "--timeout"
    ),
  ])
  func usageAndFileErrors(arguments: [String], token: String?, status: Int32, text: String)
    async throws
  {
    let result = try await Self.run(["import", "netbox"] + arguments, token: token)
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stderr.contains(text), "\(result.stderr)")
  }

  @Test func aBadPortTypeMapNamesTheFile() async throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let map = folder.appendingPathComponent("ports.json")
    try Data(#"{"1000base-t": ["1000BASE-T"]}"#.utf8).write(to: map)
    let result = try await Self.run(
      ["import", "netbox", "--url", "http://127.0.0.1:1", "--port-types", map.path] + Self.roles)
    #expect(result.status == 65)
    #expect(result.stderr.contains("port-type map \(map.path): \"1000base-t\"[0]"))
    #expect(result.stderr.contains("did you mean \"1000Base-T\"?"))
  }

  @Test(arguments: [
    ["import", "--help"], ["import", "netbox", "--help"], ["help", "import", "netbox"],
  ])
  func help(arguments: [String]) async throws {
    let result = try await Self.run(arguments)
    #expect(result.status == 0)
    #expect(result.stdout.contains("netbox"))
  }
}
