import Foundation
import NIOHTTP1
import Patchbay
import PatchbayStore
import PatchbayTestSupport
import Testing

@testable import PatchbayServer

/// `GET /v1/interfaces/{id}/loa` over real HTTP: 409 before approval, the document's JSON (the
/// library's, byte for byte) after, the HTML page or the PDF as `Accept` asks, another account's
/// interface hidden, and a server without Chromium saying which package it lacks.
@Suite(.serialized) struct LOARouteTests {
  /// A server on a new database of the shipped data centre, and an interface of account 1001
  /// with the shipped LOA filed (in application).
  static func started(
    _ backend: ServerBackend = .sqlite, settings: ServerSettings? = nil
  ) async throws -> (RunningServer, TestTokens, String, String) {
    let tokens = try TestTokens.make()
    let database = try await backend.newDatabase(try Fixtures.dataCentre())
    let server = try await RunningServer.start(
      backend, database: database, tokens: tokens,
      settings: settings ?? ServerSettings(host: "127.0.0.1", port: 0))
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let applied = try await customer.post("/v1/interfaces", Fixtures.request())
    let id = try #require(applied.object["id"] as? String, "\(applied.text)")
    let filed = try await customer.post("/v1/interfaces/\(id)/loa", try Fixtures.loa())
    #expect(filed.status == 200, "\(filed.text)")
    return (server, tokens, database, id)
  }

  @Test(arguments: ServerBackend.allCases)
  func refusedBeforeApprovalThenTheLibrarysDocument(_ backend: ServerBackend) async throws {
    let (server, tokens, database, id) = try await Self.started(backend)
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)

    let early = try await customer.get("/v1/interfaces/\(id)/loa")
    #expect(early.status == 409 && early.code == "invalid_transition", "\(early.text)")
    #expect(early.header("Content-Type") == "application/problem+json")
    #expect((early.object["detail"] as? String)?.contains("is inApplication") == true)
    #expect(early.object["instance"] as? String == "/v1/interfaces/\(id)/loa")

    let approved = try await operatorClient.post("/v1/interfaces/\(id)/approve")
    #expect(approved.status == 200, "\(approved.text)")
    let document = try await customer.get("/v1/interfaces/\(id)/loa")
    #expect(document.status == 200, "\(document.text)")
    #expect(document.header("Content-Type") == "application/json")
    #expect(document.header("Vary") == "Accept")
    let provisioner = Provisioner(store: try await backend.open(database))
    #expect(document.body == (try await provisioner.loaDocument(InterfaceID(id))).jsonBytes)

