import PropertyBased
import Testing

@testable import Patchbay

/// The provisioning path: one request at a time against an indexed inventory, and releases.
@Suite struct LiveInventoryTests {
  static func request(
    _ id: String, type: String = "10GBase-LR", spec: String = "10G",
    accessPoint: String = "ap-cn-hangzhou-yh-B", account: String = "1003",
    partner: String? = nil
  ) -> Request {
    Request(
      id: RequestID(id), account: account, region: "cn-hangzhou", accessPoint: accessPoint,
      lineOperator: "CT", portSpec: spec, portType: type, redundantConnection: partner)
  }

  @Test func placesReservesAndRefusesTheSameIDTwice() throws {
    var live = LiveInventory(try Fixtures.datacenterInventory)
    guard case .placed(let assignment) = live.place(Self.request("new-1")) else {
      Issue.record("not placed")
      return
    }
    let connection = try #require(live.inventory.connection("new-1"))
    #expect(connection.status == .allocated)
    #expect(connection.device == assignment.device && connection.port == assignment.port)
    guard case .rejected(let rejection) = live.place(Self.request("new-1")) else {
      Issue.record("the same id was placed twice")
      return
    }
    #expect(rejection.code == .malformedRequest)
  }

  @Test func aBackupOfAPlacedRequestLandsOnAnotherDevice() throws {
    var live = LiveInventory(try Fixtures.datacenterInventory)
    guard case .placed(let first) = live.place(Self.request("primary")),
      case .placed(let backup) = live.place(Self.request("backup", partner: "primary"))
    else {
      Issue.record("not placed")
      return
    }
    #expect(first.device != backup.device)
  }

  @Test func aReleasedPortIsGivenAgain() throws {
    // ap-cn-beijing-ft-A has two free 100G ports, both on bj-ft-a-asw-01.
    var live = LiveInventory(try Fixtures.datacenterInventory)
    func hundredG(_ id: String) -> Request {
      Request(
        id: RequestID(id), account: "1001", region: "cn-beijing",
        accessPoint: "ap-cn-beijing-ft-A", lineOperator: "CT", portSpec: "100G",
        portType: "100GBase-LR")
    }
    var placed: [Assignment] = []
    for index in 0..<2 {
      guard case .placed(let assignment) = live.place(hundredG("g\(index)")) else {
        Issue.record("g\(index) not placed")
        return
      }
      placed.append(assignment)
    }
    guard case .unplaced(let full) = live.place(hundredG("g2")) else {
      Issue.record("a third 100G port appeared")
      return
    }
    #expect(full.code == .noFreePort)
    try live.release("g0")
    #expect(live.inventory.connection("g0")?.status == .canceled)
    guard case .placed(let again) = live.place(hundredG("g3")) else {
      Issue.record("the released port was not given again")
      return
    }
    #expect(again.device == placed[0].device && again.port == placed[0].port)
    #expect {
      try live.release("g0")
    } throws: { error in
      (error as? ProvisioningError)?.kind == .notHoldingPort && "\(error)".contains("Canceled")
    }
    #expect {
      try live.release("nope")
    } throws: { error in
      (error as? ProvisioningError)?.kind == .unknownConnection && "\(error)".contains("nope")
    }
    #expect {
      try live.release("g3", as: .enabled)
    } throws: { error in
      (error as? ProvisioningError)?.kind == .statusHoldsPort && "\(error)".contains("Enabled")
    }
  }

  @Test func theIndexStaysEqualToARebuiltOne() async {
    // Random places and releases: the kept free ports always equal those computed from scratch,
    // and every placement keeps the guarantees.
    await propertyCheck(count: 150, input: Gen.int(in: 0...Int.max)) { seed in
      guard let centre = SmallDataCentre(seed: UInt64(seed)) else { return }
      var live = LiveInventory(centre.inventory)
      var random = SplitMix64(seed: UInt64(seed))
      var placedIDs: [String] = []
      for (step, request) in centre.requests.enumerated() {
        var request = request
        request.id = RequestID("live-\(step)")
        if request.redundantConnection?.hasPrefix("q") == true {
          request.redundantConnection = placedIDs.last
        }
        if case .placed(let assignment) = live.place(request) {
          placedIDs.append(request.id.rawValue)
          if let partner = request.redundantConnection,
            let connection = live.inventory.connection(ConnectionID(partner)),
            connection.accessPoint == assignment.accessPoint
          {
            #expect(connection.device != assignment.device, "seed \(seed)")
          }
        }
        if !placedIDs.isEmpty, random.next() % 3 == 0 {
          let victim = placedIDs.remove(at: Int(random.next() % UInt64(placedIDs.count)))
          #expect(throws: Never.self) { try live.release(ConnectionID(victim)) }
        }
        let rebuilt = FreePorts(inventory: live.inventory)
        for device in rebuilt.devices.indices {
          let kept = live.freePorts.devices[device].pools.flatMap(\.free).sorted()
          let fresh = rebuilt.devices[device].pools.flatMap(\.free).sorted()
          #expect(kept == fresh, "seed \(seed) step \(step)")
        }
      }
    }
  }

  @Test func aSmallBatchReservesWhatTheAllocatorPlans() throws {
    let inventory = try Fixtures.datacenterInventory
    let batch = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    var live = LiveInventory(inventory)
    let plan = live.place(batch: batch)
    let direct = Allocator(inventory: inventory).allocate(batch).plan
    #expect(plan.jsonBytes == direct.jsonBytes)
    for assignment in plan.assignments {
      let connection = live.inventory.connection(ConnectionID(assignment.request.rawValue))
      #expect(connection?.port == assignment.port && connection?.status == .allocated)
      #expect(connection?.redundantConnection?.rawValue == assignment.redundantConnection)
    }
    let rebuilt = FreePorts(inventory: live.inventory)
    #expect(
      rebuilt.devices.map { $0.pools.flatMap(\.free).sorted() }
        == live.freePorts.devices.map { $0.pools.flatMap(\.free).sorted() })
  }
}

/// `LiveInventory.place` and the batch allocator share one place-and-explain path: one request
/// alone lands on the same device and port, or is refused or left unplaced with the same code
/// and words, whichever of the two places it.
@Suite struct LiveInventoryOnePathTests {
  @Test func oneRequestIsPlacedAsTheAllocatorPlacesItAlone() throws {
    var seen: [String: Int] = [:]
    for seed in 0..<300 {
      guard let centre = SmallDataCentre(seed: UInt64(seed)) else { continue }
      for request in centre.requests {
        var live = LiveInventory(centre.inventory)
        let outcome = live.place(request)
        let plan = Allocator(inventory: centre.inventory, options: AllocationOptions(threads: 1))
          .allocate([request]).plan
        switch outcome {
        case .placed(let assignment):
          seen["placed", default: 0] += 1
          #expect(plan.assignments == [assignment], "seed \(seed), \(request.id)")
        case .rejected(let rejection):
          seen["rejected", default: 0] += 1
          #expect(plan.rejected == [rejection], "seed \(seed), \(request.id)")
        case .unplaced(let unplacement):
          seen[unplacement.code.rawValue, default: 0] += 1
          #expect(plan.unplaced == [unplacement], "seed \(seed), \(request.id)")
        }
      }
    }
    // The random data centres reach every outcome, or the comparison proves little.
    for outcome in ["placed", "rejected", "no_free_port", "no_diverse_device"] {
      #expect(seen[outcome, default: 0] > 0, "no request was \(outcome): \(seen)")
    }
  }
}
