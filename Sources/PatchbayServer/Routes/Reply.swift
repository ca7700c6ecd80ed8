import HTTPTypes
import Hummingbird
import NIOCore

/// What a route answers, before it becomes a response: small enough to keep whole under an
/// idempotency key, and sent in slices so a large body (a plan, the inventory) is not copied
/// into a second buffer of its size.
struct Reply: Sendable {
  var status: HTTPResponse.Status
  var contentType: String
  var body: [UInt8]
  var headers: HTTPFields = [:]

  init(status: HTTPResponse.Status = .ok, contentType: String = "application/json", body: [UInt8])
  {
    self.status = status
    self.contentType = contentType
    self.body = body
  }

  /// Bodies are written a slice of this size at a time.
  static let sliceSize = 256 * 1024

  var response: Response {
    var fields = headers
    fields[.contentType] = contentType
    let body = self.body
    guard body.count > Self.sliceSize else {
      return Response(
        status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
    return Response(
      status: status, headers: fields,
      body: ResponseBody(contentLength: body.count) { writer in
        var start = 0
        while start < body.count {
          let end = min(start + Self.sliceSize, body.count)
          try await writer.write(ByteBuffer(bytes: body[start..<end]))
          start = end
        }
        try await writer.finish(nil)
      })
  }
}
