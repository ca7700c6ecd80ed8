/// A capacity what-if: the report before a batch and after it is placed by the allocator and
/// its plan applied as `patchbay apply` would, with nothing committed anywhere.
public struct CapacityWhatIf: Sendable {
  /// The report of the inventory as it stands.
  public var before: CapacityReport
  /// The report of the inventory with the plan's assignments as `Allocated` connections.
  public var after: CapacityReport
  /// The allocator's plan of the batch: what was placed, rejected and left unplaced.
  public var plan: Plan

  /// A what-if as given.
  public init(before: CapacityReport, after: CapacityReport, plan: Plan) {
    self.before = before
    self.after = after
    self.plan = plan
  }
}

extension CapacityReport {
  /// Places `requests` on `inventory` with the allocator, applies the plan to a copy
  /// (``PlanApplication``) and reports both sides. It runs the allocator, so it takes as long as
  /// `patchbay allocate` and is called off a service's event loops.
  ///
  /// - Throws: ``PlanApplication/Error`` if the allocator's plan cannot be applied, which would
  ///   be a bug in Patchbay (its plans keep the guarantees that applying checks).
  public static func whatIf(
    inventory: Inventory, requests: [Request], options: AllocationOptions = AllocationOptions(),
    thresholds: CapacityThresholds = CapacityThresholds()
  ) throws(PlanApplication.Error) -> CapacityWhatIf {
    let plan = Allocator(inventory: inventory, options: options).allocate(requests).plan
    let placed = try PlanApplication.apply(plan, to: inventory)
    return CapacityWhatIf(
      before: CapacityReport(inventory: inventory, thresholds: thresholds),
      after: CapacityReport(inventory: placed, thresholds: thresholds), plan: plan)
  }
}
