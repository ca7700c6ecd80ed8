import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `patchbay serve` and `patchbay token create` as an operator runs them: the real binary, real
/// HTTP, real signals.
@Suite(.serialized) struct ServeCommandTests {
  @Test func tokenCreateKeepsOnlyTheHash() throws {
    let folder = try Self.folder()
    let tokens = folder.appendingPathComponent("tokens.json").path
    let created = try PatchbayRunner.run(
      "token", "create", "--tokens", tokens, "--role", "customer", "--account", "1001",
      "--name", "console")
    #expect(created.status == 0, "\(created.stderr)")
    let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(token.hasPrefix("pbt_") && token.count == 47)
    let file = try String(contentsOfFile: tokens, encoding: .utf8)
    #expect(!file.contains(token) && !file.contains(String(token.dropFirst(4))))
    #expect(file.contains("\"console\"") && file.contains("\"1001\""))
    #expect(!created.stderr.contains(token))

    let taken = try PatchbayRunner.run(
      "token", "create", "--tokens", tokens, "--role", "operator", "--name", "console")
    #expect(taken.status == 65 && taken.stderr.contains("tokens[1].name"), "\(taken.stderr)")
    #expect(try String(contentsOfFile: tokens, encoding: .utf8) == file, "nothing was written")
    let noAccount = try PatchbayRunner.run(
      "token", "create", "--tokens", tokens, "--role", "customer", "--name", "x")
    #expect(noAccount.status == 64 && noAccount.stderr.contains("--account"))
  }

  @Test func serveRefusesWhatItCannotUse() throws {
    let folder = try Self.folder()
    let database = folder.appendingPathComponent("p.db").path
    let initialized = try PatchbayRunner.run(
      "state", "init", "--db", database, "--inventory",
      PatchbayRunner.fixture("datacenter/inventory.json"))
    #expect(initialized.status == 0, "\(initialized.stderr)")
    let missing = try PatchbayRunner.run(
      "serve", "--db", database, "--tokens", folder.appendingPathComponent("none.json").path)
    #expect(missing.status == 66 && missing.stderr.contains("none.json"), "\(missing.stderr)")
    let bad = folder.appendingPathComponent("bad.json")
    try Data(#"{"tokens": [{"sha256": "00", "role": "operator", "name": "x"}]}"#.utf8).write(
      to: bad)
    let invalid = try PatchbayRunner.run("serve", "--db", database, "--tokens", bad.path)
    #expect(
      invalid.status == 65 && invalid.stderr.contains("tokens[0].sha256"), "\(invalid.stderr)")
    let listen = try PatchbayRunner.run(
      "serve", "--db", database, "--tokens", bad.path, "--listen", "8080")
    #expect(listen.status == 64 && listen.stderr.contains("--listen"), "\(listen.stderr)")
  }

  /// SIGTERM while a long request runs: the request still gets its answer, then the server
  /// exits 0; its log has one line per request, with the request id and never the token.
  @Test func sigtermFinishesTheRequestInFlight() async throws {
    let folder = try Self.folder()
    let generated = try PatchbayRunner.run(
      "generate", "--preset", "medium", "--seed", "3", "--output", folder.path)
    try #require(generated.status == 0, "\(generated.stderr)")
    let database = folder.appendingPathComponent("p.db").path
    let initialized = try PatchbayRunner.run(
      "state", "init", "--db", database, "--inventory",
      folder.appendingPathComponent("inventory.json").path)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    let tokens = folder.appendingPathComponent("tokens.json").path
    let token = try PatchbayRunner.run(
      "token", "create", "--tokens", tokens, "--role", "operator", "--name", "noc"
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

    let server = try StartedProcess([
      "serve", "--db", database, "--tokens", tokens, "--listen", "127.0.0.1:0",
      "--max-plan-body", "100000000",
    ])
    let port = try await Self.port(of: server)
    let requests = try Data(contentsOf: folder.appendingPathComponent("requests.json"))
    let plan = Task {
      var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/plans")
      request.method = .POST
      request.headers.add(name: "Authorization", value: "Bearer \(token)")
      request.headers.add(name: "Content-Type", value: "application/json")
      request.body = .bytes(ByteBuffer(bytes: requests))
      let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
      let body = try await response.body.collect(upTo: 1 << 30)
      return (Int(response.status.code), body.readableBytes)
    }
    try await Task.sleep(for: .milliseconds(500))
    Foundation.kill(server.process.processIdentifier, SIGTERM)
    let (status, length) = try await plan.value
    #expect(status == 200 && length > 1000)
    let finished = server.finish()
    #expect(finished.status == 0, "\(finished.stderr)")
    #expect(finished.stderr.contains("/v1/plans") && finished.stderr.contains("status=200"))
    #expect(finished.stderr.contains("hb.request.id="), "every request line has its id")
    #expect(!finished.stderr.contains(token))
    #expect(finished.stderr.contains("caller=noc"), "the log names the caller, never its token")
    #expect(finished.stderr.contains("patchbay serve: stopped"))
  }

  /// The port the server printed once it listened.
  static func port(of server: StartedProcess) async throws -> Int {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
      let said = (try? String(contentsOf: server.stderr, encoding: .utf8)) ?? ""
      if let range = said.range(of: "listening on http://127.0.0.1:") {
        let digits = said[range.upperBound...].prefix { $0.isNumber }
        if let port = Int(digits) { return port }
      }
      guard server.process.isRunning else { break }
      try await Task.sleep(for: .milliseconds(50))
    }
    Foundation.kill(server.process.processIdentifier, SIGKILL)
    let output = server.finish()
    throw ServeTestError(description: "the server did not listen: \(output.stderr)")
  }

  static func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }
}

struct ServeTestError: Error, CustomStringConvertible {
  var description: String
}
