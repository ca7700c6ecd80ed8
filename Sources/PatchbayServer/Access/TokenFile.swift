import Crypto
import Foundation
import Patchbay

/// The tokens file of `patchbay serve --tokens` (SERVICE.md "patchbay serve"): who may call, by
/// the SHA-256 of their bearer token. Only hashes are stored, so the file gives no token away.
///
/// ```json
/// {"tokens": [{"sha256": "HEX", "role": "customer", "account": "1001", "name": "console"}]}
/// ```
public struct TokenFile: Sendable {
  /// One caller of the file and its token's hash.
  struct Entry: Sendable {
    var digest: [UInt8]
    var caller: Caller
  }

  let entries: [Entry]

  /// Reads and checks a tokens file: every entry needs a 64-digit hexadecimal `sha256`, a
  /// `role`, a `name` unique in the file, and an `account` for a customer only.
  ///
  /// - Throws: ``InputError`` naming the file and the entry (`tokens[2].role`) and what to do.
  public init(path: String) throws(InputError) {
    let bytes: [UInt8]
    do {
      bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "cannot read the tokens file (\((error as NSError).localizedDescription)); "
          + "make one with `patchbay token create --tokens \(path) --role operator --name NAME`")
    }
    try self.init(bytes: bytes, file: path)
  }

  /// Checks a tokens file's bytes; `file` names it in messages.
  init(bytes: [UInt8], file: String) throws(InputError) {
    guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
      entries = []
      return
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      throw InputError(
        file: file, place: nil, message: "not JSON: \((error as NSError).localizedDescription)")
    }
    guard let object = root as? [String: Any], let list = object["tokens"] as? [Any] else {
      throw InputError(
        file: file, place: nil,
        message: "expected an object with a \"tokens\" array, as `patchbay token create` writes")
    }
    var problems: [InputError.Problem] = []
    var entries: [Entry] = []
    var names: [String: Int] = [:]
    var digests: [[UInt8]: Int] = [:]
    for (index, item) in list.enumerated() {
      let place = "tokens[\(index)]"
      guard let fields = item as? [String: Any] else {
        problems.append(.init(place: place, message: "expected an object"))
        continue
      }
      do {
        let entry = try Self.entry(fields, place: place)
        if let first = names.updateValue(index, forKey: entry.caller.name) {
          problems.append(
            .init(
              place: "\(place).name",
              message: "\"\(entry.caller.name)\" is also the name of tokens[\(first)]; names "
                + "must be unique (idempotency keys and logs are kept by name)"))
        }
        if let first = digests.updateValue(index, forKey: entry.digest) {
          problems.append(
            .init(place: "\(place).sha256", message: "the same token as tokens[\(first)]"))
        }
        entries.append(entry)
      } catch {
        problems.append(error)
      }
    }
    guard problems.isEmpty else { throw InputError(file: file, problems: problems) }
    self.entries = entries
  }

  private static func entry(_ fields: [String: Any], place: String) throws(InputError.Problem)
    -> Entry
  {
    guard let hex = fields["sha256"] as? String, let digest = Self.bytes(hex: hex),
      digest.count == SHA256.byteCount
    else {
      throw .init(
        place: "\(place).sha256",
        message: "expected the token's SHA-256 as 64 hexadecimal digits")
    }
    guard let roleName = fields["role"] as? String, let role = Caller.Role(rawValue: roleName)
    else {
      throw .init(place: "\(place).role", message: "expected \"operator\" or \"customer\"")
    }
    guard let name = fields["name"] as? String, !name.isEmpty,
      !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else {
      throw .init(
        place: "\(place).name", message: "expected a name for the token (who holds it)")
    }
    let account = fields["account"]
    switch role {
    case .customer:
      guard let account = account as? String, !account.isEmpty else {
        throw .init(
          place: "\(place).account",
          message: "a customer's token needs the account it acts for, as a string")
      }
      return Entry(
        digest: digest, caller: Caller(name: name, role: role, account: AccountID(account)))
    case .operator:
      guard account == nil || account is NSNull else {
        throw .init(
          place: "\(place).account",
          message: "an operator acts for every account; remove \"account\"")
      }
      return Entry(digest: digest, caller: Caller(name: name, role: role, account: nil))
    }
  }

  /// The caller whose token this is, or `nil`. The token's hash is compared with every entry's
  /// in full, matched or not, so the time taken says nothing about which bytes matched.
  func caller(presenting token: some StringProtocol) -> Caller? {
    let digest = Array(SHA256.hash(data: Array(token.utf8)))
    var found: Caller?
    for entry in entries {
      var difference: UInt8 = 0
      for (left, right) in zip(entry.digest, digest) { difference |= left ^ right }
      if difference == 0 { found = entry.caller }
    }
    return found
  }

  /// The SHA-256 of a token, as the file keeps it.
  static func hexDigest(of token: String) -> String {
    SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  private static func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count.isMultiple(of: 2) else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    for index in stride(from: 0, to: digits.count, by: 2) {
      guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
        return nil
      }
      bytes.append(high << 4 | low)
    }
    return bytes
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}

extension TokenFile {
  /// Whether the file lets no one in.
  public var isEmpty: Bool { entries.isEmpty }
}
