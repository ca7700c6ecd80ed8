import Foundation

/// Walks interfaces through the customer's process (DOMAIN.md) on a ``ProvisioningStore``.
///
/// Every command is one store transaction and one history entry per interface it changes: it
/// reads what it needs, checks the transition (``InterfaceAction/transition(from:interface:)``),
/// validates and allocates with the same engine as `patchbay allocate`, and writes; a refusal
/// throws before anything is written. Commands throw ``LifecycleError`` for refusals and
/// ``StoreError`` when the store fails.
///
/// Every call is `async` and waits on the store: a command waits for other writers up to the
/// store's bound (``StoreError/Kind/busy`` after it; the SQLite store's `busyTimeout`), a read
/// never waits for writers. ``approveAll(only:progress:)`` also runs the allocator, off the
/// caller's thread, for as long as the batch needs (seconds for a hundred thousand interfaces,
/// bounded by the exact solver's time limit per access point). No call blocks a Swift
/// concurrency thread.
///
/// The store is not public: every change goes through a command, so none skips the transition
/// check or the history entry.
public struct Provisioner: Sendable {
  let store: any ProvisioningStore
  let now: @Sendable () -> Date
  let allocation: AllocationOptions

  /// A provisioner on a store, with the allocator's options for batch approvals and a clock.
  ///
  /// - Parameters:
  ///   - store: where the interfaces and the inventory live; the provisioner keeps it private,
  ///     so nothing writes around the transition checks and the history.
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
  public func apply(_ request: Request) async throws -> Interface {
    let time = now()
    return try await store.write { store in
      let interface = try await application(of: request, at: time, in: store)
      try await record(interface, in: store)
      return interface
    }
  }

  /// Applies for an interface per request, the whole backlog in one transaction: the import
  /// path for a queue of applications kept elsewhere until now (`patchbay interface apply
  /// --requests`).
  ///
  /// The requests are taken in order, each checked exactly as ``apply(_:)`` checks one, against
  /// the inventory as it stands with the earlier requests of `requests` already applied: an
  /// account's pending limit counts them, an id that an earlier one took is
  /// `duplicate_interface`, and a request may name an earlier one that is still before approval
  /// as its redundant connection. So the outcome is the one of calling ``apply(_:)`` for each
  /// request in turn, without other writers in between. One thing is added: a request that names
  /// a request of the backlog that is not stored (`unknown_redundant_connection`, as
  /// ``apply(_:)`` refuses it) is told whether that one comes later (move it up) or was refused
  /// further up.
  ///
  /// A refused request is stored not at all and does not stop the others: its outcome says why.
  /// A store failure (``StoreError``, a busy database among them) throws, and nothing of the
  /// batch is kept. Every interface and history entry of the batch has the same time: the clock's
  /// reading when the call began.
  ///
  /// Each request costs what one ``apply(_:)`` costs inside a transaction (a few indexed reads
  /// and two writes), so the time grows with the number of requests, not with its square.
  ///
  /// - Parameters:
  ///   - requests: the backlog, in the order to apply it.
  ///   - progress: hears `(done, total)` after each request, for a progress line on a long
  ///     backlog; a store that runs the transaction again (``ProvisioningStore/write(_:)``)
  ///     reports from 0 again.
  /// - Returns: one outcome per request, in the order of `requests`.
  public func apply(
    all requests: [Request], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) async throws -> [ApplyOutcome] {
    let time = now()
    return try await store.write { store in
      var outcomes: [ApplyOutcome] = []
      outcomes.reserveCapacity(requests.count)
      var positions: [String: Int]?
      for (position, request) in requests.enumerated() {
        // Only the checks are a refusal of this request; they write nothing. A failure while
        // recording an accepted one fails the whole batch, so none is left half-written.
        let interface: Interface
        do {
          interface = try await application(of: request, at: time, in: store)
        } catch let refusal as LifecycleError {
          let refusal = Self.explainingPartner(
            refusal, of: request, at: position, in: requests, &positions)
          outcomes.append(.refused(request: request.id, refusal))
          progress?(outcomes.count, requests.count)
          continue
        }
        try await record(interface, in: store)
        outcomes.append(.applied(interface))
        progress?(outcomes.count, requests.count)
      }
      return outcomes
    }
  }

