/// Why an import from NetBox stopped. Every message names what it is about (the URL and the
/// HTTP status, the file, the record and field) and says what to do; none ever holds the token.
package struct NetBoxError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, which decides the command line's exit code (docs/NETBOX.md).
  package enum Kind: String, Sendable, Hashable {
    /// NetBox refused the request (401, 403, 404, a redirect, another 4xx): exit 66.
    case refused
    /// NetBox could not be reached, timed out, or stayed busy (429, 5xx) past the retries: exit
    /// 75, run the command again later.
    case unavailable
    /// NetBox answered something that is not a listing of the records asked for (not JSON, the
    /// wrong shape, a listing that never ends) or data that makes no inventory: exit 65.
    case invalidAnswer
    /// A file of the command (token file, port-type map) cannot be read: exit 66.
    case unreadableFile
    /// A file of the command holds what it must not (the port-type map's shape): exit 65.
    case invalidFile
    /// The command was called wrongly (no token anywhere, a URL that is not http or https):
    /// exit 64.
    case usage
  }

  package var kind: Kind
  package var message: String

  package init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  package var description: String { "patchbay: \(message)" }
}
