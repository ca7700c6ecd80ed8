import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's JSON body within the server's bounds: the media type (415), the size
/// (413, before reading when `Content-Length` says so), and the time it may take (408), so a
/// slow or huge upload cannot hold the server.
enum JSONBody {
  /// The body's bytes; empty when the request has none and `required` is false.
  static func read(
    _ request: Request, limit: Int, timeout: Double, required: Bool
  ) async throws -> [UInt8] {
    if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
      throw tooLarge(limit)
    }
    let bytes = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
      group.addTask {
        do {
          let buffer = try await request.body.collect(upTo: limit)
          return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
          throw tooLarge(limit)
        }
      }
      group.addTask {
        try await Task.sleep(for: .seconds(timeout))
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let bytes = first else {
        throw Problem(
          .requestTimeout, code: "request_timeout",
          detail: "the body did not arrive within \(Int(timeout)) seconds")
      }
      return bytes
    }
    let isBlank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    if isBlank {
      guard !required else {
        throw Problem.malformed("this route takes a JSON body; none was sent")
      }
      return []
    }
    guard let type = request.headers[.contentType], isJSON(type) else {
      throw Problem(
        .unsupportedMediaType, code: "unsupported_media_type",
        detail: "send the body as JSON, with `Content-Type: application/json`"
          + (request.headers[.contentType].map { " (not \($0))" } ?? ""))
    }
    return bytes
  }

  /// `application/json`, `application/problem+json`, with or without parameters.
  static func isJSON(_ contentType: String) -> Bool {
    let type = contentType.split(separator: ";", maxSplits: 1).first?
      .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
  }

  private static func tooLarge(_ limit: Int) -> Problem {
    Problem(
      .contentTooLarge, code: "request_too_large",
      detail: "the body is over this route's limit of \(limit) bytes; split the batch, or ask the "
        + "operator to raise --max-body (--max-plan-body for plans)")
  }
}
