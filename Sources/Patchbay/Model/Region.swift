/// A cloud region, such as `cn-hangzhou`.
public struct Region: Hashable, Sendable {
  /// The region's id, such as `cn-hangzhou`.
  public var id: RegionID
  /// A name for people, such as `China (Hangzhou)`; `nil` when the inventory gives none.
  public var name: String?

  /// Makes a region.
  public init(id: RegionID, name: String? = nil) {
    self.id = id
    self.name = name
  }
}
