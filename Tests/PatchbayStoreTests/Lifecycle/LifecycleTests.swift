import Foundation
import Patchbay
import Synchronization
import Testing

/// The lifecycle on each store (``Backend``) over `fixtures/datacenter`: every allowed transition,
/// every refused one, the history, and the ports that approval reserves and cancel frees.
@Suite struct LifecycleTests {
  static let start = Date(timeIntervalSince1970: 1_800_000_000)

  static func provisioner(_ backend: Backend) async throws -> Provisioner {
    Provisioner(store: try await backend.store(StoreFixtures.datacentre()), now: { start })
  }

  static func request(
    _ id: String, account: String = "1003", accessPoint: String = "ap-cn-hangzhou-yh-B",
    region: String = "cn-hangzhou", spec: String = "10G", type: String = "10GBase-LR",
    partner: String? = nil
  ) -> Request {
    Request(
      id: RequestID(id), account: account, region: region, accessPoint: accessPoint,
      lineOperator: "CT", portSpec: spec, portType: type, redundantConnection: partner)
  }

  static var loa: LetterOfAuthorization {
    get throws {
      try LetterOfAuthorization(
        companyName: "Example Trading", constructionCompany: "Example Cabling",
        constructionType: .fibre, scheduledConstructionTime: start.addingTimeInterval(86_400),
        fieldEngineers: [
          try FieldEngineer(
            name: "Li Wei", contact: "+86 571 0000", certificateType: .idCard,
            certificateNumber: "330100")
        ])
    }
  }

  static func report() throws -> DeliveryReport {
    try DeliveryReport(lineCode: "CT-HZ-0001", cableLabels: ["HZ-A-01"])
  }

  /// Runs one action on an interface, with the inputs the action needs.
  static func run(_ action: InterfaceAction, _ id: InterfaceID, on provisioner: Provisioner)
    async throws -> Interface
  {
    switch action {
    case .apply: try await provisioner.apply(request(id.rawValue))
    case .applyForLOA: try await provisioner.applyForLOA(id, loa: loa)
    case .reject:
      try await provisioner.reject(id, reason: "the company name differs from the account")
    case .approve: try await provisioner.approve(id)
    case .deliver: try await provisioner.deliver(id, report: report())
    case .connect: try await provisioner.connect(id)
    case .enable: try await provisioner.enable(id)
    case .cancel: try await provisioner.cancel(id)
    case .terminate: try await provisioner.terminate(id)
    case .move: try await moveToAFreePort(id, on: provisioner)
    }
  }

  /// Moves the interface to the first free port of its access point that accepts its type and
  /// is off its redundant connection's device (`applyMoves` of one move), or, when there is none,
  /// to the port it holds, which `applyMoves` refuses. An interface that holds no port is moved
  /// from a port it does not hold, which `applyMoves` refuses as stale.
  static func moveToAFreePort(_ id: InterfaceID, on provisioner: Provisioner) async throws
    -> Interface
  {
    let interface = try await provisioner.interface(id)
    let inventory = try await provisioner.exportInventory()
    let from = ConnectionMove.End(
      device: interface.device ?? "no-device", port: interface.port ?? "no-port")
    var held: Set<ConnectionMove.End> = []
    var partnerDevice: DeviceID?
    for connection in inventory.connections where connection.status.holdsPort {
      guard let device = connection.device, let port = connection.port else { continue }
      held.insert(ConnectionMove.End(device: device, port: port))
      if connection.id == interface.redundantConnection
        || connection.redundantConnection == interface.id
      {
        partnerDevice = device
      }
    }
    var to = from
    search: for device in inventory.devices
    where device.accessPoint == interface.accessPoint && device.id != partnerDevice {
      for port in device.ports where port.accepts.contains(interface.portType) {
        let end = ConnectionMove.End(device: device.id, port: port.name)
        if !held.contains(end) {
          to = end
          break search
        }
      }
    }
    let applied = try await provisioner.applyMoves([
      ConnectionMove(connection: id, from: from, to: to)
    ])
    return try #require(applied.interfaces.first)
  }

