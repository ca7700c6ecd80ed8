import Foundation
import Patchbay
import PatchbayStore
import PatchbaySynthetic
import PropertyBased
import Testing

/// The same random command sequences on SQLite and on PostgreSQL, in lockstep: every command
/// gives the same answer on both (the interface's JSON, the batch approval's JSON, or the same
/// refusal, code and message), and `state export` gives the same bytes after every tenth command
/// and at the end. The in-memory store joins in as a third opinion.
@Suite struct BackendDifferentialTests {
  static let places: [(region: String, accessPoint: String, spec: String, type: String)] = [
    ("cn-beijing", "ap-cn-beijing-ft-A", "100G", "100GBase-LR"),
    ("cn-beijing", "ap-cn-beijing-ft-A", "40G", "40GBase-LR"),
    ("cn-hangzhou", "ap-cn-hangzhou-yh-B", "10G", "10GBase-LR"),
    // Refused at apply: the access point's region is another, or it has no such access point.
    ("cn-shanghai", "ap-cn-hangzhou-yh-B", "10G", "10GBase-LR"),
    ("cn-hangzhou", "ap-nowhere", "10G", "10GBase-LR"),
  ]

  @Test func sqliteAndPostgresAnswerEveryCommandAlikeAndExportTheSameBytes() async {
    await propertyCheck(count: 6, input: Gen.int(in: 0...Int.max)) { seed in
      do {
        try await Self.compare(seed: seed, steps: 70)
      } catch {
        Issue.record("seed \(seed): \(error)")
      }
    }
  }

  static func compare(seed: Int, steps: Int) async throws {
    var random = SeededGenerator(seed: UInt64(seed))
    let clock = Date(timeIntervalSince1970: 1_800_000_000)
    let inventory = try StoreFixtures.datacentre()
    let backends: [Backend] = [.sqlite, .postgres, .memory]
    var provisioners: [Provisioner] = []
    for backend in backends {
      provisioners.append(Provisioner(store: try await backend.store(inventory), now: { clock }))
    }
    var ids: [String] = []
    for step in 0..<steps {
      let command = nextCommand(&random, ids: &ids)
      var answers: [String] = []
      for provisioner in provisioners {
        answers.append(await command(provisioner))
      }
      #expect(
        Set(answers).count == 1,
        "seed \(seed) step \(step): \(zip(backends, answers).map { "\($0): \($1)" })")
      if step % 10 == 9 || step == steps - 1 {
        var exports: [[UInt8]] = []
        for provisioner in provisioners {
          exports.append(InventoryEncoder.jsonBytes(try await provisioner.exportInventory()))
          exports.append(try await provisioner.interfaces().flatMap(\.jsonBytes))
        }
        #expect(exports[0] == exports[2], "seed \(seed) step \(step): the exports differ")
        #expect(exports[1] == exports[3], "seed \(seed) step \(step): the interfaces differ")
        #expect(exports[0] == exports[4], "seed \(seed) step \(step): memory's export differs")
      }
    }
  }

  /// A random command, as a function that runs it on a provisioner and describes its answer.
  static func nextCommand(_ random: inout SeededGenerator, ids: inout [String])
    -> @Sendable (Provisioner) async -> String
  {
    if ids.isEmpty || Int.random(in: 0..<4, using: &random) == 0 {
      let place = places.randomElement(using: &random)!
      let partner = Bool.random(using: &random) ? ids.randomElement(using: &random) : nil
      // Now and then an id already taken: duplicate_interface on every backend.
      let id =
        !ids.isEmpty && Int.random(in: 0..<10, using: &random) == 0
        ? ids.randomElement(using: &random)! : "if-\(ids.count)"
      ids.append(id)
      let request = Request(
        id: RequestID(id), account: ["1001", "1003"].randomElement(using: &random),
        region: place.region, accessPoint: place.accessPoint, lineOperator: "CT",
        portSpec: place.spec, portType: place.type, redundantConnection: partner)
      return { provisioner in await describe { try await provisioner.apply(request).jsonBytes } }
    }
    if Int.random(in: 0..<10, using: &random) == 0 {
      return { provisioner in await describe { try await provisioner.approveAll().jsonBytes } }
    }
    let action = InterfaceAction.allCases.filter { $0 != .apply }.randomElement(using: &random)!
    let id = InterfaceID(
      Int.random(in: 0..<20, using: &random) == 0 ? "pc-0001" : ids.randomElement(using: &random)!)
    return { provisioner in
      await describe { try await LifecycleTests.run(action, id, on: provisioner).jsonBytes }
    }
  }

  /// The answer's bytes, or the refusal's code and message; anything else is a failure to be
  /// seen in the comparison.
  static func describe(_ body: () async throws -> [UInt8]) async -> String {
    do {
      return String(decoding: try await body(), as: UTF8.self)
    } catch let error as LifecycleError {
      return "refused \(error.code): \(error.description)"
    } catch {
      return "failed: \(error)"
    }
  }
}
