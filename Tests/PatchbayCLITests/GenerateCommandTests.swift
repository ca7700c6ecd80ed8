import Foundation
import Testing

@Suite struct GenerateCommandTests {
  @Test func generatesTheSameFilesForASeedAndExportsModels() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "patchbay-generate-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let first = base.appendingPathComponent("a").path
    let second = base.appendingPathComponent("b").path
    for folder in [first, second] {
      let output = try PatchbayRunner.run(
        "generate", "--preset", "tight", "--seed", "5", "--output", folder, "--requests", "500")
      #expect(output.status == 0, "\(output.stderr)")
      #expect(output.stderr.contains("500 requests"))
    }
    for file in ["inventory.json", "requests.json"] {
      let a = try Data(contentsOf: URL(fileURLWithPath: first).appendingPathComponent(file))
      let b = try Data(contentsOf: URL(fileURLWithPath: second).appendingPathComponent(file))
      #expect(a == b, "\(file)")
    }
    let models = base.appendingPathComponent("models").path
    let allocate = try PatchbayRunner.run(
      "allocate", "--inventory", first + "/inventory.json", "--requests",
      first + "/requests.json", "--export-model", models)
    #expect(allocate.status == 0, "\(allocate.stderr)")
    let written = try FileManager.default.contentsOfDirectory(atPath: models)
    #expect(written.contains { $0.hasSuffix(".priority-0.lp") })
    #expect(written.contains { $0.hasSuffix(".spread.lp") })
  }

  @Test(arguments: [
    ["--prefill", "1.5"], ["--access-points", "0"], ["--preset", "gigantic"], ["--skew", "-1"],
  ])
  func refusesBadKnobs(_ extra: [String]) throws {
    let output = try PatchbayRunner.run(["generate", "--output", "/tmp/never"] + extra)
    #expect(output.status == 64, "\(output.stderr)")
  }
}