  /// A way to reach each state from a new application.
  static let paths: [InterfaceState: [InterfaceAction]] = [
    .toApplyForLOA: [],
    .inApplication: [.applyForLOA],
    .loaRejected: [.applyForLOA, .reject],
    .approvedLOA: [.applyForLOA, .approve],
    .waitingForConnection: [.applyForLOA, .approve, .deliver],
    .waitingForPayment: [.applyForLOA, .approve, .deliver, .connect],
    .enabled: [.applyForLOA, .approve, .deliver, .connect, .enable],
    .canceled: [.cancel],
    .terminated: [.applyForLOA, .approve, .deliver, .connect, .enable, .terminate],
  ]

  /// FORMATS.md's table, written out again by hand so the test does not read the code's table.
  static let allowed: Set<String> = [
    "toApplyForLOA apply-loa", "loaRejected apply-loa", "inApplication reject",
    "inApplication approve", "approvedLOA deliver", "waitingForConnection connect",
    "waitingForPayment enable", "enabled terminate",
    "toApplyForLOA cancel", "inApplication cancel", "loaRejected cancel", "approvedLOA cancel",
    "waitingForConnection cancel", "waitingForPayment cancel",
    "approvedLOA move", "waitingForConnection move", "waitingForPayment move", "enabled move",
  ]

