import Foundation
import Patchbay
import Testing

@testable import PatchbayNetBox

/// The client and the import against the emulated NetBox on a loopback port: paging, filters,
/// the token, retries and every refusal.
@Suite struct NetBoxClientTests {
  /// Short waits, so that the faults are quick to run through.
  static var quick: NetBoxClientSettings {
    var settings = NetBoxClientSettings()
    // Long enough for an emulator on a loaded machine, short enough for the timeout faults.
    settings.requestTimeout = .seconds(2)
    settings.connectTimeout = .seconds(2)
    settings.attempts = 3
    settings.firstBackoff = .milliseconds(10)
    settings.longestWait = .seconds(2)
    settings.pageSize = 40
    return settings
  }

  static func importing(
    from emulator: NetBoxEmulator, token: String = NetBoxEmulator.token,
    settings: NetBoxClientSettings = quick, sites: Set<String>? = nil,
    address: String? = nil
  ) async throws(NetBoxError) -> NetBoxImport {
    let client = NetBoxClient(
      address: try NetBoxAddress(address ?? emulator.baseURL),
      token: try NetBoxToken(token, source: "test"), settings: settings)
    let result: Result<NetBoxImport, NetBoxError>
    do throws(NetBoxError) {
      var selection = NetBoxFixtures.selection
      selection.sites = sites
      result = .success(try await NetBoxImporter.run(client: client, selection: selection))
    } catch {
      result = .failure(error)
    }
    await client.shutdown()
    return try result.get()
  }

  static func failure(
    _ fault: NetBoxEmulator.Fault, on endpoint: String = "devices",
    version: NetBoxEmulator.Version = .v4,
    settings: NetBoxClientSettings = quick
  ) async throws -> NetBoxError {
    let emulator = try await NetBoxEmulator.start(version, faults: [endpoint: fault])
    defer { Task { await emulator.stop() } }
    do {
      _ = try await importing(from: emulator, settings: settings)
    } catch {
      await emulator.stop()
      return error
    }
    await emulator.stop()
    Issue.record("the import succeeded despite \(fault)")
    return NetBoxError(.usage, "")
  }

