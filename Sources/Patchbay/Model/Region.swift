/// A cloud region, such as `cn-hangzhou`.
public struct Region: Hashable, Sendable {
  public var id: RegionID
  public var name: String?

  public init(id: RegionID, name: String? = nil) {
    self.id = id
    self.name = name
  }
}
