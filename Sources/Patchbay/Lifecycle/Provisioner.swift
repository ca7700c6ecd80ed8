import Foundation

/// Walks interfaces through the customer's process (DOMAIN.md) on a ``ProvisioningStore``.
///
/// Every command is one store transaction and one history entry per interface it changes: it
/// reads what it needs, checks the transition (``InterfaceAction/transition(from:interface:)``),
/// validates and allocates with the same engine as `patchbay allocate`, and writes; a refusal
/// throws before anything is written. Commands throw ``LifecycleError`` for refusals and
/// ``StoreError`` when the store fails.
public struct Provisioner: Sendable {
  public let store: any ProvisioningStore
  private let now: @Sendable () -> Date
  private let allocation: AllocationOptions

  /// - Parameters:
  ///   - now: the clock for history entries and the LOA's "in the future" check.
  ///   - allocation: options for `approve --all`'s batch (threads, exact solver time limit).
  public init(
    store: any ProvisioningStore, allocation: AllocationOptions = AllocationOptions(threads: 1),
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.store = store
    self.allocation = allocation
    self.now = now
  }

  // MARK: Commands

  /// Applies for an interface: the request is validated against the inventory as it stands
  /// and, if valid, becomes an interface in ``InterfaceState/toApplyForLOA``.
  ///
  /// A request may name an interface that is not approved yet as its redundant connection; the
  /// pair is validated together, and placed on different devices when both are approved.
  public func apply(_ request: Request) throws -> Interface {
    if let rejection = RequestChecks.identifierRejection(request) {
      throw LifecycleError.rejected(rejection)
    }
    let time = now()
    return try store.write { store in
      let id = InterfaceID(request.id.rawValue)
      if try store.interface(id) != nil || store.connection(id) != nil {
        throw LifecycleError.duplicateInterface(id)
      }
      var batch = [request]
      var scope = InventoryScope()
      if let account = request.account { scope.accounts.insert(AccountID(account)) }
      if let name = request.redundantConnection {
        let partnerID = ConnectionID(name)
        scope.connections.insert(partnerID)
        if let partner = try store.interface(partnerID), partner.state.isBeforeApproval {
          batch.append(partner.request)
          scope.excluding.insert(partnerID)
          scope.accounts.insert(partner.account)
        }
      }
      let validation = BatchValidator(inventory: try store.slice(scope).inventory).validate(batch)
      if let rejection = validation.rejections.first(where: { $0.request == request.id }) {
        throw LifecycleError.rejected(rejection)
      }
      guard let valid = validation.accepted.first(where: { $0.id == request.id }) else {
        preconditionFailure("validation neither accepted nor rejected \(request.id)")
      }
      let interface = Interface(applying: valid, at: time)
      try store.insert(interface)
      try store.append(
        HistoryEntry(
          interface: id, sequence: 1, at: time, action: .apply, from: nil, to: interface.state,
          detail: "\(interface.portType.rawValue) at \(interface.accessPoint)"))
      return interface
    }
  }

  /// Files the LOA application; allowed again after a rejection.
  public func applyForLOA(_ id: InterfaceID, loa: LetterOfAuthorization) throws -> Interface {
    try step(id, .applyForLOA) { interface, _, time in
      guard loa.scheduledConstructionTime > time else {
        throw LifecycleError.invalidLOA([
          .init(
            place: "scheduledConstructionTime",
            message: "\(ISO8601Time.format(loa.scheduledConstructionTime)) is not in the "
              + "future; schedule the construction after \(ISO8601Time.format(time))")
        ])
      }
      interface.loa = loa
      interface.rejectionReason = nil
      return "construction by \(loa.constructionCompany) on "
        + ISO8601Time.format(loa.scheduledConstructionTime)
    }
  }

  /// Refuses the LOA, with a reason the customer can act on.
  public func reject(_ id: InterfaceID, reason: String) throws -> Interface {
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    return try step(id, .reject) { interface, _, _ in
      guard !reason.isEmpty else { throw LifecycleError.missingReason(id) }
      interface.rejectionReason = reason
      return reason
    }
  }

  /// Approves the LOA and reserves a device port: validated again against the inventory as it
  /// stands, then placed on the allowed device with the most free ports of its type, never on
  /// the device of its redundant connection. For one request that choice is optimal.
  public func approve(_ id: InterfaceID) throws -> Interface {
    try step(id, .approve) { interface, store, _ in
      var scope = InventoryScope(
        accessPoints: [interface.accessPoint], accounts: [interface.account],
        excluding: [interface.id])
      if let partner = interface.redundantConnection { scope.connections.insert(partner) }
      var live = LiveInventory(try store.slice(scope).inventory)
      switch live.place(interface.request) {
      case .placed(let assignment):
        interface.device = assignment.device
        interface.port = assignment.port
        return "device \(assignment.device) port \(assignment.port)"
      case .rejected(var rejection):
        if rejection.code == .redundantConnectionNotReady,
          let partner = interface.redundantConnection,
          try store.interface(partner)?.state.isBeforeApproval == true
        {
          rejection.message +=
            "; approve \(partner) first, or approve both together with `approve --all`"
        }
        throw LifecycleError.rejected(rejection)
      case .unplaced(let unplacement):
        throw LifecycleError.unplaced(unplacement)
      }
    }
  }