  @Test(arguments: NetBoxEmulator.Version.allCases)
  func importsTheDemoSlicePageByPageWithFilters(version: NetBoxEmulator.Version) async throws {
    let emulator = try await NetBoxEmulator.start(version)
    let imported = try await Self.importing(from: emulator)
    await emulator.stop()
    #expect(InventoryEncoder.jsonBytes(imported.inventory) == (try NetBoxFixtures.expected))
    let requests = emulator.requests
    #expect(requests.allSatisfy { $0.authorization == "Token \(NetBoxEmulator.token)" })
    let devices = requests.filter { $0.path == "/api/dcim/devices/" }
    #expect(devices.first?.values("role") == ["access-switch", "core-switch", "router"])
    let interfaces = requests.filter { $0.path == "/api/dcim/interfaces/" }
    // 7 devices' interfaces (210 of them) in pages of 40, asked for by device id.
    #expect(
      Set(interfaces.flatMap { $0.values("device_id") }) == ["1", "2", "4", "5", "7", "8", "11"])
    #expect(
      interfaces.map { $0.values("offset").first ?? "0" } == ["0", "40", "80", "120", "160", "200"])
    #expect(interfaces.allSatisfy { $0.values("limit") == ["40"] })
  }

  @Test func sitesAreFilteredBySlug() async throws {
    let emulator = try await NetBoxEmulator.start(.v4)
    let imported = try await Self.importing(from: emulator, sites: ["dm-albany"])
    await emulator.stop()
    #expect(imported.inventory.accessPoints.map(\.id) == ["dm-albany"])
    #expect(imported.inventory.devices.map(\.id) == ["dmi01-albany-rtr01", "dmi01-albany-sw01"])
    let requests = emulator.requests
    #expect(requests.first { $0.path == "/api/dcim/sites/" }?.values("slug") == ["dm-albany"])
    #expect(requests.first { $0.path == "/api/dcim/devices/" }?.values("site") == ["dm-albany"])
  }

  @Test func nextOnAnotherOriginIsFollowedOnTheGivenOne() async throws {
    let emulator = try await NetBoxEmulator.start(.v4, nextOrigin: "http://netbox-internal:8000")
    let imported = try await Self.importing(from: emulator, address: emulator.baseURL + "/api/")
    await emulator.stop()
    #expect(InventoryEncoder.jsonBytes(imported.inventory) == (try NetBoxFixtures.expected))
  }

  @Test func retriesA429HonouringRetryAfter() async throws {
    let emulator = try await NetBoxEmulator.start(
      .v4, faults: ["devices": .status(429, times: 1, retryAfter: "1")])
    let clock = ContinuousClock()
    let start = clock.now
    let imported = try await Self.importing(from: emulator)
    let elapsed = clock.now - start
    await emulator.stop()
    #expect(imported.inventory.devices.count == 7)
    #expect(elapsed >= .seconds(1))
    #expect(emulator.requests.filter { $0.path == "/api/dcim/devices/" }.count == 2)
  }

  @Test(arguments: [500, 502, 503, 504])
  func retriesA5xxThenSucceeds(status: Int) async throws {
    let emulator = try await NetBoxEmulator.start(
      .v3, faults: ["interfaces": .status(status, times: 2)])
    let imported = try await Self.importing(from: emulator)
    await emulator.stop()
    #expect(InventoryEncoder.jsonBytes(imported.inventory) == (try NetBoxFixtures.expected))
  }

  @Test func retriesATimeoutThenSucceeds() async throws {
    let emulator = try await NetBoxEmulator.start(
      .v4, faults: ["sites": .delay(seconds: 4, times: 1)])
    let imported = try await Self.importing(from: emulator)
    await emulator.stop()
    #expect(imported.inventory.devices.count == 7)
  }

  @Test func givesUpOnA500AfterTheAttempts() async throws {
    let error = try await Self.failure(.status(500))
    #expect(error.kind == .unavailable)
    #expect(error.message.contains("/api/dcim/devices/?limit=40"))
    #expect(error.message.contains("500 Internal Server Error"))
    #expect(error.message.contains("tried 3 times"))
  }

  @Test func givesUpOnA429AfterTheAttempts() async throws {
    let error = try await Self.failure(.status(429, retryAfter: "0"))
    #expect(error.kind == .unavailable)
    #expect(error.message.contains("429 Too Many Requests"))
  }

  @Test func givesUpOnTimeouts() async throws {
    let error = try await Self.failure(.delay(seconds: 4), on: "interfaces")
    #expect(error.kind == .unavailable)
    #expect(error.message.contains("/api/dcim/interfaces/?limit=40&device_id=1"))
    #expect(error.message.contains("gave no answer within 2 s"))
  }

  @Test(arguments: [
    (NetBoxEmulator.Fault.nextLoop, "names a page already read"),
    (.endlessPages, "records read where it counted 40"),
    (.emptyPageWithNext, "a page without records links to another"),
  ])
  func refusesAListingThatNeverEnds(fault: NetBoxEmulator.Fault, expected: String) async throws {
    let error = try await Self.failure(fault, on: "interfaces")
    #expect(error.kind == .invalidAnswer)
    #expect(error.message.contains("never ends"))
    #expect(error.message.contains(expected), "\(error.message)")
  }

  @Test(arguments: [
    (401, "401 Unauthorized"), (403, "403 Forbidden"), (404, "404 Not Found"),
    (400, "400 Bad Request"),
  ])
  func refusalsNameTheURLAndTheStatus(status: Int, text: String) async throws {
    let error = try await Self.failure(.status(status), on: "sites")
    #expect(error.kind == .refused)
    #expect(error.message.contains("GET http://127.0.0.1:"))
    #expect(error.message.contains("/api/dcim/sites/?limit=40"))
    #expect(error.message.contains(text))
  }

  @Test func anUnknownRoleNamesNetBoxsReason() async throws {
    let error = try await Self.failure(.status(400), on: "devices")
    #expect(error.kind == .refused)
    #expect(
      error.message.contains(
        "400 Bad Request (\"role: Select a valid choice. access-switch is not one of the "
          + "available choices.\"); check --url, and that NetBox knows each --device-role"),
      "\(error.message)")
  }

  @Test func aWrongTokenIsRefusedAndNeverShown() async throws {
    let emulator = try await NetBoxEmulator.start(.v4)
    let secret = "wrong-secret-4242"
    let error = await #expect(throws: NetBoxError.self) {
      try await Self.importing(from: emulator, token: secret)
    }
    await emulator.stop()
    #expect(error?.kind == .refused)
    #expect(error?.message.contains("403 Forbidden (\"Invalid token\")") == true)
    #expect(error?.description.contains(secret) == false)
    #expect(emulator.requests.count == 1)
  }

  @Test func aPageThatIsNotJSONIsRefused() async throws {
    let error = try await Self.failure(.notJSON, on: "sites")
    #expect(error.kind == .invalidAnswer)
    #expect(error.message.contains("the answer is not JSON"))
  }

  @Test func aRedirectIsRefusedWithoutFollowingIt() async throws {
    let error = try await Self.failure(.redirect, on: "sites")
    #expect(error.kind == .refused)
    #expect(error.message.contains("301 Moved Permanently"))
    #expect(error.message.contains("to https://netbox.example.com/api/dcim/sites/"))
  }

  @Test func anUnreachableHostIsNamed() async throws {
    // A port that was just free: nothing listens there.
    let emulator = try await NetBoxEmulator.start(.v4)
    await emulator.stop()
    var patient = Self.quick
    patient.requestTimeout = .seconds(20)
    let error = await #expect(throws: NetBoxError.self) {
      try await Self.importing(from: emulator, settings: patient)
    }
    #expect(error?.kind == .unavailable)
    #expect(error?.message.contains("GET \(emulator.baseURL)/api/dcim/sites/") == true)
    #expect(error?.message.contains("cannot be reached") == true, "\(error?.message ?? "")")
  }

  @Test(arguments: [
    ("https://netbox.example.com", "https://netbox.example.com", ""),
    ("https://netbox.example.com/", "https://netbox.example.com", ""),
    ("http://10.0.0.5:8000/netbox/api/", "http://10.0.0.5:8000", "/netbox"),
    ("HTTPS://[::1]:8443", "https://[::1]:8443", ""),
  ])
  func addresses(text: String, origin: String, basePath: String) throws {
    let address = try NetBoxAddress(text)
    #expect(address.origin == origin)
    #expect(address.basePath == basePath)
  }

  @Test(arguments: ["netbox.example.com", "ftp://netbox", "https://user:pw@netbox", "https://"])
  func badAddresses(text: String) {
    let error = #expect(throws: NetBoxError.self) { try NetBoxAddress(text) }
    #expect(error?.kind == .usage)
  }

  @Test func tokens() throws {
    #expect(try NetBoxToken("  abc\n", source: "x").authorization == "Token abc")
    #expect(try NetBoxToken("nbt_abc.def", source: "x").authorization == "Bearer nbt_abc.def")
    #expect("\(try NetBoxToken("abc", source: "x"))" == "NetBoxToken(hidden)")
    for bad in ["", " \n", "ab c", "ab\u{1B}c", "abc\r\nX-Other: 1", "naïve"] {
      let error = #expect(throws: NetBoxError.self) { try NetBoxToken(bad, source: "token file t") }
      #expect(error?.kind == .usage)
      #expect(error?.message.hasPrefix("token file t ") == true)
    }
  }
}
