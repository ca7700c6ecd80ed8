import Crypto
import Foundation
import Patchbay

/// The body of `POST /v1/interfaces` made into what the library reads: one request object with
/// an `id` (made here when left out) and an `account` (a customer's, from its token).
enum ApplicationBody {
  /// The request, decoded by the library's decoder after the server's two additions.
  ///
  /// - Throws: ``Problem`` 403 when a customer names another account, 400 when the body is not
  ///   one request object (the decoder's problems at their pointers).
  ///
  /// An id made here for a request with an `Idempotency-Key` is derived from the caller and the
  /// key, so that a request run again after its key was taken over is `duplicate_interface`,
  /// never a second interface.
  static func request(from bytes: [UInt8], caller: Caller, idempotencyKey: String?) throws
    -> Patchbay.Request
  {
    let object: [String: Any]
    do {
      object = try SmallBodies.object(bytes)
    } catch let problem as Problem {
      throw Problem.malformed(
        "the body must be one request object as in requests.json: " + problem.detail,
        errors: problem.errors)
    }
    var added: [(String, String)] = []
    if object["id"] == nil || object["id"] is NSNull {
      added.append(("id", newID(caller: caller, idempotencyKey: idempotencyKey)))
    }
    switch (caller.role, object["account"]) {
    case (.customer, nil), (.customer, is NSNull):
      added.append(("account", caller.account?.rawValue ?? ""))
    case (.customer, let account as String) where AccountID(account) != caller.account:
      throw Problem.forbidden(
        "this token acts for account \(caller.account?.rawValue ?? ""), not \(account); "
          + "leave \"account\" out or give your own")
    default:
      break
    }
    let body = added.isEmpty ? bytes : with(added, in: bytes)
    do {
      return try RequestsDecoder.decodeSingle(body, file: "the request body")
    } catch {
      throw Problem(error)
    }
  }

  /// A new interface id: `if-` and 16 hexadecimal digits, random, or with a key the first
  /// digits of the SHA-256 of the caller's name and the key.
  static func newID(caller: Caller, idempotencyKey: String?) -> String {
    guard let idempotencyKey else {
      return "if-" + String(format: "%016llx", UInt64.random(in: .min ... .max))
    }
    let digest = SHA256.hash(data: Array("\(caller.name)\n\(idempotencyKey)".utf8))
    return "if-" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
  }

  /// The object's text with members added at its start, so that everything the client wrote
  /// (and every place a message names) stays as it was.
  private static func with(_ members: [(String, String)], in bytes: [UInt8]) -> [UInt8] {
    guard let brace = bytes.firstIndex(of: UInt8(ascii: "{")) else { return bytes }
    let rest = bytes[(brace + 1)...]
    let isEmpty = rest.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } == UInt8(ascii: "}")
    var text = Array(bytes[...brace])
    for (index, (name, value)) in members.enumerated() {
      if index > 0 { text.append(UInt8(ascii: ",")) }
      let encoded = (try? JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed))
        .map { [UInt8]($0) } ?? Array("\"\"".utf8)
      text += Array("\"\(name)\":".utf8) + encoded
    }
    if !isEmpty { text.append(UInt8(ascii: ",")) }
    return text + rest
  }
}
