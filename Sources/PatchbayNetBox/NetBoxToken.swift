/// NetBox's API token. It is only ever put into the `Authorization` header: no description,
/// message or log shows it (its `description` is a placeholder).
package struct NetBoxToken: Sendable, Hashable, CustomStringConvertible {
  private let secret: String

  /// A token as given; surrounding white space (a file's final newline) is dropped.
  ///
  /// - Parameter source: where it came from, for messages (`token file /run/netbox-token`).
  package init(_ text: String, source: String) throws(NetBoxError) {
    let trimmed = text.trimmingWhiteSpace
    guard !trimmed.isEmpty else {
      throw NetBoxError(.usage, "\(source) is empty; put NetBox's API token in it")
    }
    // A header value is printable ASCII; anything else would be refused by the server or split
    // the header. The token is not shown: only where it came from.
    guard trimmed.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
      throw NetBoxError(
        .usage,
        "\(source) holds a character that cannot be sent in an HTTP header (a space, a control "
          + "character or a non-ASCII letter); it should hold the token alone, on one line")
    }
    secret = trimmed
  }

  /// Reads the token from `--token-file`, or else from `NETBOX_TOKEN`.
  package static func resolve(file: String?, environment: [String: String]) throws(NetBoxError)
    -> NetBoxToken
  {
    if let file {
      let bytes = try SmallFile.bytes(file, what: "token file", maximum: 64 << 10)
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw NetBoxError(.usage, "token file \(file) is not UTF-8 text; it should hold the token")
      }
      return try NetBoxToken(text, source: "token file \(file)")
    }
    guard let text = environment["NETBOX_TOKEN"], !text.isEmpty else {
      throw NetBoxError(
        .usage,
        "no NetBox token: give --token-file FILE, or set NETBOX_TOKEN (a token that may read "
          + "sites, devices and interfaces)")
    }
    return try NetBoxToken(text, source: "NETBOX_TOKEN")
  }

  /// `Token T` (NetBox's scheme); `Bearer T` for NetBox 4.5's v2 tokens (`nbt_...`).
  var authorization: String {
    secret.hasPrefix("nbt_") ? "Bearer \(secret)" : "Token \(secret)"
  }

  package var description: String { "NetBoxToken(hidden)" }
}

extension String {
  fileprivate var trimmingWhiteSpace: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
