import Foundation
import Testing

/// Every transition of FORMATS.md's "Provisioning state" table through the command line, on a
/// database that `state init` made from the datacenter fixture: the allowed ones move the
/// interface and add one history entry; the refused ones exit 1 with `invalid_transition` and
/// change nothing.
@Suite struct LifecycleCommandTests {
  /// The actions (command names) that lead from the start to each state.
  static let pathTo: [String: [String]] = [
    "toApplyForLOA": [],
    "inApplication": ["apply-loa"],
    "loaRejected": ["apply-loa", "reject"],
    "approvedLOA": ["apply-loa", "approve"],
    "waitingForConnection": ["apply-loa", "approve", "deliver"],
    "waitingForPayment": ["apply-loa", "approve", "deliver", "connect"],
    "enabled": ["apply-loa", "approve", "deliver", "connect", "enable"],
    "canceled": ["cancel"],
    "terminated": ["apply-loa", "approve", "deliver", "connect", "enable", "terminate"],
  ]

  /// The contract's table: action -> (the states it is allowed from, the state it leads to).
  static let allowed: [String: (from: [String], to: String)] = [
    "apply-loa": (["toApplyForLOA", "loaRejected"], "inApplication"),
    "reject": (["inApplication"], "loaRejected"),
    "approve": (["inApplication"], "approvedLOA"),
    "deliver": (["approvedLOA"], "waitingForConnection"),
    "connect": (["waitingForConnection"], "waitingForPayment"),
    "enable": (["waitingForPayment"], "enabled"),
    "cancel": (
      [
        "toApplyForLOA", "inApplication", "loaRejected", "approvedLOA", "waitingForConnection",
        "waitingForPayment",
      ], "canceled"
    ),
    "terminate": (["enabled"], "terminated"),
  ]

  /// The console's name and the API's statuses of each state (DOMAIN.md).
  static let names: [String: (console: String, status: String, loa: String?)] = [
    "toApplyForLOA": ("To Apply for LOA", "Initial", nil),
    "inApplication": ("In Application", "Initial", "Applying"),
    "loaRejected": ("LOA Rejected", "Initial", "Rejected"),
    "approvedLOA": ("Approved LOA", "Allocated", "Available"),
    "waitingForConnection": ("Waiting", "Allocated", "Completing"),
    "waitingForPayment": ("Waiting", "Confirmed", "Complete"),
    "enabled": ("Enabled", "Enabled", "Complete"),
    "canceled": ("Canceled", "Canceled", "Deleted"),
    "terminated": ("Terminated", "Terminated", "Complete"),
  ]

  static let states = [
    "toApplyForLOA", "inApplication", "loaRejected", "approvedLOA", "waitingForConnection",
    "waitingForPayment", "enabled", "canceled", "terminated",
  ]

  /// Applies for interface `id` (its own account, so the pending limit never interferes) and
  /// walks it to `state`; returns the history length.
  func make(_ id: String, account: Int, in state: String, _ workspace: ProvisioningWorkspace)
    throws -> Int
  {
    let applied = try workspace.interface(
      "apply", "--request", try workspace.request(id, account: "\(9000 + account)"))
    #expect(applied.status == 0, "apply \(id): \(applied.stdout) \(applied.stderr)")
    let path = Self.pathTo[state] ?? []
    for action in path {
      let step = try workspace.run(action, id)
      #expect(step.status == 0, "\(action) \(id) on the way to \(state): \(step.stderr)")
    }
    return path.count + 1
  }

  @Test func everyAllowedTransitionMovesTheInterfaceAndIsRecorded() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    var count = 0
    for (action, rule) in Self.allowed.sorted(by: { $0.key < $1.key }) {
      for from in rule.from {
        count += 1
        let id = "if-\(action)-from-\(from)"
        let steps = try make(id, account: count, in: from, workspace)
        let moved = try workspace.run(action, id)
        #expect(moved.status == 0, "\(action) from \(from): \(moved.stderr)")
        let interface = PrintedJSON.object(moved)
        let expected = Self.names[rule.to]
        #expect(interface["id"] as? String == id)
        #expect(interface["state"] as? String == rule.to, "\(action) from \(from)")
        #expect(interface["consoleName"] as? String == expected?.console)
        #expect(interface["status"] as? String == expected?.status)
        #expect((interface["loaStatus"] as? String) == expected?.loa)
        // Cancel and terminate keep the device and port on the interface, for the record; the
        // port is free again all the same (`state export` leaves it out).
        let hadPort = Self.holdsPort(from) || Self.holdsPort(rule.to)
        #expect((interface["port"] is String) == hadPort, "\(action) from \(from)")
        #expect((interface["device"] is String) == hadPort, "\(action) from \(from)")

        let shown = PrintedJSON.object(try workspace.interface("show", id))
        #expect(shown["state"] as? String == rule.to)
        let history = PrintedJSON.array(try workspace.interface("history", id))
        #expect(history.count == steps + 1, "\(action) from \(from): \(history)")
        let last = history.last ?? [:]
        #expect(last["action"] as? String == action)
        #expect(last["from"] as? String == from)
        #expect(last["to"] as? String == rule.to)
        #expect(last["sequence"] as? Int == steps + 1)
        let actions = history.compactMap { $0["action"] as? String }
        #expect(actions == ["apply"] + (Self.pathTo[from] ?? []) + [action])
      }
    }
    #expect(count == 14)
  }

  static func holdsPort(_ state: String) -> Bool {
    ["approvedLOA", "waitingForConnection", "waitingForPayment", "enabled"].contains(state)
  }

  @Test func everyRefusedTransitionExitsWith1AndChangesNothing() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    var refusals = 0
    for (index, state) in Self.states.enumerated() {
      let id = "if-in-\(state)"
      let steps = try make(id, account: index, in: state, workspace)
      let before = try workspace.interface("show", id).stdout
      for (action, rule) in Self.allowed where !rule.from.contains(state) {
        refusals += 1
        let refused = try workspace.run(action, id)
        #expect(refused.status == 1, "\(action) from \(state): \(refused.stdout)")
        #expect(PrintedJSON.errorCode(refused) == "invalid_transition", "\(action) from \(state)")
        #expect(refused.stderr.contains("interface \(id) is \(state)"), "\(refused.stderr)")
        #expect(try workspace.interface("show", id).stdout == before, "\(action) from \(state)")
      }
      let history = PrintedJSON.array(try workspace.interface("history", id))
      #expect(history.count == steps, "\(state): refusals must not be recorded")
    }
    // 9 states x 8 actions, less the 14 allowed pairs.
    #expect(refusals == 58)
  }
}
