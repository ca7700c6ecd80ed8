/// An inventory that contradicts itself, found by ``Inventory/init(regions:accessPoints:devices:connections:highSpeedWhitelist:policy:)``:
/// every problem, each naming where it is as a path into the arrays given
/// (`devices[3].ports[1].name`, `connections[12].port`) and saying what would fix it.
///
/// The file decoders report the same rules as ``InputError``, with the file's JSON paths.
public struct InventoryError: Error, Sendable, Hashable, CustomStringConvertible {
  /// One contradiction, at one place.
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// A path into the arrays the inventory was made from, such as `devices[3].accessPoint`.
    public var place: String
    /// What is wrong and what would fix it.
    public var message: String

    /// `devices[3].accessPoint: unknown access point "ap-9"; ...`.
    public var description: String { "\(place): \(message)" }
  }

  /// At least one, in the order of the arrays: regions, access points, devices, connections,
  /// the whitelist, the policy.
  public var problems: [Problem]

  /// One problem per line, up to ``InputError/problemsShown``.
  public var description: String {
    let shown = problems.prefix(InputError.problemsShown).map(\.description)
    let more = problems.count - shown.count
    return (shown + (more > 0 ? ["... and \(more) more problems"] : [])).joined(separator: "\n")
  }
}
