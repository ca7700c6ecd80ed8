import Foundation
import Patchbay
import Testing

/// `Provisioner.applyMoves` (`patchbay drain --apply`) on each store over `fixtures/datacenter`:
/// moves committed with their history, chains and swaps, every refusal leaving the database as
/// it was, a body run twice, and on PostgreSQL a race with approvals at the same access point.
@Suite struct MoveTests {
  static let start = LifecycleTests.start
  static let yh01 = DeviceID("hz-yh-b-asw-01")
  static let yh02 = DeviceID("hz-yh-b-asw-02")

  static func end(_ device: DeviceID, _ port: String) -> ConnectionMove.End {
    ConnectionMove.End(device: device, port: port)
  }

  static func move(_ id: String, _ from: ConnectionMove.End, _ to: ConnectionMove.End)
    -> ConnectionMove
  {
    ConnectionMove(connection: ConnectionID(id), from: from, to: to)
  }

  /// The fixture with interfaces at `ap-cn-hangzhou-yh-B`: `if-enabled` (enabled), `if-approved`
  /// (approved), `if-canceled` (approved, then canceled), `if-waiting` (in application), each
  /// 10GBase-LR; the approvals take the lowest free 1/1 ports.
  static func setUp(_ backend: Backend) async throws -> Provisioner {
    let provisioner = try await LifecycleTests.provisioner(backend)
    // Four accounts, so that no pending limit is met.
    for (id, account) in zip(
      ["if-enabled", "if-approved", "if-canceled", "if-waiting"], ["1001", "1002", "1003", "1004"])
    {
      _ = try await provisioner.apply(LifecycleTests.request(id, account: account))
      _ = try await provisioner.applyForLOA(InterfaceID(id), loa: LifecycleTests.loa)
    }
    for id in ["if-enabled", "if-approved", "if-canceled"] {
      _ = try await provisioner.approve(InterfaceID(id))
    }
    _ = try await provisioner.deliver("if-enabled", report: LifecycleTests.report())
    _ = try await provisioner.connect("if-enabled")
    _ = try await provisioner.enable("if-enabled")
    _ = try await provisioner.cancel("if-canceled")
    return provisioner
  }

