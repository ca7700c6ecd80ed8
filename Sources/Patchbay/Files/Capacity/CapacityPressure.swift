/// The order in which the people's forms of a capacity report (text and HTML) list access
/// points, the most pressed first (docs/CAPACITY.md, "Pressure"): suggested `full`, then `hot`,
/// `recommended` and `disabled`; within a status the larger N+1 shortfall, then the higher
/// utilization, then inventory order. It reads the report's figures and computes none.
package enum CapacityPressure {
  /// Positions of `accessPoints`, the most pressed first.
  package static func order(_ accessPoints: [AccessPointCapacity]) -> [Int] {
    accessPoints.indices.sorted { morePressed(accessPoints[$0], $0, than: accessPoints[$1], $1) }
  }

  /// `accessPoints`, the most pressed first.
  package static func sorted(_ accessPoints: [AccessPointCapacity]) -> [AccessPointCapacity] {
    order(accessPoints).map { accessPoints[$0] }
  }

  /// 0 for `full` to 3 for `disabled`.
  package static func rank(_ status: AccessPointStatus) -> Int {
    switch status {
    case .full: 0
    case .hot: 1
    case .recommended: 2
    case .disabled: 3
    }
  }

  /// Whether `a` (at inventory position `i`) comes before `b` (at `j`).
  package static func morePressed(
    _ a: AccessPointCapacity, _ i: Int, than b: AccessPointCapacity, _ j: Int
  ) -> Bool {
    if rank(a.suggestedStatus) != rank(b.suggestedStatus) {
      return rank(a.suggestedStatus) < rank(b.suggestedStatus)
    }
    if a.nPlusOne.shortfall != b.nPlusOne.shortfall {
      return a.nPlusOne.shortfall > b.nPlusOne.shortfall
    }
    if a.ports.utilization != b.ports.utilization {
      return a.ports.utilization > b.ports.utilization
    }
    return i < j
  }
}