  @Test(arguments: Backend.allCases, InterfaceState.allCases)
  func everyActionFromEveryState(_ backend: Backend, _ state: InterfaceState) async throws {
    for action in InterfaceAction.allCases where action != .apply {
      let provisioner = try await Self.provisioner(backend)
      let id = InterfaceID("if-1")
      _ = try await provisioner.apply(Self.request("if-1"))
      for step in try #require(Self.paths[state]) {
        _ = try await Self.run(step, id, on: provisioner)
      }
      #expect(try await provisioner.interface(id).state == state)
      let before = try await provisioner.history(of: id)
      if Self.allowed.contains("\(state.rawValue) \(action.rawValue)") {
        let after = try await Self.run(action, id, on: provisioner)
        let target = action.target ?? state
        #expect(after.state == target)
        let history = try await provisioner.history(of: id)
        #expect(history.count == before.count + 1)
        #expect(history.last?.action == action)
        #expect(history.last?.from == state && history.last?.to == target)
      } else {
        await #expect {
          _ = try await Self.run(action, id, on: provisioner)
        } throws: { error in
          guard let error = error as? LifecycleError else { return false }
          if action == .move {
            // A move names the port it takes the interface from: one that holds none is stale.
            return error.kind == .staleMove && error.interface == id && error.state == state
              && error.code == "stale_move"
          }
          guard error.kind == .invalidTransition else { return false }
          return error.interface == id && error.action == action && error.state == state
            && error.code == "invalid_transition"
        }
        #expect(try await provisioner.interface(id).state == state, "a refusal changed the state")
        #expect(try await provisioner.history(of: id) == before, "a refusal wrote history")
      }
    }
  }

  @Test(arguments: Backend.allCases)
  func theWholeProcessIsRecordedStepByStep(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    let id = InterfaceID("if-1")
    _ = try await provisioner.apply(Self.request("if-1"))
    let steps: [InterfaceAction] = [
      .applyForLOA, .reject, .applyForLOA, .approve, .deliver, .connect, .enable, .terminate,
    ]
    for step in steps { _ = try await Self.run(step, id, on: provisioner) }
    let history = try await provisioner.history(of: id)
    #expect(history.map(\.action) == [.apply] + steps)
    #expect(history.map(\.sequence) == Array(1...steps.count + 1))
    #expect(history.first?.from == nil)
    for (earlier, later) in zip(history, history.dropFirst()) {
      #expect(later.from == earlier.to, "history is not a chain at \(later.sequence)")
    }
    #expect(history.last?.to == .terminated)
    let approval = try #require(history.first { $0.action == .approve })
    #expect(approval.detail?.contains("port") == true)
  }

  @Test func statesCarryTheConsoleAndAPINames() async {
    #expect(InterfaceState.toApplyForLOA.consoleName == "To Apply for LOA")
    #expect(InterfaceState.inApplication.loaStatus == .applying)
    #expect(InterfaceState.approvedLOA.apiStatus == .allocated)
    #expect(InterfaceState.approvedLOA.loaStatus == .available)
    #expect(InterfaceState.waitingForPayment.apiStatus == .confirmed)
    #expect(InterfaceState.enabled.apiStatus == .enabled)
    #expect(InterfaceState.canceled.apiStatus == .canceled)
    // From approval until cancel or terminate, written out rather than derived.
    let holding: Set<InterfaceState> = [
      .approvedLOA, .waitingForConnection, .waitingForPayment, .enabled,
    ]
    #expect(Set(InterfaceState.allCases.filter(\.holdsPort)) == holding)
  }

  @Test(arguments: Backend.allCases)
  func approvalReservesAPortThatAcceptsTheTypeAndCancelFreesIt(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    let inventory = try StoreFixtures.datacentre()
    _ = try await provisioner.apply(Self.request("if-1"))
    _ = try await provisioner.applyForLOA("if-1", loa: Self.loa)
    let approved = try await provisioner.approve("if-1")
    let device = try #require(approved.device.flatMap { inventory.device($0) })
    #expect(device.accessPoint == "ap-cn-hangzhou-yh-B")
    let port = try #require(device.ports.first { $0.name == approved.port })
    #expect(port.accepts.contains(.base10GLR))
    #expect(inventory.connections.allSatisfy { $0.device != device.id || $0.port != port.name })
    let exported = try await provisioner.exportInventory()
    #expect(exported.connection("if-1")?.status == .allocated)
    #expect(exported.connection("if-1")?.port == approved.port)

    _ = try await provisioner.cancel("if-1")
    #expect(try await provisioner.exportInventory().connection("if-1") == nil)
  }

  @Test(arguments: Backend.allCases)
  func theLastFreePortsGoOnceAndComeBackAfterCancel(_ backend: Backend) async throws {
    // ap-cn-beijing-ft-A has two free 100G ports, both on bj-ft-a-asw-01.
    let provisioner = try await Self.provisioner(backend)
    func hundredG(_ id: String) -> Request {
      Self.request(
        id, account: "1001", accessPoint: "ap-cn-beijing-ft-A", region: "cn-beijing",
        spec: "100G", type: "100GBase-LR")
    }
    for id in ["g0", "g1", "g2"] {
      _ = try await provisioner.apply(hundredG(id))
      _ = try await provisioner.applyForLOA(InterfaceID(id), loa: Self.loa)
    }
    let first = try await provisioner.approve("g0")
    let second = try await provisioner.approve("g1")
    #expect(first.port != second.port)
    await #expect {
      _ = try await provisioner.approve("g2")
    } throws: { ($0 as? LifecycleError)?.code == "no_free_port" }
    #expect(try await provisioner.interface("g2").state == .inApplication)
    _ = try await provisioner.cancel("g0")
    let third = try await provisioner.approve("g2")
    #expect(third.device == first.device && third.port == first.port)
  }

  @Test(arguments: Backend.allCases)
  func aBackupLandsOnAnotherDeviceThanItsApprovedPrimary(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    _ = try await provisioner.apply(Self.request("primary"))
    _ = try await provisioner.applyForLOA("primary", loa: Self.loa)
    let primary = try await provisioner.approve("primary")
    _ = try await provisioner.apply(Self.request("backup", partner: "primary"))
    _ = try await provisioner.applyForLOA("backup", loa: Self.loa)
    let backup = try await provisioner.approve("backup")
    #expect(backup.device != nil && backup.device != primary.device)
  }

  @Test(arguments: Backend.allCases)
  func aPairAppliedTogetherIsApprovedTogether(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    _ = try await provisioner.apply(Self.request("primary"))
    _ = try await provisioner.apply(Self.request("backup", partner: "primary"))
    _ = try await provisioner.applyForLOA("primary", loa: Self.loa)
    _ = try await provisioner.applyForLOA("backup", loa: Self.loa)
    await #expect {
      _ = try await provisioner.approve("backup")
    } throws: { error in
      guard let error = error as? LifecycleError else { return false }
      return error.code == "redundant_connection_not_ready"
        && error.description.contains("approve --all")
    }
    let stages = Mutex<[BatchApprovalStage]>([])
    let batch = try await provisioner.approveAll { stage in stages.withLock { $0.append(stage) } }
    #expect(Set(batch.approved.map(\.id)) == ["primary", "backup"])
    let heard = stages.withLock { $0 }
    #expect(heard.first == .reading)
    #expect(heard.contains(.placing(interfaces: 2, solved: 1, of: 1)))
    #expect(heard.last == .recording(done: 0, of: 2))
    let devices = batch.approved.compactMap(\.device)
    #expect(devices.count == 2 && devices[0] != devices[1])
    #expect(batch.plan.summary.placed == 2)
    for id: InterfaceID in ["primary", "backup"] {
      #expect(try await provisioner.history(of: id).last?.action == .approve)
    }
  }

  @Test(arguments: Backend.allCases)
  func approveAllLeavesWhatItCannotPlaceInApplicationWithAReason(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    for index in 0..<3 {
      _ = try await provisioner.apply(
        Self.request(
          "g\(index)", account: "1001", accessPoint: "ap-cn-beijing-ft-A", region: "cn-beijing",
          spec: "100G", type: "100GBase-LR"))
      _ = try await provisioner.applyForLOA(InterfaceID("g\(index)"), loa: Self.loa)
    }
    let batch = try await provisioner.approveAll()
    #expect(batch.approved.count == 2)
    let left = try #require(batch.plan.unplaced.first)
    #expect(left.code == .noFreePort || left.code == .capacityContention)
    #expect(
      try await provisioner.interfaces(in: .inApplication).map(\.id.rawValue) == [
        left.request.rawValue
      ])
    #expect(try await provisioner.approveAll().approved.isEmpty)
  }

  @Test(arguments: Backend.allCases)
  func aRefusedApplicationStoresNothing(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    await #expect {
      _ = try await provisioner.apply(
        Self.request("big", account: "2002", spec: "100G", type: "100GBase-LR"))
    } throws: { ($0 as? LifecycleError)?.code == "whitelist_required" }
    #expect(try await provisioner.interfaces().isEmpty)
    _ = try await provisioner.apply(Self.request("if-1"))
    await #expect {
      _ = try await provisioner.apply(Self.request("if-1"))
    } throws: { ($0 as? LifecycleError)?.code == "duplicate_interface" }
    let connection = try #require(try StoreFixtures.datacentre().connections.first)
    await #expect {
      _ = try await provisioner.apply(Self.request(connection.id.rawValue))
    } throws: { ($0 as? LifecycleError)?.code == "duplicate_interface" }
    await #expect {
      _ = try await provisioner.approve(connection.id)
    } throws: { error in
      guard let error = error as? LifecycleError, error.kind == .unknownInterface else {
        return false
      }
      return error.isConnection
    }
    #expect(try await provisioner.interfaces().count == 1)
  }

  @Test(arguments: Backend.allCases)
  func anLOAMustBeScheduledInTheFuture(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    _ = try await provisioner.apply(Self.request("if-1"))
    let late = try LetterOfAuthorization(
      companyName: Self.loa.companyName, constructionCompany: Self.loa.constructionCompany,
      constructionType: Self.loa.constructionType,
      scheduledConstructionTime: Self.start.addingTimeInterval(-60),
      fieldEngineers: Self.loa.fieldEngineers)
    await #expect {
      _ = try await provisioner.applyForLOA("if-1", loa: late)
    } throws: { error in
      (error as? LifecycleError)?.code == "invalid_loa"
        && "\(error)".contains("scheduledConstructionTime")
    }
    #expect(try await provisioner.interface("if-1").state == .toApplyForLOA)
  }

  @Test(arguments: Backend.allCases)
  func aRejectionNeedsAReason(_ backend: Backend) async throws {
    let provisioner = try await Self.provisioner(backend)
    _ = try await provisioner.apply(Self.request("if-1"))
    _ = try await provisioner.applyForLOA("if-1", loa: Self.loa)
    await #expect {
      _ = try await provisioner.reject("if-1", reason: "  ")
    } throws: { ($0 as? LifecycleError)?.code == "missing_reason" }
    let rejected = try await provisioner.reject("if-1", reason: "blurred certificate scan")
    #expect(rejected.rejectionReason == "blurred certificate scan")
    #expect(try await provisioner.applyForLOA("if-1", loa: Self.loa).rejectionReason == nil)
  }

  @Test func deliveryReportsNeedALineCodeAndLabels() throws {
    #expect(throws: LifecycleError.self) {
      try DeliveryReport(lineCode: " ", cableLabels: ["a"])
    }
    #expect(throws: LifecycleError.self) {
      try DeliveryReport(lineCode: "CT-1", cableLabels: [])
    }
    #expect(throws: LifecycleError.self) {
      try DeliveryReport(lineCode: "CT-1", cableLabels: ["a", ""])
    }
    #expect(try DeliveryReport(lineCode: " CT-1 ", cableLabels: ["a"]).lineCode == "CT-1")
  }
}
