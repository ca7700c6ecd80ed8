import Foundation
import Patchbay
import PatchbaySynthetic
import PropertyBased
import Synchronization
import Testing

/// Random command sequences against the fixture data centre, at access points with few free
/// ports: after every command, whether it was refused or not, no port is held twice, every held
/// port accepts its interface's type, redundant interfaces at one access point are on different
/// devices, the history is a chain ending in the current state, and a refusal changed nothing.
@Suite struct LifecyclePropertyTests {
  static let places: [(region: String, accessPoint: String, spec: String, type: String)] = [
    ("cn-beijing", "ap-cn-beijing-ft-A", "100G", "100GBase-LR"),
    ("cn-beijing", "ap-cn-beijing-ft-A", "40G", "40GBase-LR"),
    ("cn-hangzhou", "ap-cn-hangzhou-yh-B", "10G", "10GBase-LR"),
  ]

  @Test(arguments: Backend.allCases)
  func randomCommandSequencesKeepTheInvariants(_ backend: Backend) async {
    let heldAtSomePoint = Mutex(0)
    // SQLite pays a real transaction per command: fewer sequences, the same checks.
    let count = backend == .memory ? 60 : 15
    await propertyCheck(count: count, input: Gen.int(in: 0...Int.max)) { seed in
      var random = SeededGenerator(seed: UInt64(seed))
      let clock = Date(timeIntervalSince1970: 1_800_000_000)
      guard let inventory = try? StoreFixtures.datacentre() else {
        Issue.record("the fixture inventory did not load")
        return
      }
      guard let store = try? await backend.store(inventory) else {
        Issue.record("the \(backend) store did not open")
        return
      }
      let provisioner = Provisioner(store: store, now: { clock })
      var ids: [InterfaceID] = []
      for step in 0..<80 {
        let before = await snapshot(provisioner)
        var succeeded = true
        do {
          if ids.isEmpty || Int.random(in: 0..<5, using: &random) == 0 {
            let place = Self.places.randomElement(using: &random)!
            let partner = Bool.random(using: &random) ? ids.randomElement(using: &random) : nil
            let id = "if-\(ids.count)"
            ids.append(InterfaceID(id))
            _ = try await provisioner.apply(
              Request(
                id: RequestID(id), account: ["1001", "1003"].randomElement(using: &random),
                region: place.region, accessPoint: place.accessPoint, lineOperator: "CT",
                portSpec: place.spec, portType: place.type,
                redundantConnection: partner?.rawValue))
          } else if Int.random(in: 0..<12, using: &random) == 0 {
            _ = try await provisioner.approveAll()
          } else {
            let action = InterfaceAction.allCases.filter { $0 != .apply }
              .randomElement(using: &random)!
            _ = try await LifecycleTests.run(
              action, ids.randomElement(using: &random)!, on: provisioner)
          }
        } catch is LifecycleError {
          succeeded = false
        } catch {
          Issue.record("seed \(seed) step \(step): not a lifecycle refusal: \(error)")
          return
        }
        let after = await snapshot(provisioner)
        if !succeeded { #expect(after == before, "seed \(seed) step \(step): a refusal wrote") }
        await check(provisioner, inventory: inventory, seed: seed, step: step)
        if (try? await provisioner.interfaces().contains { $0.state.holdsPort }) == true {
          heldAtSomePoint.withLock { $0 += 1 }
        }
      }
    }
    // The sequences must reach the states that hold ports, or the checks above check little: on
    // average some interface holds a port in more than 5 of a sequence's 80 steps. The seeds are
    // random on every run; a full run has seen an average as low as 9.5 (a floor of 10 failed
    // once on PostgreSQL's 15 sequences, at 143 of 150), with every invariant holding.
    #expect(heldAtSomePoint.withLock { $0 } > count * 5)
  }

  /// Every interface with its history, to compare before and after a refusal.
  private func snapshot(_ provisioner: Provisioner) async -> [String] {
    var lines: [String] = []
    for interface in (try? await provisioner.interfaces()) ?? [] {
      let history = (try? await provisioner.history(of: interface.id)) ?? []
      lines.append("\(interface) \(history)")
    }
    return lines
  }

  private func check(_ provisioner: Provisioner, inventory: Inventory, seed: Int, step: Int)
    async
  {
    guard let interfaces = try? await provisioner.interfaces(),
      let exported = try? await provisioner.exportInventory()
    else {
      Issue.record("seed \(seed) step \(step): the store could not be read")
      return
    }
    var held: Set<String> = []
    for connection in exported.connections where connection.status.holdsPort {
      guard let device = connection.device, let port = connection.port else { continue }
      #expect(held.insert("\(device) \(port)").inserted, "seed \(seed): \(port) given twice")
    }
    let byID = Dictionary(uniqueKeysWithValues: interfaces.map { ($0.id, $0) })
    for interface in interfaces {
      let history = (try? await provisioner.history(of: interface.id)) ?? []
      #expect(history.last?.to == interface.state, "seed \(seed): history ends elsewhere")
      for (earlier, later) in zip(history, history.dropFirst()) {
        #expect(later.from == earlier.to, "seed \(seed): history is not a chain")
      }
      guard interface.state.holdsPort else { continue }
      guard let deviceID = interface.device, let device = inventory.device(deviceID),
        let port = device.ports.first(where: { $0.name == interface.port })
      else {
        Issue.record("seed \(seed): \(interface.id) holds no real port")
        continue
      }
      #expect(device.accessPoint == interface.accessPoint)
      #expect(port.accepts.contains(interface.portType))
      if let partnerID = interface.redundantConnection, let partner = byID[partnerID],
        partner.state.holdsPort, partner.accessPoint == interface.accessPoint
      {
        #expect(partner.device != interface.device, "seed \(seed): a pair shares a device")
      }
    }
  }
}
