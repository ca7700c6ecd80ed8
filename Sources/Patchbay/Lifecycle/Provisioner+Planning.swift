import Foundation

extension Provisioner {
  /// Plans a batch against the inventory as it stands, without committing anything: the
  /// plan.json `patchbay allocate` would write for `requests` on `state export`'s inventory
  /// (`POST /v1/plans`). The allocator runs off the caller's thread, with the provisioner's
  /// allocation options, and the plan is checked by ``PlanChecker`` before it is returned.
  ///
  /// - Throws: ``StoreError`` when the store fails; ``PlanCheckFailure`` when the plan breaks a
  ///   guarantee, which is a bug in the allocator and is never returned as a plan.
  public func plan(_ requests: [Request]) async throws -> Plan {
    let inventory = try await exportInventory()
    let options = allocation
    let (plan, violations) = await Self.offConcurrencyPool {
      let validation = BatchValidator(inventory: inventory).validate(requests)
      let plan = Allocator(inventory: inventory, options: options)
        .allocate(validated: validation).plan
      let violations = PlanChecker.check(
        plan, inventory: inventory, requests: requests, validation: validation)
      return (plan, violations)
    }
    guard violations.isEmpty else { throw PlanCheckFailure(violations: violations) }
    return plan
  }

  /// The capacity report of the inventory as it stands (`GET /v1/capacity`, `patchbay capacity
  /// --db`), computed off the caller's thread: a thousand access points take about a second.
  public func capacityReport(thresholds: CapacityThresholds = CapacityThresholds()) async throws
    -> CapacityReport
  {
    let inventory = try await exportInventory()
    return await Self.offConcurrencyPool {
      CapacityReport(inventory: inventory, thresholds: thresholds)
    }
  }

  /// The access points as a customer chooses among them (`GET /v1/access-points`): each with
  /// its region, status, line operators, the port types it offers and how many free ports
  /// accept each, in the inventory's order.
  public func accessPointOffers() async throws -> [AccessPointOffer] {
    AccessPointOffer.offers(of: try await exportInventory())
  }
}

/// A plan that breaks a guarantee (``PlanChecker``'s violations): a bug in the allocator, which
/// a caller reports instead of using the plan.
public struct PlanCheckFailure: Error, Sendable, CustomStringConvertible {
  /// Every violation found, in ``PlanChecker``'s order.
  public let violations: [PlanViolation]

  public var description: String {
    "the plan breaks a guarantee (\(violations.count) violations, first: "
      + "\(violations.first.map(String.init(describing:)) ?? "none")); this is a bug"
  }
}
