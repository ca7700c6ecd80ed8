/// The answer to `approve --all`: the interfaces that now hold a port, and, for those still in
/// application, why (the plan's rejection and unplaced entries with their codes).
public struct BatchApproval: Sendable {
  /// Interfaces moved to ``InterfaceState/approvedLOA``, in application order.
  public var approved: [Interface]
  /// The allocator's plan for the batch: how each access point was solved, proven optimal or not.
  public var plan: Plan

  /// The outcome of a batch approval: the interfaces approved and the plan that placed them.
  public init(approved: [Interface], plan: Plan) {
    self.approved = approved
    self.plan = plan
  }
}

/// Where `approve --all` is, for a progress line: a batch of a hundred thousand interfaces takes
/// seconds.
public enum BatchApprovalStage: Sendable, Hashable {
  /// Reading the interfaces in application and the inventory they need.
  case reading
  /// The allocator at work: `solved` of `of` subproblems done.
  case placing(interfaces: Int, solved: Int, of: Int)
  /// Writing the approvals: `done` of `of` interfaces.
  case recording(done: Int, of: Int)
}
