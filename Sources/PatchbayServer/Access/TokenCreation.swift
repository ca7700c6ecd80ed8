import Foundation
@_spi(Tooling) import Patchbay

extension TokenFile {
  /// A new random token for a caller, appended (as its hash) to the tokens file at `path`, which
  /// is made when missing (`patchbay token create`). The token is returned once and kept
  /// nowhere: whoever loses it makes a new one.
  ///
  /// A token is `pbt_` and 43 characters of base64url: 256 random bits from the system's
  /// generator.
  ///
  /// - Throws: ``InputError`` when the file exists and is not a valid tokens file, when the
  ///   name is taken, or a customer has no account; ``OutputError`` when it cannot be written.
  public static func create(
    path: String, role: Caller.Role, account: AccountID?, name: String
  ) throws -> String {
    let existing: [UInt8]? = FileManager.default.fileExists(atPath: path)
      ? [UInt8](try Self.readable(path)) : nil
    var list: [Any] = []
    if let existing {
      _ = try TokenFile(bytes: existing, file: path)
      if let object = try? JSONSerialization.jsonObject(with: Data(existing)) as? [String: Any],
        let tokens = object["tokens"] as? [Any]
      {
        list = tokens
      }
    }
    var generator = SystemRandomNumberGenerator()
    let random = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    let token =
      "pbt_"
      + Data(random).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    var entry: [String: Any] = ["sha256": hexDigest(of: token), "role": role.rawValue, "name": name]
    if let account { entry["account"] = account.rawValue }
    list.append(entry)
    let data = try JSONSerialization.data(
      withJSONObject: ["tokens": list], options: [.prettyPrinted, .sortedKeys])
    // Checked as the server will read it: a taken name, a customer without an account or an
    // operator with one is refused here, before anything is written.
    let bytes = [UInt8](data) + [0x0A]
    _ = try TokenFile(bytes: bytes, file: path)
    try AtomicFile.write(bytes, toPath: path)
    return token
  }

  private static func readable(_ path: String) throws(InputError) -> Data {
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "cannot read the tokens file (\((error as NSError).localizedDescription))")
    }
  }
}
