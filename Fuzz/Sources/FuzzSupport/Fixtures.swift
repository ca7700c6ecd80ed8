import Patchbay

/// The shipped data centre (fixtures/datacenter), which the fuzzers use as the other half of
/// their input: requests are validated against its inventory, plans checked against it and its
/// batch. Found from this file's path, so the fuzzers run from any folder.
public enum Fixtures {
  /// The repository's root: four folders up from `Fuzz/Sources/FuzzSupport/Fixtures.swift`.
  static let root = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    .dropLast(4).joined(separator: "/")

  public static let inventory: Inventory = {
    do {
      return try InventoryDecoder.read(path: root + "/fixtures/datacenter/inventory.json")
    } catch {
      fatalError("the fuzzers need the shipped inventory: \(error)")
    }
  }()

  public static let requests: [Request] = {
    do {
      return try RequestsDecoder.read(path: root + "/fixtures/datacenter/requests.json")
    } catch {
      fatalError("the fuzzers need the shipped requests: \(error)")
    }
  }()
}
