import Foundation
import Testing

/// `patchbay generate` killed with SIGKILL at random moments while it replaces a folder's pair:
/// each time, the folder holds the old pair or the new pair, byte for byte, never a new
/// inventory beside old requests, and the user's other file in it is still there.
@Suite struct GenerateCrashTests {
  static let kills = 16
  static let arguments = ["generate", "--preset", "medium", "--requests", "20000"]

  struct Pair: Equatable {
    var inventory: Data
    var requests: Data

    init(_ folder: String) throws {
      inventory = try Data(contentsOf: URL(fileURLWithPath: folder + "/inventory.json"))
      requests = try Data(contentsOf: URL(fileURLWithPath: folder + "/requests.json"))
    }
  }

  @Test func aKilledGenerateLeavesTheOldPairOrTheNewOne() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-generate-crash-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    // The two generations, and how long writing the second takes.
    let old = folder + "/old"
    let made = try PatchbayRunner.run(Self.arguments + ["--seed", "1", "--output", old])
    try #require(made.status == 0, "\(made.stderr)")
    let oldPair = try Pair(old)
    let new = folder + "/new"
    let started = Date()
    let remade = try PatchbayRunner.run(Self.arguments + ["--seed", "2", "--output", new])
    let duration = Date().timeIntervalSince(started)
    try #require(remade.status == 0, "\(remade.stderr)")
    let newPair = try Pair(new)
    try #require(oldPair.inventory != newPair.inventory && oldPair.requests != newPair.requests)

    var sawOld = 0
    var sawNew = 0
    for kill in 0..<Self.kills {
      let target = folder + "/kill-\(kill)"
      try FileManager.default.copyItem(atPath: old, toPath: target)
      try "mine".write(toFile: target + "/notes.txt", atomically: false, encoding: .utf8)
      let process = try StartedProcess(Self.arguments + ["--seed", "2", "--output", target])
      // Aimed at the end of the run, where the files are written and swapped.
      Thread.sleep(forTimeInterval: Double.random(in: (duration * 0.4)...(duration * 1.1)))
      if process.process.isRunning {
        Foundation.kill(process.process.processIdentifier, SIGKILL)
      }
      let result = process.finish()
      let pair = try Pair(target)
      #expect(pair == oldPair || pair == newPair, "kill \(kill): a mixed pair")
      if pair == oldPair { sawOld += 1 } else if pair == newPair { sawNew += 1 }
      #expect(
        (try? String(contentsOfFile: target + "/notes.txt", encoding: .utf8)) == "mine",
        "kill \(kill): the user's file is gone")
      if process.process.terminationReason == .exit {
        #expect(result.status == 0 && pair == newPair, "kill \(kill): \(result.stderr)")
      }
      try? FileManager.default.removeItem(atPath: target)
    }
    // The kills land on both sides of the swap, or the test saw nothing.
    #expect(sawOld > 0)
    #expect(sawNew > 0)
  }
}