  /// Where an interface is now.
  static func place(_ id: InterfaceID, _ provisioner: Provisioner) async throws
    -> ConnectionMove.End
  {
    let interface = try await provisioner.interface(id)
    return end(try #require(interface.device), try #require(interface.port))
  }

  /// Everything a move could change: the export, every interface and every history.
  struct Snapshot: Equatable {
    var export: [UInt8]
    var interfaces: [Interface]
    var history: [InterfaceID: [HistoryEntry]]
  }

  static func snapshot(_ provisioner: Provisioner) async throws -> Snapshot {
    let interfaces = try await provisioner.interfaces()
    var history: [InterfaceID: [HistoryEntry]] = [:]
    for interface in interfaces {
      history[interface.id] = try await provisioner.history(of: interface.id)
    }
    return Snapshot(
      export: InventoryEncoder.jsonBytes(try await provisioner.exportInventory()),
      interfaces: interfaces, history: history)
  }

  /// Every live port of the export, which must be held once.
  static func checkNoPortTwice(_ inventory: Inventory) {
    var seen: Set<ConnectionMove.End> = []
    for connection in inventory.connections where connection.status.holdsPort {
      guard let device = connection.device, let port = connection.port else { continue }
      #expect(seen.insert(end(device, port)).inserted, "\(device) \(port) is held twice")
    }
  }

  // MARK: Committed

  @Test(arguments: Backend.allCases)
  func movesAreCommittedWithAHistoryEntryPerInterface(_ backend: Backend) async throws {
    let provisioner = try await Self.setUp(backend)
    let enabledFrom = try await Self.place("if-enabled", provisioner)
    let approvedFrom = try await Self.place("if-approved", provisioner)
    let enabledBefore = try await provisioner.interface("if-enabled")
    let historyBefore = try await provisioner.history(of: "if-enabled")
    let before = try await provisioner.exportInventory()
    // A drain of hz-yh-b-asw-01 as a planner would list it, with the interfaces moved too.
    let moves = [
      Self.move("pc-hz-0003", Self.end(Self.yh01, "1/1/2"), Self.end(Self.yh02, "1/1/40")),
      Self.move("pc-hz-0010", Self.end(Self.yh01, "1/1/3"), Self.end(Self.yh02, "1/1/41")),
      Self.move("if-enabled", enabledFrom, Self.end(Self.yh02, "1/1/42")),
      Self.move("if-approved", approvedFrom, Self.end(Self.yh01, "1/1/43")),
    ]
    let applied = try await provisioner.applyMoves(moves)
    #expect(applied.moves == moves)
    #expect(applied.connections.map(\.id) == ["pc-hz-0003", "pc-hz-0010"])
    #expect(applied.interfaces.map(\.id) == ["if-enabled", "if-approved"])
    #expect(applied.history.map(\.interface) == ["if-enabled", "if-approved"])

    let after = try await provisioner.exportInventory()
    Self.checkNoPortTwice(after)
    for move in moves {
      let connection = try #require(after.connection(move.connection))
      #expect(connection.device == move.to.device && connection.port == move.to.port, "\(move)")
    }
    // Nothing else changed: the export is the old one with the four moved.
    var expected = before.connections
    for move in moves {
      let index = try #require(expected.firstIndex { $0.id == move.connection })
      expected[index].device = move.to.device
      expected[index].port = move.to.port
    }
    #expect(after.connections == expected)

    let enabled = try await provisioner.interface("if-enabled")
    #expect(enabled.state == .enabled && enabled.updatedAt == Self.start)
    #expect(enabled.loa == enabledBefore.loa && enabled.delivery == enabledBefore.delivery)
    let history = try await provisioner.history(of: "if-enabled")
    #expect(history.count == historyBefore.count + 1)
    #expect(Array(history.dropLast()) == historyBefore)
    let entry = try #require(history.last)
    #expect(entry.sequence == historyBefore.count + 1 && entry.action == .move)
    #expect(entry.from == .enabled && entry.to == .enabled)
    #expect(
      entry.detail
        == "moved from device \(enabledFrom.device) port \(enabledFrom.port) to device "
        + "hz-yh-b-asw-02 port 1/1/42 (drain)")
    #expect(applied.history.first == entry)
    let approved = try await provisioner.history(of: "if-approved")
    #expect(approved.last?.action == .move && approved.last?.to == .approvedLOA)

    // The ports left are free: a new approval may take them, the old ones are not held.
    _ = try await provisioner.approve("if-waiting")
    Self.checkNoPortTwice(try await provisioner.exportInventory())
  }

  /// Moves that only work against the state after all of them: written in the list's order, each
  /// would meet a port that another one of the list has not left yet.
  static let chains: [(name: String, moves: [ConnectionMove])] = [
    (
      "pc-hz-0010 takes the port pc-hz-0003 leaves, listed first",
      [
        move("pc-hz-0010", end(yh01, "1/1/3"), end(yh01, "1/1/2")),
        move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/1/40")),
      ]
    ),
    (
      "a swap of two imported connections on two devices",
      [
        move("pc-hz-0006", end(yh02, "1/1/2"), end(yh01, "1/1/3")),
        move("pc-hz-0010", end(yh01, "1/1/3"), end(yh02, "1/1/2")),
      ]
    ),
    (
      "a redundant pair swaps devices",
      [
        move("pc-hz-0001", end(yh01, "1/1/1"), end(yh02, "1/1/1")),
        move("pc-hz-0002", end(yh02, "1/1/1"), end(yh01, "1/1/1")),
      ]
    ),
    (
      "a chain of three: interface, connection, connection",
      [
        move("if-enabled", end(yh01, "PLACE"), end(yh01, "1/1/2")),
        move("pc-hz-0003", end(yh01, "1/1/2"), end(yh01, "1/1/3")),
        move("pc-hz-0010", end(yh01, "1/1/3"), end(yh02, "1/1/44")),
      ]
    ),
  ]