  /// Approves every interface in application as one batch, placed together by the allocator
  /// (greedy, and exact where needed) in one transaction. Interfaces it cannot place stay in
  /// application; the plan says why for each.
  ///
  /// `progress` hears each stage, for a progress line on long batches.
  public func approveAll(progress: (@Sendable (BatchApprovalStage) -> Void)? = nil) throws
    -> BatchApproval
  {
    let time = now()
    return try store.write { store in
      progress?(.reading)
      let waiting = try store.interfaces(in: .inApplication)
      var scope = InventoryScope(excluding: Set(waiting.map(\.id)))
      for interface in waiting {
        scope.accessPoints.insert(interface.accessPoint)
        scope.accounts.insert(interface.account)
        if let partner = interface.redundantConnection { scope.connections.insert(partner) }
      }
      var live = LiveInventory(try store.slice(scope).inventory)
      let plan = live.place(batch: waiting.map(\.request), options: allocation) {
        solved, total in progress?(.placing(interfaces: waiting.count, solved: solved, of: total))
      }
      let byID = Dictionary(uniqueKeysWithValues: waiting.map { ($0.id, $0) })
      var approved: [Interface] = []
      approved.reserveCapacity(plan.assignments.count)
      for (done, assignment) in plan.assignments.enumerated() {
        if done % 1_000 == 0 { progress?(.recording(done: done, of: plan.assignments.count)) }
        guard var interface = byID[InterfaceID(assignment.request.rawValue)] else { continue }
        let sequence = try store.historyLength(of: interface.id) + 1
        let from = interface.state
        interface.state = try InterfaceAction.approve.transition(
          from: from, interface: interface.id)
        interface.device = assignment.device
        interface.port = assignment.port
        interface.updatedAt = time
        try store.update(interface)
        try store.append(
          HistoryEntry(
            interface: interface.id, sequence: sequence, at: time, action: .approve, from: from,
            to: interface.state,
            detail: "device \(assignment.device) port \(assignment.port), with the batch"))
        approved.append(interface)
      }
      return BatchApproval(approved: approved, plan: plan)
    }
  }

  /// Files the delivery report once the line is laid.
  public func deliver(_ id: InterfaceID, report: DeliveryReport) throws -> Interface {
    try step(id, .deliver) { interface, _, _ in
      interface.delivery = report
      return "line \(report.lineCode), cable labels \(report.cableLabels.joined(separator: ", "))"
    }
  }

  /// The cable is patched to the reserved port.
  public func connect(_ id: InterfaceID) throws -> Interface {
    try step(id, .connect) { interface, _, _ in
      "patched to \(interface.device.map(\.rawValue) ?? "?") port \(interface.port ?? "?")"
    }
  }

  /// The port's fee is paid; the interface is in service.
  public func enable(_ id: InterfaceID) throws -> Interface {
    try step(id, .enable) { _, _, _ in nil }
  }

  /// Gives the interface up before it is enabled; its port, if it had one, is free again.
  public func cancel(_ id: InterfaceID) throws -> Interface {
    try step(id, .cancel) { interface, _, _ in freedPort(interface) }
  }

  /// Takes an enabled interface out of service; its port is free again.
  public func terminate(_ id: InterfaceID) throws -> Interface {
    try step(id, .terminate) { interface, _, _ in freedPort(interface) }
  }

  // MARK: Reading

  public func interface(_ id: InterfaceID) throws -> Interface {
    try store.read { store in try existing(id, in: store) }
  }

  /// Interfaces in a state, or all of them, in the order they were applied for.
  public func interfaces(in state: InterfaceState? = nil) throws -> [Interface] {
    try store.read { store in try store.interfaces(in: state) }
  }

  public func history(of id: InterfaceID) throws -> [HistoryEntry] {
    try store.read { store in
      _ = try existing(id, in: store)
      return try store.history(of: id)
    }
  }

  /// The inventory as it stands: every interface that holds a port is a connection in its
  /// state's API status (`patchbay state export`; `allocate` and `verify` read it), and so is a
  /// finished interface that one of them names as its redundant connection.
  public func exportInventory() throws -> Inventory {
    try store.read { store in
      var slice = try store.slice(.all)
      slice.interfaces.removeAll { !$0.state.holdsPort }
      // An exported interface may back up one that is over since (canceled or terminated): that
      // one stays in the export, holding nothing, as finished connections stay in an inventory,
      // so that the link names a connection of the file and `verify` and `allocate` accept it.
      var exported = Set(slice.connections.map(\.id))
      exported.formUnion(slice.interfaces.map(\.id))
      for partner in slice.interfaces.compactMap(\.redundantConnection)
      where exported.insert(partner).inserted {
        if let finished = try store.interface(partner) { slice.interfaces.append(finished) }
      }
      return slice.inventory
    }
  }

  // MARK: One step

  /// Loads the interface, checks the transition, lets `change` fill in what the step carries
  /// (it returns the history entry's detail), and writes the interface and its history entry
  /// in one transaction.
  private func step(
    _ id: InterfaceID, _ action: InterfaceAction,
    change: (inout Interface, any ProvisioningWriter, Date) throws -> String?
  ) throws -> Interface {
    let time = now()
    return try store.write { store in
      var interface = try existing(id, in: store)
      let from = interface.state
      let to = try action.transition(from: from, interface: id)
      let detail = try change(&interface, store, time)
      interface.state = to
      interface.updatedAt = time
      let sequence = try store.historyLength(of: id) + 1
      try store.update(interface)
      try store.append(
        HistoryEntry(
          interface: id, sequence: sequence, at: time, action: action, from: from, to: to,
          detail: detail))
      return interface
    }
  }

  private func existing(_ id: InterfaceID, in store: any ProvisioningReader) throws -> Interface {
    if let interface = try store.interface(id) { return interface }
    throw LifecycleError.unknownInterface(id, isConnection: try store.connection(id) != nil)
  }

  private func freedPort(_ interface: Interface) -> String? {
    guard interface.state.holdsPort, let device = interface.device, let port = interface.port
    else { return nil }
    return "port \(port) of \(device) is free again"
  }
}
