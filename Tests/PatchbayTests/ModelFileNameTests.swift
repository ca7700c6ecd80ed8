import Testing

@testable import Patchbay

/// `--export-model` file names from access point ids: never a path, never hidden, never shared
/// by two ids, never longer than a file name may be.
@Suite struct ModelFileNameTests {
  @Test(arguments: [
    ("ap-cn-hangzhou-yh-B", "ap-cn-hangzhou-yh-B"),
    ("ap.1_x", "ap.1_x"),
    ("../x", "%2E.%2Fx"),
    ("a/b", "a%2Fb"),
    ("..", "%2E."),
    (".hidden", "%2Ehidden"),
    ("/etc/passwd", "%2Fetc%2Fpasswd"),
    ("ap 1", "ap%201"),
    ("100%", "100%25"),
    ("杭州", "%E6%9D%AD%E5%B7%9E"),
    ("a\nb", "a%0Ab"),
    ("", ""),
  ])
  func idsAreMadeSafe(id: String, name: String) {
    #expect(ModelFileName.safe(id) == name)
  }

  @Test func theFileNameHasTheStage() {
    #expect(ModelFileName.lp(accessPoint: "a/b", stage: "spread") == "a%2Fb.spread.lp")
    #expect(
      ModelFileName.lp(accessPoint: "../x", stage: "priority-2") == "%2E.%2Fx.priority-2.lp")
  }

  @Test(arguments: [1, 2, 3, 66, 67, 68, 150, 1000])
  func aLongIdIsCutWithAHashAndStaysUnique(escapes: Int) {
    // Ids whose escapes straddle the cut at every offset.
    let ids = (0..<3).map {
      String(repeating: "a", count: $0) + String(repeating: "/", count: escapes)
    }
    let names = ids.map(ModelFileName.safe)
    for (id, name) in zip(ids, names) {
      #expect(name.utf8.count <= ModelFileName.longest, "\(id.count): \(name.utf8.count)")
      #expect(!name.contains("/") && !name.hasPrefix("."))
      // No %XX is split by the cut.
      let beforeHash = name.split(separator: "~").first.map(String.init) ?? name
      let percents = beforeHash.enumerated().filter { $0.element == "%" }.map(\.offset)
      #expect(percents.allSatisfy { $0 + 2 < beforeHash.count })
    }
    #expect(Set(names).count == ids.count)
  }

  @Test func distinctIdsGetDistinctNames() {
    let ids = ["a/b", "a%2Fb", "a_b", "a.b", ".ab", "%2Eab", "a b", "a+b", "A/B", "a//b"]
    #expect(Set(ids.map(ModelFileName.safe)).count == ids.count)
  }
}
