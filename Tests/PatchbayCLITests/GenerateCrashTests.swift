import Foundation
import Testing

/// `patchbay generate` killed with SIGKILL at random moments while it replaces a folder's pair:
/// each time, the folder holds the old pair or the new pair, byte for byte, never a new
/// inventory beside old requests, and the user's other file in it is still there.
@Suite struct GenerateCrashTests {
  static let kills = 12
  static let arguments = ["generate", "--preset", "medium"]

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

    var interrupted = 0
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
      if process.process.terminationReason == .uncaughtSignal { interrupted += 1 }
      let pair = try Pair(target)
      #expect(pair == oldPair || pair == newPair, "kill \(kill): a mixed pair")
      #expect(
        (try? String(contentsOfFile: target + "/notes.txt", encoding: .utf8)) == "mine",
        "kill \(kill): the user's file is gone")
      if process.process.terminationReason == .exit {
        #expect(result.status == 0 && pair == newPair, "kill \(kill): \(result.stderr)")
      }
      try? FileManager.default.removeItem(atPath: target)
    }
    // Kills aimed over the end of the run land inside it most of the time.
    #expect(interrupted > 0)
  }
}
