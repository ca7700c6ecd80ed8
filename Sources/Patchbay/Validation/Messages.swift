/// Small helpers that make rejection messages read as sentences.
enum Messages {
  /// Items joined for a sentence; long lists are cut with a count of the rest.
  static func list(_ items: [String], limit: Int = 12) -> String {
    guard !items.isEmpty else { return "none" }
    let shown = items.prefix(limit).joined(separator: ", ")
    return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
  }

  /// "ap-a, ap-b" for the access points of a region, or a phrase when there are none.
  static func accessPoints(in region: RegionID, of inventory: Inventory) -> String {
    let ids = inventory.accessPoints.filter { $0.region == region }.map(\.id.rawValue)
    return ids.isEmpty ? "no access points" : "access points \(list(ids))"
  }
}