  @Test(arguments: Backend.allCases, chains.indices)
  func chainsAndSwapsAreAccepted(_ backend: Backend, _ index: Int) async throws {
    let provisioner = try await Self.setUp(backend)
    let enabled = try await Self.place("if-enabled", provisioner)
    // The interface's port is known only once it is approved.
    let moves = Self.chains[index].moves.map { move in
      var move = move
      if move.from.port == "PLACE" { move.from = enabled }
      return move
    }
    let before = try await provisioner.exportInventory()
    _ = try await provisioner.applyMoves(moves)
    let after = try await provisioner.exportInventory()
    Self.checkNoPortTwice(after)
    for move in moves {
      let connection = try #require(after.connection(move.connection))
      #expect(
        connection.device == move.to.device && connection.port == move.to.port,
        "\(Self.chains[index].name): \(move.connection)")
    }
    #expect(after.connections.count == before.connections.count)
  }

  // MARK: Refused

  /// A refused list and what it is refused with: the code, and the connection named.
  struct Refusal: Sendable, CustomStringConvertible {
    var name: String
    var moves:
      @Sendable (_ enabled: ConnectionMove.End, _ canceled: ConnectionMove.End) ->
        [ConnectionMove]
    var code: String
    var kind: LifecycleError.Kind
    var connection: ConnectionID

    var description: String { name }
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "unknown connection",
      moves: { _, _ in [move("pc-nope", end(yh01, "1/1/9"), end(yh02, "1/1/40"))] },
      code: "stale_move", kind: .staleMove, connection: "pc-nope"),
    Refusal(
      name: "the connection holds another port now",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/9"), end(yh02, "1/1/40"))] },
      code: "stale_move", kind: .staleMove, connection: "pc-hz-0003"),
    Refusal(
      name: "an imported connection that is terminated",
      moves: { _, _ in [move("pc-hz-0009", end(yh01, "1/1/3"), end(yh02, "1/1/40"))] },
      code: "stale_move", kind: .staleMove, connection: "pc-hz-0009"),
    Refusal(
      name: "a canceled interface",
      moves: { _, canceled in [move("if-canceled", canceled, end(yh02, "1/1/40"))] },
      code: "stale_move", kind: .staleMove, connection: "if-canceled"),
    Refusal(
      name: "an interface in application",
      moves: { _, _ in [move("if-waiting", end(yh01, "1/1/20"), end(yh02, "1/1/40"))] },
      code: "stale_move", kind: .staleMove, connection: "if-waiting"),
    Refusal(
      name: "a device of another access point",
      moves: { _, _ in
        [move("pc-hz-0003", end(yh01, "1/1/2"), end("hz-xs-a-asw-01", "1/1/5"))]
      },
      code: "move_unknown_port", kind: .invalidMove, connection: "pc-hz-0003"),
    Refusal(
      name: "an unknown device",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/2"), end("no-such-device", "1/1/5"))] },
      code: "move_unknown_port", kind: .invalidMove, connection: "pc-hz-0003"),
    Refusal(
      name: "an unknown port",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "9/9/9"))] },
      code: "move_unknown_port", kind: .invalidMove, connection: "pc-hz-0003"),
    Refusal(
      name: "a port that does not accept the type",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/2/3"))] },
      code: "move_port_type", kind: .invalidMove, connection: "pc-hz-0003"),
    Refusal(
      name: "a port an imported connection holds",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/1/2"))] },
      code: "move_port_taken", kind: .invalidMove, connection: "pc-hz-0003"),
    Refusal(
      name: "a port an interface holds",
      moves: { enabled, _ in [move("pc-hz-0010", end(yh01, "1/1/3"), enabled)] },
      code: "move_port_taken", kind: .invalidMove, connection: "pc-hz-0010"),
    Refusal(
      name: "one port given twice",
      moves: { _, _ in
        [
          move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/1/40")),
          move("pc-hz-0010", end(yh01, "1/1/3"), end(yh02, "1/1/40")),
        ]
      },
      code: "move_port_taken", kind: .invalidMove, connection: "pc-hz-0010"),
    Refusal(
      name: "onto the device of the connection that names it as redundant",
      moves: { _, _ in [move("pc-hz-0001", end(yh01, "1/1/1"), end(yh02, "1/1/40"))] },
      code: "move_same_device_as_redundant", kind: .invalidMove, connection: "pc-hz-0001"),
    Refusal(
      name: "onto the device of its redundant connection",
      moves: { _, _ in [move("pc-hz-0002", end(yh02, "1/1/1"), end(yh01, "1/1/40"))] },
      code: "move_same_device_as_redundant", kind: .invalidMove, connection: "pc-hz-0002"),
    Refusal(
      name: "a pair moved onto one device",
      moves: { _, _ in
        [
          move("pc-hz-0001", end(yh01, "1/1/1"), end(yh01, "1/1/40")),
          move("pc-hz-0002", end(yh02, "1/1/1"), end(yh01, "1/1/41")),
        ]
      },
      code: "move_same_device_as_redundant", kind: .invalidMove, connection: "pc-hz-0001"),
    Refusal(
      name: "a connection moved twice",
      moves: { _, _ in
        [
          move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/1/40")),
          move("pc-hz-0003", end(yh02, "1/1/40"), end(yh02, "1/1/41")),
        ]
      },
      code: "malformed_request", kind: .malformedRequest, connection: "pc-hz-0003"),
    Refusal(
      name: "a move to the port it holds",
      moves: { _, _ in [move("pc-hz-0003", end(yh01, "1/1/2"), end(yh01, "1/1/2"))] },
      code: "malformed_request", kind: .malformedRequest, connection: "pc-hz-0003"),
    Refusal(
      name: "valid moves before and after a refused one are not kept",
      moves: { enabled, _ in
        [
          move("if-enabled", enabled, end(yh02, "1/1/42")),
          move("pc-hz-0003", end(yh01, "1/1/2"), end(yh02, "1/2/3")),
          move("pc-hz-0010", end(yh01, "1/1/3"), end(yh02, "1/1/41")),
        ]
      },
      code: "move_port_type", kind: .invalidMove, connection: "pc-hz-0003"),
  ]

  @Test(arguments: Backend.allCases, refusals)
  func refusedMovesWriteNothing(_ backend: Backend, _ refusal: Refusal) async throws {
    let provisioner = try await Self.setUp(backend)
    let enabled = try await Self.place("if-enabled", provisioner)
    let canceled = try await Self.place("if-canceled", provisioner)
    let moves = refusal.moves(enabled, canceled)
    let before = try await Self.snapshot(provisioner)
    await #expect {
      _ = try await provisioner.applyMoves(moves)
    } throws: { error in
      guard let error = error as? LifecycleError else { return false }
      #expect(error.code == refusal.code, "\(refusal.name): \(error)")
      #expect(error.kind == refusal.kind, "\(refusal.name)")
      #expect(error.interface == refusal.connection && error.move?.connection == refusal.connection)
      #expect(error.description.contains(refusal.connection.rawValue), "\(error)")
      if error.kind == .staleMove {
        #expect(error.description.hasSuffix("plan the drain again"), "\(error)")
      }
      return true
    }
    #expect(try await Self.snapshot(provisioner) == before, "\(refusal.name) changed the database")
  }

  @Test(arguments: Backend.allCases)
  func anEmptyListCommitsNothing(_ backend: Backend) async throws {
    let provisioner = try await Self.setUp(backend)
    let before = try await Self.snapshot(provisioner)
    let applied = try await provisioner.applyMoves([])
    #expect(applied.moves.isEmpty && applied.history.isEmpty)
    #expect(try await Self.snapshot(provisioner) == before)
  }

  // MARK: The store's safety net

  /// A writer's `move` onto a port held outside the call is refused by the store itself (the
  /// unique port holding), and undoes the whole call, interfaces included, even when the body
  /// catches the refusal and commits.
  @Test(arguments: Backend.allCases)
  func theStoreRefusesAMoveOntoAHeldPort(_ backend: Backend) async throws {
    let inventory = try StoreFixtures.datacentre()
    let store = try await backend.store(inventory)
    let interface = StoreFixtures.interface(
      "if-1", account: "1001", in: inventory, state: .approvedLOA, device: Self.yh01,
      port: "1/1/30")
    try await store.write { try await $0.insert(interface) }
    let connection = try #require(inventory.connection("pc-hz-0003"))
    var movedInterface = interface
    movedInterface.port = "1/1/31"
    var clash = connection
    (clash.device, clash.port) = (Self.yh02, "1/1/2")
    _ = try await store.write { writer in
      await #expect {
        try await writer.move(interfaces: [movedInterface], connections: [clash])
      } throws: { error in
        // The in-memory store names the holder by id alone.
        guard let error = error as? StoreError, error.kind == .portTaken else { return false }
        return error.description.contains("1/1/2 of hz-yh-b-asw-02")
          && error.description.contains("pc-hz-0006")
      }
    }
    #expect(try await store.read { try await $0.interface("if-1") } == interface)
    #expect(try await store.read { try await $0.connection("pc-hz-0003") } == connection)
    // The ports are held as before: the interface's old port is still refused to another.
    var taker = StoreFixtures.interface(
      "if-2", account: "1002", in: inventory, state: .approvedLOA, device: Self.yh01,
      port: "1/1/30")
    await #expect(throws: StoreError.self) { try await store.write { try await $0.insert(taker) } }
    taker.port = "1/1/31"
    try await store.write { try await $0.insert(taker) }
  }

  // MARK: Run again

  /// A store that runs the body twice (as PostgreSQL's does after a serialization failure)
  /// keeps one run: one history entry, the same sequence. (PostgreSQL's store reports an error
  /// of the body as a store failure, so the wrapper that throws after the first run works on the
  /// other two.)
  @Test(arguments: [Backend.memory, .sqlite])
  func aBodyRunTwiceCommitsOnce(_ backend: Backend) async throws {
    let inner = try await backend.store(StoreFixtures.datacentre())
    let direct = Provisioner(store: inner, now: { Self.start })
    _ = try await direct.apply(LifecycleTests.request("if-1"))
    _ = try await direct.applyForLOA("if-1", loa: LifecycleTests.loa)
    let approved = try await direct.approve("if-1")
    let from = Self.end(try #require(approved.device), try #require(approved.port))
    let provisioner = Provisioner(store: RetryingStore(inner), now: { Self.start })
    let applied = try await provisioner.applyMoves([
      Self.move("if-1", from, Self.end(Self.yh02, "1/1/45")),
      Self.move("pc-hz-0003", Self.end(Self.yh01, "1/1/2"), Self.end(Self.yh02, "1/1/46")),
    ])
    #expect(applied.history.map(\.sequence) == [4])
    let history = try await direct.history(of: "if-1")
    #expect(history.map(\.action) == [.apply, .applyForLOA, .approve, .move])
    let after = try await direct.exportInventory()
    #expect(after.connection("if-1")?.port == "1/1/45")
    #expect(after.connection("pc-hz-0003")?.port == "1/1/46")
  }

  // MARK: Racing

  /// Two drains of the same interfaces, listed in opposite orders, at once: one commits, the
  /// other finds its `from` ports left and is refused as stale, whichever runs first.
  @Test(arguments: [Backend.sqlite, .postgres])
  func twoDrainsOfTheSameConnectionsAtOnce(_ backend: Backend) async throws {
    let provisioner = try await Self.setUp(backend)
    let enabled = try await Self.place("if-enabled", provisioner)
    let approved = try await Self.place("if-approved", provisioner)
    let first = [
      Self.move("if-enabled", enabled, Self.end(Self.yh02, "1/1/40")),
      Self.move("if-approved", approved, Self.end(Self.yh02, "1/1/41")),
    ]
    let second = [
      Self.move("if-approved", approved, Self.end(Self.yh01, "1/1/42")),
      Self.move("if-enabled", enabled, Self.end(Self.yh01, "1/1/43")),
    ]
    let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
      for moves in [first, second] {
        group.addTask {
          do {
            _ = try await provisioner.applyMoves(moves)
            return "moved"
          } catch let error as LifecycleError {
            return error.code
          }
        }
      }
      var outcomes: [String] = []
      for try await outcome in group { outcomes.append(outcome) }
      return outcomes.sorted()
    }
    #expect(outcomes == ["moved", "stale_move"])
    let after = try await provisioner.exportInventory()
    Self.checkNoPortTwice(after)
    let ports = [after.connection("if-enabled")?.port, after.connection("if-approved")?.port]
    #expect(ports == ["1/1/40", "1/1/41"] || ports == ["1/1/43", "1/1/42"], "\(ports)")
    for id: InterfaceID in ["if-enabled", "if-approved"] {
      #expect(try await provisioner.history(of: id).filter { $0.action == .move }.count == 1)
    }
  }

  // MARK: Racing an approval

  /// Approvals at the access point race moves into the ports they would take. Whichever
  /// commits first, no port is held twice, and a move that lost its port is refused as taken.
  @Test(arguments: 0..<6)
  func movesRaceApprovalsOnPostgreSQL(_ round: Int) async throws {
    let provisioner = try await LifecycleTests.provisioner(.postgres)
    let ids = (1...4).map { InterfaceID("if-\(round)-\($0)") }
    for (id, account) in zip(ids, ["1001", "1002", "1003", "1004"]) {
      _ = try await provisioner.apply(LifecycleTests.request(id.rawValue, account: account))
      _ = try await provisioner.applyForLOA(id, loa: LifecycleTests.loa)
    }
    // The lowest free 10GBase-LR ports of both devices: where the approvals go.
    let moves = [
      Self.move("pc-hz-0003", Self.end(Self.yh01, "1/1/2"), Self.end(Self.yh02, "1/1/3")),
      Self.move("pc-hz-0006", Self.end(Self.yh02, "1/1/2"), Self.end(Self.yh01, "1/1/4")),
    ]
    let moved = try await withThrowingTaskGroup(of: Bool?.self) { group in
      for (index, id) in ids.enumerated() {
        group.addTask {
          if index == round % ids.count { return nil }
          _ = try await provisioner.approve(id)
          return nil
        }
      }
      group.addTask {
        do {
          _ = try await provisioner.applyMoves(moves)
          return true
        } catch let error as LifecycleError where error.code == "move_port_taken" {
          return false
        }
      }
      // One approval races from the other side: after the moves are sent.
      group.addTask {
        try await Task.sleep(for: .milliseconds(round * 3))
        _ = try await provisioner.approve(ids[round % ids.count])
        return nil
      }
      var moved: Bool?
      for try await result in group { if let result { moved = result } }
      return moved
    }
    let after = try await provisioner.exportInventory()
    Self.checkNoPortTwice(after)
    for id in ids { #expect(try await provisioner.interface(id).state == .approvedLOA) }
    let placed = try #require(after.connection("pc-hz-0003"))
    if moved == true {
      #expect(placed.device == Self.yh02 && placed.port == "1/1/3")
      #expect(after.connection("pc-hz-0006")?.port == "1/1/4")
    } else {
      #expect(placed.device == Self.yh01 && placed.port == "1/1/2", "a refused move was kept")
    }
  }
}
