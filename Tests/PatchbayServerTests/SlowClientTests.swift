import Foundation
import PatchbayServer
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A client that announces a body and never sends it gets 408 after `--request-timeout`, and
/// the server goes on serving others meanwhile.
@Suite(.serialized) struct SlowClientTests {
  @Test func aBodyThatNeverArrivesIs408() async throws {
    let tokens = try TestTokens.make()
    let database = try await ServerBackend.sqlite.newDatabase(try Fixtures.dataCentre())
    var settings = ServerSettings(host: "127.0.0.1", port: 0)
    settings.requestTimeout = 1
    let server = try await RunningServer.start(
      .sqlite, database: database, tokens: tokens, settings: settings)
    defer { Task { await server.stop() } }
    let port = try #require(Int(server.baseURL.split(separator: ":").last ?? ""))
    // The exchange blocks its thread in recv: a thread of its own, never one of the few that
    // run Swift tasks (the server's handlers among them).
    let slow = Task {
      try await RawConnection.onOwnThread(
        port: port,
        "POST /v1/interfaces HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + "\(tokens.operatorToken)\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{")
    }
    // Meanwhile another client is served.
    let health = try await APIClient(baseURL: server.baseURL, token: nil).get("/healthz")
    #expect(health.status == 200)
    let answer = try await slow.value
    #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
    #expect(answer.contains("request_timeout"))
  }
}

/// A plain TCP exchange: send the text, read until the server closes or 30 s pass.
enum RawConnection {
  struct Failure: Error { var step: String }

  static func onOwnThread(port: Int, _ text: String) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(with: Result { try exchange(port: port, text) })
      }.start()
    }
  }

  static func exchange(port: Int, _ text: String) throws -> String {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Failure(step: "socket") }
    defer { close(socket) }
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(
      socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(step: "connect") }
    let bytes = Array(text.utf8)
    guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw Failure(step: "send") }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(socket, &buffer, buffer.count, 0)
      if count <= 0 { break }
      received += buffer[0..<count]
      // The answer is complete once its body (a problem, one line) has arrived.
      if let text = String(bytes: received, encoding: .utf8), text.contains("\r\n\r\n"),
        text.hasSuffix("\n"), !text.hasSuffix("\r\n\r\n")
      {
        break
      }
    }
    return String(decoding: received, as: UTF8.self)
  }
}