  /// Files the LOA application; allowed again after a rejection.
  public func applyForLOA(_ id: InterfaceID, loa: LetterOfAuthorization) async throws -> Interface {
    try await step(id, .applyForLOA) { interface, _, time in
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
  public func reject(_ id: InterfaceID, reason: String) async throws -> Interface {
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    return try await step(id, .reject) { interface, _, _ in
      guard !reason.isEmpty else { throw LifecycleError.missingReason(id) }
      interface.rejectionReason = reason
      return reason
    }
  }

  /// Approves the LOA and reserves a device port: validated again against the inventory as it
  /// stands, then placed on the allowed device with the most free ports of its type, never on
  /// the device of its redundant connection. For one request that choice is optimal.
  public func approve(_ id: InterfaceID) async throws -> Interface {
    try await step(id, .approve) { interface, store, _ in
      var scope = InventoryScope(
        accessPoints: [interface.accessPoint], accounts: [interface.account],
        excluding: [interface.id])
      if let partner = interface.redundantConnection { scope.connections.insert(partner) }
      var live = LiveInventory(try await store.slice(scope).inventory())
      switch live.place(interface.request) {
      case .placed(let assignment):
        interface.device = assignment.device
        interface.port = assignment.port
        return "device \(assignment.device) port \(assignment.port)"
      case .rejected(var rejection):
        if rejection.code == .redundantConnectionNotReady,
          let partner = interface.redundantConnection,
          try await store.interface(partner)?.state.isBeforeApproval == true
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

  /// Approves every interface in application (or the ones `ids` lists) as one batch, placed
  /// together by the allocator (greedy, and exact where needed) in one transaction. Interfaces
  /// it cannot place stay in application; the plan says why for each.
  ///
  /// `progress` hears each stage, for a progress line on long batches. The allocator runs on a
  /// thread of its own (it takes seconds on big batches, `allocation.threads` at once) while the
  /// transaction waits; the approvals are then written a thousand at a time.
  ///
  /// - Parameters:
  ///   - ids: the interfaces to approve, in any order; `nil` approves every interface in
  ///     application. The whole call is refused before anything is written when one of them is
  ///     not an interface (``LifecycleError/Kind/unknownInterface``), is not in application
  ///     (``LifecycleError/Kind/invalidTransition``, as ``approve(_:)`` says it), or is listed
  ///     twice, or the list is empty (``LifecycleError/Kind/malformedRequest``); the first id
  ///     at fault, in the list's order, is the one named.
  ///   - progress: hears each stage of the batch.
  public func approveAll(
    only ids: [InterfaceID]? = nil, progress: (@Sendable (BatchApprovalStage) -> Void)? = nil
  ) async throws -> BatchApproval {
    let time = now()
    let allocation = allocation
    return try await store.write { store in
      try await Self.approvals(
        only: ids, at: time, allocation: allocation, progress: progress, in: store)
    }
  }

  /// ``approveAll(only:progress:)``, with the caller's answer made while the approvals are
  /// written: `answer` starts on a thread of its own once the allocator has placed the batch (for
  /// `approve --all` on a big batch, encoding tens of megabytes of JSON takes a third of a
  /// second, and the writing leaves a core free), and its result is returned only after the
  /// commit succeeded. When the writing or the commit fails the call throws the store's error
  /// and the answer is dropped unseen, so nothing can claim what was not committed. A store that
  /// runs the body again (a retried serialization failure) gets an answer for each run; only the
  /// committed run's is returned.
  package func approveAll<Answer: Sendable>(
    only ids: [InterfaceID]? = nil, progress: (@Sendable (BatchApprovalStage) -> Void)? = nil,
    answer: @escaping @Sendable (BatchApproval) -> Answer
  ) async throws -> Answer {
    let time = now()
    let allocation = allocation
    let answering = try await store.write { store in
      let placed = try await Self.placedBatch(
        only: ids, at: time, allocation: allocation, progress: progress, in: store)
      let answering = Task { await Self.offConcurrencyPool { answer(placed.batch) } }
      try await Self.record(placed, progress: progress, in: store)
      return answering
    }
    return await answering.value
  }

  /// A placed batch, before it is written: the answer, and the history entry of each approval.
  private struct PlacedBatch: Sendable {
    var batch: BatchApproval
    var entries: [HistoryEntry]
  }

  /// The body of ``approveAll(only:progress:)``'s transaction.
  private static func approvals(
    only ids: [InterfaceID]?, at time: Date, allocation: AllocationOptions,
    progress: (@Sendable (BatchApprovalStage) -> Void)?, in store: any ProvisioningWriter
  ) async throws -> BatchApproval {
    let placed = try await placedBatch(
      only: ids, at: time, allocation: allocation, progress: progress, in: store)
    try await record(placed, progress: progress, in: store)
    return placed.batch
  }

  /// Reads the interfaces to approve and the inventory, places them, and makes each approved
  /// interface and its history entry; writes nothing.
  private static func placedBatch(
    only ids: [InterfaceID]?, at time: Date, allocation: AllocationOptions,
    progress: (@Sendable (BatchApprovalStage) -> Void)?, in store: any ProvisioningWriter
  ) async throws -> PlacedBatch {
    progress?(.reading)
    let waiting: [Interface]
    let inventory: Inventory
    if ids == nil, let reader = store as? any BatchApprovalReader {
      (waiting, inventory) = try await reader.interfacesToApprove()
    } else {
      var inApplication = try await store.interfaces(in: .inApplication)
      if let ids { inApplication = try await chosen(ids, from: inApplication, in: store) }
      waiting = inApplication
      inventory = try await store.slice(.placing(waiting)).inventory()
    }
    let requests = waiting.map(\.request)
    // The plan `LiveInventory.place(batch:)` makes, without reserving each placement in an
    // inventory that is thrown away: the store keeps the approvals (a fifth of the allocation's
    // time on a big batch).
    async let placing = offConcurrencyPool {
      Allocator(inventory: inventory, options: allocation).allocate(requests) { solved, total in
        progress?(.placing(interfaces: requests.count, solved: solved, of: total))
      }.plan
    }
    // While the allocator works: the history lengths of the whole batch (the placed interfaces
    // are among them), which the store reads on its own thread.
    let lengths = try await store.historyLengths(of: waiting.map(\.id))
    let plan = await placing
    let placed = placements(plan.assignments, of: waiting)
    var approved: [Interface] = []
    var entries: [HistoryEntry] = []
    approved.reserveCapacity(placed.count)
    entries.reserveCapacity(placed.count)
    for (index, assignment) in placed {
      var interface = waiting[index]
      let from = interface.state
      interface.state = try InterfaceAction.approve.transition(
        from: from, interface: interface.id)
      interface.device = assignment.device
      interface.port = assignment.port
      interface.updatedAt = time
      approved.append(interface)
      entries.append(
        HistoryEntry(
          interface: interface.id, sequence: (lengths[interface.id] ?? 0) + 1, at: time,
          action: .approve, from: from, to: interface.state,
          detail: "device \(assignment.device) port \(assignment.port), with the batch"))
    }
    return PlacedBatch(batch: BatchApproval(approved: approved, plan: plan), entries: entries)
  }

  /// Writes a placed batch's approvals and history, a thousand at a time.
  private static func record(
    _ placed: PlacedBatch, progress: (@Sendable (BatchApprovalStage) -> Void)?,
    in store: any ProvisioningWriter
  ) async throws {
    let approved = placed.batch.approved
    for start in stride(from: 0, to: approved.count, by: 1_000) {
      progress?(.recording(done: start, of: placed.batch.plan.assignments.count))
      let end = min(start + 1_000, approved.count)
      try await store.updatePlacements(Array(approved[start..<end]))
      try await store.append(all: Array(placed.entries[start..<end]))
    }
  }

  /// Each assignment of the plan with the position in `waiting` of the interface it places, in
  /// the plan's order; an assignment of no interface of `waiting` is left out.
  ///
  /// The plan lists its assignments in batch order (``Plan/assignments``), which is `waiting`'s,
  /// so one walk pairs them; a dictionary of a hundred thousand interfaces, each copied into it,
  /// is made only if the walk meets an assignment out of that order.
  package static func placements(
    _ assignments: [Assignment], of waiting: [Interface]
  ) -> [(index: Int, assignment: Assignment)] {
    var placed: [(index: Int, assignment: Assignment)] = []
    placed.reserveCapacity(assignments.count)
    var next = waiting.startIndex
    for assignment in assignments {
      let id = InterfaceID(assignment.request.rawValue)
      while next < waiting.endIndex, waiting[next].id != id { next += 1 }
      guard next < waiting.endIndex else {
        let positions = Dictionary(
          waiting.indices.map { (waiting[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        return assignments.compactMap { assignment in
          positions[InterfaceID(assignment.request.rawValue)].map { ($0, assignment) }
        }
      }
      placed.append((next, assignment))
      next += 1
    }
    return placed
  }

  /// The interfaces of `waiting` (every interface in application, in application order) that
  /// `ids` lists, in application order; or the refusal of the first id that cannot be approved
  /// with the batch.
  private static func chosen(
    _ ids: [InterfaceID], from waiting: [Interface], in store: any ProvisioningReader
  ) async throws -> [Interface] {
    guard !ids.isEmpty else {
      throw LifecycleError.malformedRequest(
        "the list of interfaces to approve is empty; list at least one, or leave the list out "
          + "to approve every interface in application")
    }
    let inApplication = Set(waiting.map(\.id))
    var listed: Set<InterfaceID> = []
    for id in ids {
      guard listed.insert(id).inserted else {
        throw LifecycleError.malformedRequest(
          "interface \(id) is listed twice for one batch; list each interface once",
          interface: id)
      }
      guard !inApplication.contains(id) else { continue }
      guard let interface = try await store.interface(id) else {
        throw LifecycleError.unknownInterface(
          id, isConnection: try await store.connection(id) != nil)
      }
      _ = try InterfaceAction.approve.transition(from: interface.state, interface: id)
    }
    return waiting.filter { listed.contains($0.id) }
  }

  /// Runs CPU-bound work (the allocator) on a Dispatch thread and suspends until it is done, so
  /// that a long batch does not hold one of the few threads Swift concurrency runs tasks on.
  static func offConcurrencyPool<T: Sendable>(
    _ work: @escaping @Sendable () -> T
  ) async -> T {
    await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
  }

  /// Files the delivery report once the line is laid.
  public func deliver(_ id: InterfaceID, report: DeliveryReport) async throws -> Interface {
    try await step(id, .deliver) { interface, _, _ in
      interface.delivery = report
      return "line \(report.lineCode), cable labels \(report.cableLabels.joined(separator: ", "))"
    }
  }

  /// The cable is patched to the reserved port.
  public func connect(_ id: InterfaceID) async throws -> Interface {
    try await step(id, .connect) { interface, _, _ in
      "patched to \(interface.device.map(\.rawValue) ?? "?") port \(interface.port ?? "?")"
    }
  }

  /// The port's fee is paid; the interface is in service.
  public func enable(_ id: InterfaceID) async throws -> Interface {
    try await step(id, .enable) { _, _, _ in nil }
  }

  /// Gives the interface up before it is enabled; its port, if it had one, is free again.
  public func cancel(_ id: InterfaceID) async throws -> Interface {
    try await step(id, .cancel) { interface, _, _ in freedPort(interface) }
  }

  /// Takes an enabled interface out of service; its port is free again.
  public func terminate(_ id: InterfaceID) async throws -> Interface {
    try await step(id, .terminate) { interface, _, _ in freedPort(interface) }
  }

  // MARK: Reading

  /// The interface with this id; ``LifecycleError/Kind/unknownInterface`` when there is none.
  public func interface(_ id: InterfaceID) async throws -> Interface {
    try await store.read { store in try await existing(id, in: store) }
  }

  /// Interfaces in a state, or all of them, in the order they were applied for.
  public func interfaces(in state: InterfaceState? = nil) async throws -> [Interface] {
    try await store.read { store in try await store.interfaces(in: state) }
  }

  /// The page sizes ``interfaces(matching:pageToken:pageSize:)`` accepts.
  public static let pageSizes = 1...500

  /// A page of the interfaces that match `filter`, the most recently applied for first, in one
  /// read transaction (it never waits for writers).
  ///
  /// Pages are found by place, not by count: a token keeps working while interfaces are applied
  /// for (they are newer, so they come before the first page, not in the middle of a walk), and
  /// a walk from the first page to the last sees every interface that matched when it began
  /// exactly once. An interface whose state changes during a walk may be missed or met again
  /// under a filter on ``InterfaceFilter/state``, as with any listing that is not a snapshot.
  ///
  /// - Parameters:
  ///   - filter: which interfaces to list.
  ///   - pageToken: the ``InterfacePage/next`` of the page before; `nil` for the first page.
  ///   - pageSize: how many interfaces a page holds at most, in ``pageSizes``; outside it the
  ///     call throws ``LifecycleError/Kind/malformedRequest`` (nothing is clamped silently).
  /// - Returns: the page, with the token of the next one when more interfaces match.
  public func interfaces(
    matching filter: InterfaceFilter, pageToken: InterfacePageToken?, pageSize: Int
  ) async throws -> InterfacePage {
    guard Self.pageSizes.contains(pageSize) else {
      throw LifecycleError.malformedRequest(
        "page size \(pageSize) is out of range; give \(Self.pageSizes.lowerBound) to "
          + "\(Self.pageSizes.upperBound)")
    }
    return try await store.read { store in
      try await store.interfaces(matching: filter, after: pageToken, limit: pageSize)
    }
  }

  /// The interface's history, oldest first; ``LifecycleError/Kind/unknownInterface`` when there is
  /// no such interface.
  public func history(of id: InterfaceID) async throws -> [HistoryEntry] {
    try await store.read { store in
      _ = try await existing(id, in: store)
      return try await store.history(of: id)
    }
  }

  /// The inventory as it stands: every interface that holds a port is a connection in its
  /// state's API status (`patchbay state export`; `allocate` and `verify` read it), and so is a
  /// finished interface that one of them names as its redundant connection.
  public func exportInventory() async throws -> Inventory {
    try await store.read { store in
      var slice = try await store.slice(.all)
      slice.interfaces.removeAll { !$0.state.holdsPort }
      // An exported interface may back up one that is over since (canceled or terminated): that
      // one stays in the export, holding nothing, as finished connections stay in an inventory,
      // so that the link names a connection of the file and `verify` and `allocate` accept it.
      var exported = Set(slice.connections.map(\.id))
      exported.formUnion(slice.interfaces.map(\.id))
      for partner in slice.interfaces.compactMap(\.redundantConnection)
      where exported.insert(partner).inserted {
        if let finished = try await store.interface(partner) { slice.interfaces.append(finished) }
      }
      return try slice.inventory()
    }
  }

  // MARK: One application

  /// The checks of ``apply(_:)`` and ``apply(all:progress:)``, inside their transaction: the
  /// interface that `request` becomes, or a ``LifecycleError`` saying why it is refused. It is
  /// given a reader only, so a refusal leaves the transaction as it was.
  private func application(
    of request: Request, at time: Date, in store: any ProvisioningReader
  ) async throws -> Interface {
    // Before the store sees the id: SQLite would cut it at a NUL.
    if let rejection = RequestChecks.identifierRejection(request) {
      throw LifecycleError.rejected(rejection)
    }
    let id = InterfaceID(request.id.rawValue)
    if try await store.interface(id) != nil { throw LifecycleError.duplicateInterface(id) }
    if try await store.connection(id) != nil { throw LifecycleError.duplicateInterface(id) }
    var batch = [request]
    var scope = InventoryScope()
    if let account = request.account { scope.accounts.insert(AccountID(account)) }
    if let accessPoint = request.accessPoint {
      scope.quotaAccessPoints.insert(AccessPointID(accessPoint))
    }
    if let name = request.redundantConnection {
      let partnerID = ConnectionID(name)
      scope.connections.insert(partnerID)
      if let partner = try await store.interface(partnerID), partner.state.isBeforeApproval {
        batch.append(partner.request)
        scope.excluding.insert(partnerID)
        scope.accounts.insert(partner.account)
        scope.quotaAccessPoints.insert(partner.accessPoint)
      }
    }
    let validation = BatchValidator(inventory: try await store.slice(scope).inventory()).validate(
      batch)
    if let rejection = validation.rejections.first(where: { $0.request == request.id }) {
      throw LifecycleError.rejected(rejection)
    }
    guard let valid = validation.accepted.first(where: { $0.id == request.id }) else {
      preconditionFailure("validation neither accepted nor rejected \(request.id)")
    }
    return Interface(applying: valid, at: time)
  }

  /// `refusal`, saying where its partner is when `request` names a request of the backlog that
  /// was not there to be found: one further down (not applied yet) or one further up that was
  /// refused. The validator's message alone ("nor a request of this batch") speaks of a batch of
  /// one. `positions` (id -> first place in `requests`) is made on first need.
  private static func explainingPartner(
    _ refusal: LifecycleError, of request: Request, at position: Int, in requests: [Request],
    _ positions: inout [String: Int]?
  ) -> LifecycleError {
    guard var rejection = refusal.rejection, rejection.code == .unknownRedundantConnection,
      let name = request.redundantConnection
    else { return refusal }
    if positions == nil {
      positions = Dictionary(
        requests.enumerated().map { ($1.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
    }
    guard let other = positions?[name], other != position else { return refusal }
    rejection.message +=
      other > position
      ? "; \(name) comes later in this backlog: put it before \(request.id), so that it is "
        + "applied first"
      : "; \(name) is a request further up this backlog that was refused (its result says why): "
        + "correct it, then apply both"
    return .rejected(rejection)
  }

  /// Writes a new interface that ``application(of:at:in:)`` accepted, with its first history
  /// entry.
  private func record(_ interface: Interface, in store: any ProvisioningWriter) async throws {
    try await store.insert(interface)
    try await store.append(
      HistoryEntry(
        interface: interface.id, sequence: 1, at: interface.createdAt, action: .apply, from: nil,
        to: interface.state,
        detail: "\(interface.portType.rawValue) at \(interface.accessPoint)"))
  }

  // MARK: One step

  /// Loads the interface, checks the transition, lets `change` fill in what the step carries
  /// (it returns the history entry's detail), and writes the interface and its history entry
  /// in one transaction.
  private func step(
    _ id: InterfaceID, _ action: InterfaceAction,
    change: (inout Interface, any ProvisioningWriter, Date) async throws -> String?
  ) async throws -> Interface {
    let time = now()
    return try await store.write { store in
      var interface = try await existing(id, in: store)
      let from = interface.state
      let to = try action.transition(from: from, interface: id)
      let detail = try await change(&interface, store, time)
      interface.state = to
      interface.updatedAt = time
      let sequence = try await store.historyLength(of: id) + 1
      try await store.update(interface)
      try await store.append(
        HistoryEntry(
          interface: id, sequence: sequence, at: time, action: action, from: from, to: to,
          detail: detail))
      return interface
    }
  }

  private func existing(_ id: InterfaceID, in store: any ProvisioningReader) async throws
    -> Interface
  {
    if let interface = try await store.interface(id) { return interface }
    throw LifecycleError.unknownInterface(
      id, isConnection: try await store.connection(id) != nil)
  }

  private func freedPort(_ interface: Interface) -> String? {
    guard interface.state.holdsPort, let device = interface.device, let port = interface.port
    else { return nil }
    return "port \(port) of \(device) is free again"
  }
}
