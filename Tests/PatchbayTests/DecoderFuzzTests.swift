import Foundation
import Testing

@testable import Patchbay

/// No input makes a decoder crash: random bytes, and random mutations of the fixtures, each
/// either decode or fail with an ``InputError`` that names the file. Bounded in time; the seed
/// is printed so that a failure can be replayed.
@Suite struct DecoderFuzzTests {
  static let seeds = [
    "datacenter/inventory.json", "datacenter/requests.json", "datacenter/requests.csv",
    "every-code/requests.json", "every-code/requests-json-only.json",
  ]

  /// How long each fuzz test runs; set PATCHBAY_FUZZ_SECONDS for a longer campaign.
  static let budget: Duration = .milliseconds(
    Int(ProcessInfo.processInfo.environment["PATCHBAY_FUZZ_SECONDS"].flatMap(Double.init) ?? 1.5)
      * 1000)

  /// A fixed seed from PATCHBAY_FUZZ_SEED replays a run; otherwise each run is new.
  static func generator() -> SplitMix64 {
    let fixed = ProcessInfo.processInfo.environment["PATCHBAY_FUZZ_SEED"].flatMap(UInt64.init)
    return SplitMix64(seed: fixed ?? UInt64.random(in: 0...UInt64.max))
  }

  /// Decodes `bytes` as every kind of file; throws only if an error is not an ``InputError``.
  static func decodeEverything(_ bytes: [UInt8]) {
    for kind in ["inventory", "json", "csv"] {
      do {
        switch kind {
        case "inventory": _ = try InventoryDecoder.decode(bytes, file: "fuzz.json")
        case "json": _ = try RequestsDecoder.decode(bytes, file: "fuzz.json", format: .json)
        default: _ = try RequestsDecoder.decode(bytes, file: "fuzz.csv", format: .csv)
        }
      } catch {
        #expect(error.file.hasPrefix("fuzz"))
        #expect(!error.problems.isEmpty)
      }
    }
  }

  @Test func randomBytes() {
    var random = Self.generator()
    print("randomBytes seed \(random.seed)")
    let clock = ContinuousClock()
    let deadline = clock.now + Self.budget
    var runs = 0
    while clock.now < deadline {
      let length = Int(random.next() % 512)
      let alphabet = Array("{}[]\",:0123456789-.eEtrufalsn \n\\abc\u{00e9}".utf8)
      let bytes = (0..<length).map { _ in
        random.next() % 4 == 0
          ? UInt8(truncatingIfNeeded: random.next())
          : alphabet[Int(random.next() % UInt64(alphabet.count))]
      }
      Self.decodeEverything(bytes)
      runs += 1
    }
    #expect(runs > 100)
  }

  @Test(arguments: seeds)
  func mutationsOfFixtures(_ seed: String) throws {
    let original = try Fixtures.bytes(seed)
    var random = Self.generator()
    print("mutationsOfFixtures(\(seed)) seed \(random.seed)")
    let clock = ContinuousClock()
    let deadline = clock.now + Self.budget
    var runs = 0
    while clock.now < deadline {
      var bytes = original
      for _ in 0...Int(random.next() % 8) {
        guard !bytes.isEmpty else { break }
        let at = Int(random.next() % UInt64(bytes.count))
        switch random.next() % 6 {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
        case 1: bytes.remove(at: at)
        case 2:
          let structural = Array("{}[]\",:-0 ".utf8)
          bytes.insert(structural[Int(random.next() % UInt64(structural.count))], at: at)
        case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 64)))
        case 4:
          let from = Int(random.next() % UInt64(bytes.count))
          let chunk = bytes[from..<min(bytes.count, from + Int(random.next() % 64))]
          bytes.insert(contentsOf: chunk, at: at)
        default: bytes = Array(bytes[..<at])
        }
      }
      Self.decodeEverything(bytes)
      runs += 1
    }
    #expect(runs > 10)
  }
}

/// A small, fast, seedable generator (SplitMix64), so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
  let seed: UInt64
  private var state: UInt64

  init(seed: UInt64) {
    self.seed = seed
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
