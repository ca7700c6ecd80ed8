import Testing

@testable import Patchbay

/// No plan makes the plan decoder, the checker or `apply` crash.
@Suite struct PlanFuzzTests {
  /// Mutations of the shipped plans: each decodes or fails with an ``InputError`` naming the
  /// file, and whatever decodes goes through the checker and `apply` without a crash.
  @Test(arguments: ["plans/datacenter-hand-made.json", "plans/datacenter-violations.json"])
  func mutatedPlansNeverCrash(_ file: String) throws {
    let original = try Fixtures.bytes(file)
    let (_, inventory, requests) = try TestPlans.datacenter()
    var random = SplitMix64(seed: 20_240_601)
    var decoded = 0
    for _ in 0..<400 {
      var bytes = original
      for _ in 0...Int(random.next() % 4) {
        let at = Int(random.next() % UInt64(bytes.count))
        switch random.next() % 4 {
        case 0:
          let structural = Array("{}[]\",:-0 az".utf8)
          bytes[at] = structural[Int(random.next() % UInt64(structural.count))]
        case 1: bytes.remove(at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count - 1, at + Int(random.next() % 40)))
        default:
          let from = Int(random.next() % UInt64(bytes.count))
          bytes.insert(contentsOf: bytes[from..<min(bytes.count, from + 60)], at: at)
        }
      }
      do {
        let plan = try PlanDecoder.decode(bytes, file: "fuzz.json")
        decoded += 1
        _ = PlanChecker.check(plan, inventory: inventory, requests: requests)
        _ = try? PlanApplication.apply(plan, to: inventory)
      } catch {
        #expect(error.file == "fuzz.json")
        #expect(!error.problems.isEmpty)
      }
    }
    #expect(decoded > 0)
  }
}