    // Its facts are the interface's.
    let interface = try await customer.get("/v1/interfaces/\(id)")
    let facts = document.object
    #expect(facts["interface"] as? String == id)
    for key in ["account", "region", "accessPoint", "device", "port", "portType", "portSpec"] {
      #expect(
        facts[key] as? String == interface.object[key] as? String,
        "\(key): \(facts[key] ?? "absent")")
    }
    let loa = try #require(interface.object["loa"] as? [String: Any])
    #expect(facts["companyName"] as? String == loa["companyName"] as? String)
    #expect(
      facts["scheduledConstructionTime"] as? String == loa["scheduledConstructionTime"] as? String)
    #expect(!document.text.contains("330100199001010000"))

    // An operator reads it too; another account's customer learns nothing of it.
    #expect(try await operatorClient.get("/v1/interfaces/\(id)/loa").body == document.body)
    let other = APIClient(baseURL: server.baseURL, token: tokens.customer1003)
    let hidden = try await other.get("/v1/interfaces/\(id)/loa")
    #expect(hidden.status == 404 && hidden.code == "unknown_interface")
    let missing = try await customer.get("/v1/interfaces/if-nobody/loa")
    #expect(missing.status == 404 && missing.code == "unknown_interface")
    let anonymous = try await customer.with(token: nil).get("/v1/interfaces/\(id)/loa")
    #expect(anonymous.status == 401)
  }

  @Test func thePageAsAcceptAsksForIt() async throws {
    let (server, tokens, _, id) = try await Self.started()
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    _ = try await operatorClient.post("/v1/interfaces/\(id)/approve")
    let path = "/v1/interfaces/\(id)/loa"

    let browser = try await customer.send(
      .GET, path,
      headers: [
        ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
      ])
    #expect(browser.status == 200)
    #expect(browser.header("Content-Type") == "text/html; charset=utf-8")
    #expect(browser.text.hasPrefix("<!DOCTYPE html>") && browser.text.contains(">\(id)<"))
    #expect(browser.header("Vary") == "Accept")

    let preferJSON = try await customer.send(
      .GET, path, headers: [("Accept", "text/html;q=0.5, application/json")])
    #expect(preferJSON.header("Content-Type") == "application/json")

    let refused = try await customer.send(.GET, path, headers: [("Accept", "image/png")])
    #expect(refused.status == 406 && refused.code == "not_acceptable", "\(refused.text)")
  }

  @Test func aServerWithoutChromiumNamesThePackage() async throws {
    let empty = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    var settings = ServerSettings(host: "127.0.0.1", port: 0)
    settings.chromiumSearchPath = empty.path
    let (server, tokens, _, id) = try await Self.started(settings: settings)
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    _ = try await operatorClient.post("/v1/interfaces/\(id)/approve")
    let refused = try await customer.send(
      .GET, "/v1/interfaces/\(id)/loa", headers: [("Accept", "application/pdf")])
    #expect(refused.status == 406 && refused.code == "chromium_missing", "\(refused.text)")
    #expect((refused.object["detail"] as? String)?.contains("package `chromium`") == true)
  }

  @Test(
    .enabled(
      if: PrintingTools.available, "chromium or pdftotext is not installed (scripts/setup)"),
    .timeLimit(.minutes(4)))
  func thePDFIsThePagePrinted() async throws {
    let (server, tokens, _, id) = try await Self.started()
    defer { Task { await server.stop() } }
    let customer = APIClient(baseURL: server.baseURL, token: tokens.customer1001)
    let operatorClient = APIClient(baseURL: server.baseURL, token: tokens.operatorToken)
    let approved = try await operatorClient.post("/v1/interfaces/\(id)/approve")
    let device = try #require(approved.object["device"] as? String)
    let pdf = try await customer.send(
      .GET, "/v1/interfaces/\(id)/loa", headers: [("Accept", "application/pdf")])
    #expect(pdf.status == 200, "\(pdf.text.prefix(500))")
    #expect(pdf.header("Content-Type") == "application/pdf")
    #expect(pdf.body.starts(with: Array("%PDF".utf8)))
    let reference = try #require(
      (try await customer.get("/v1/interfaces/\(id)/loa")).object["reference"] as? String)
    #expect(pdf.header("Content-Disposition") == "inline; filename=\"\(reference).pdf\"")

    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-loa-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("loa.pdf")
    try Data(pdf.body).write(to: file)
    let text = try await BoundedCommand.run(
      try #require(PrintingTools.pdftotext), [file.path, "-"], timeout: .seconds(60))
    let squeezed = text.stdout.filter { !$0.isWhitespace }
    for fact in [id, device, reference, "Example Trading Co."] {
      #expect(squeezed.contains(fact.filter { !$0.isWhitespace }), "\(fact):\n\(text.stdout)")
    }
  }

  // MARK: Negotiation

  @Test(
    arguments: [
      (nil, "application/json"), ("", "application/json"), ("*/*", "application/json"),
      ("application/json", "application/json"), ("text/html", "text/html"),
      ("application/pdf", "application/pdf"), ("TEXT/HTML", "text/html"),
      ("text/*", "text/html"), ("application/*", "application/json"),
      ("application/*;q=0.5, application/pdf", "application/pdf"),
      ("text/html;q=0.4, application/pdf;q=0.6", "application/pdf"),
      ("application/json;q=0, */*", "text/html"),
      ("text/html, application/json", "application/json"),
      ("image/png, */*;q=0.1", "application/json"),
    ] as [(String?, String)])
  func negotiation(accept: String?, chosen: String) throws {
    #expect(try LOAReply.media(accept: accept).rawValue == chosen)
  }

  @Test(arguments: [
    "image/png", "application/json;q=0, text/*;q=0, application/pdf;q=0", "*/*;q=0",
  ])
  func nothingAcceptable(accept: String) {
    #expect(throws: Problem.self) { try LOAReply.media(accept: accept) }
  }
}

/// Whether Chromium and pdftotext are on `PATH`, for the tests that print.
enum PrintingTools {
  static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static let pdftotext = tool("pdftotext")
  static let available =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || (tool("chromium") != nil && pdftotext != nil)
}
