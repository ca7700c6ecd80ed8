import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer of the server, with its body parsed when it is JSON.
struct APIResponse: Sendable {
  let status: Int
  let headers: [(String, String)]
  let body: [UInt8]

  func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }

  var text: String { String(decoding: body, as: UTF8.self) }

  /// The body as a JSON object (an empty object when it is not one).
  var object: [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
  }

  var array: [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
  }

  /// A problem's code, or `nil`.
  var code: String? { object["code"] as? String }
}

/// Real HTTP over loopback, with async-http-client: what a provisioning service in any
/// language does.
struct APIClient: Sendable {
  let baseURL: String
  var token: String?

  func send(
    _ method: HTTPMethod, _ path: String, json: String? = nil, body: [UInt8]? = nil,
    contentType: String? = nil, headers extra: [(String, String)] = []
  ) async throws -> APIResponse {
    var request = HTTPClientRequest(url: baseURL + path)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    let bytes = body ?? json.map { Array($0.utf8) }
    if let bytes {
      request.body = .bytes(ByteBuffer(bytes: bytes))
      request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
    }
    for (name, value) in extra { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
    let collected = try await response.body.collect(upTo: 256 << 20)
    let answer = APIResponse(
      status: Int(response.status.code),
      headers: response.headers.map { ($0.name, $0.value) },
      body: Array(collected.readableBytesView))
    try OpenAPIConformance.check(method: method.rawValue, path: path, answer)
    return answer
  }

  func get(_ path: String) async throws -> APIResponse { try await send(.GET, path) }

  func post(_ path: String, _ json: String? = nil, headers: [(String, String)] = [])
    async throws -> APIResponse
  {
    try await send(.POST, path, json: json, headers: headers)
  }

  func with(token: String?) -> APIClient { APIClient(baseURL: baseURL, token: token) }
}
