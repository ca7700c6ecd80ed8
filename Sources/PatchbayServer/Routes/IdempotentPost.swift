import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PatchbayStore

/// `Idempotency-Key` on a POST (SERVICE.md "Idempotency", docs/SERVER.md): the first request
/// with a key claims it in the database, and its answer is kept there, so a retry through any
/// instance gets the same answer without the work being done twice.
struct IdempotentPost: Sendable {
  let records: any IdempotencyRecords
  let takeOverAfter: Duration

  static let header = HTTPField.Name("Idempotency-Key")!
  static let replayed = HTTPField.Name("Idempotency-Replayed")!

  /// Runs `work` once per key and body; without a key, simply runs it. A 4xx answer (a problem
  /// thrown by `work`) is kept like a success; a 5xx releases the key, so a retry does the work.
  func run(
    _ request: Request, context: ServerContext, caller: Caller, body: [UInt8],
    work: () async throws -> Reply
  ) async throws -> Reply {
    guard let text = request.headers[Self.header] else { return try await work() }
    let key: IdempotencyKey
    do {
      key = try IdempotencyKey(caller: caller.name, key: text)
    } catch {
      throw Problem(
        .badRequest, code: "malformed_request", detail: "Idempotency-Key: \(error)",
        errors: [.init(detail: "\(error)", parameter: "Idempotency-Key")])
    }
    let fingerprint = Self.fingerprint(
      method: request.method.rawValue, target: request.uri.description, body: body)
    switch try await records.claim(
      key, fingerprint: fingerprint, now: Date(), takeOverAfter: takeOverAfter)
    {
    case .replay(let stored):
      var reply = Reply(
        status: HTTPResponse.Status(code: stored.status), contentType: stored.contentType,
        body: stored.body)
      if let location = stored.location { reply.headers[.location] = location }
      reply.headers[Self.replayed] = "true"
      return reply
    case .inFlight:
      throw Problem(
        .conflict, code: "idempotency_key_in_flight",
        detail: "a request with this Idempotency-Key is still running; retry once it has "
          + "answered to get its answer")
    case .reused:
      throw Problem(
        .unprocessableContent, code: "idempotency_key_reused",
        detail: "this Idempotency-Key was used for another request (another method, path or "
          + "body); use a new key for a new request")
    case .claimed:
      let reply: Reply
      do {
        reply = try await work()
      } catch let problem as Problem where problem.status.code < 500 {
        reply = problem.reply(instance: request.uri.path, requestID: context.id)
      } catch {
        try? await records.release(key, fingerprint: fingerprint)
        throw error
      }
      let stored = StoredResponse(
        status: Int(reply.status.code), contentType: reply.contentType,
        location: reply.headers[.location], body: reply.body)
      do {
        try await records.complete(key, fingerprint: fingerprint, response: stored, now: Date())
      } catch {
        // The work is done and committed: the client gets its answer. A retry finds the key
        // in flight (409) until it is taken over, and then meets the work already done
        // (`duplicate_interface`, `invalid_transition`), never a second one.
        context.logger.warning(
          "the answer could not be kept under its idempotency key",
          metadata: ["error": "\(error)"])
      }
      return reply
    }
  }

  /// What a retry must repeat: the method, the path with its query, and the body.
  static func fingerprint(method: String, target: String, body: [UInt8]) -> String {
    var hash = SHA256()
    hash.update(data: Array("\(method) \(target)\n".utf8))
    hash.update(data: body)
    return hash.finalize().map { String(format: "%02x", $0) }.joined()
  }
}
