/// One page of a paged listing (``Provisioner/interfaces(matching:pageToken:pageSize:)``):
/// interfaces newest first, and the token of the page after it.
public struct InterfacePage: Sendable {
  /// The page's interfaces, the most recently applied for first.
  public var interfaces: [Interface]
  /// The token of the next page; `nil` on the last page.
  public var next: InterfacePageToken?

  /// A page of `interfaces`, followed by the page that `next` names (none when `nil`).
  ///
  /// - Parameters:
  ///   - interfaces: the page's interfaces, the most recently applied for first.
  ///   - next: the token of the next page, `nil` on the last page.
  public init(interfaces: [Interface], next: InterfacePageToken?) {
    self.interfaces = interfaces
    self.next = next
  }
}
