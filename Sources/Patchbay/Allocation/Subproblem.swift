/// Access points never share devices, so each can be solved alone, except that an
/// all-or-nothing group with members at several access points ties them together. A subproblem
/// is one access point, or the access points such groups join (DESIGN.md).
struct Subproblem: Sendable {
  /// Access point indexes, ascending.
  let accessPoints: [Int]
  /// Demand indexes (batch order), ascending.
  let demands: [Int]
  /// Device indexes of its access points, in inventory order.
  let devices: [Int]

  init(accessPoints: [Int], demands: [Int], devices: [Int]) {
    assert(zip(demands, demands.dropFirst()).allSatisfy { $0 < $1 }, "demands must ascend")
    self.accessPoints = accessPoints
    self.demands = demands
    self.devices = devices
  }

  /// The position in ``demands`` of a demand (an index in ``AllocationInput/demands``), if the
  /// subproblem has it: a binary search, since ``demands`` ascends. The solve's steps each built
  /// a dictionary of every demand for this, a hash per demand per step: millions for `huge`.
  func position(ofDemand demand: Int) -> Int? {
    var (low, high) = (0, demands.count)
    while low < high {
      let middle = (low + high) / 2
      if demands[middle] < demand { low = middle + 1 } else { high = middle }
    }
    return low < demands.count && demands[low] == demand ? low : nil
  }

  /// The subproblems of a batch, ordered by their first access point. Access points without
  /// demands are left out.
  static func split(_ input: AllocationInput) -> [Subproblem] {
    let count = input.inventory.accessPoints.count
    var sets = UnionFind(count: count)
    for members in input.validation.groups {
      for member in members.dropFirst() {
        sets.union(input.demands[members[0]].accessPoint, input.demands[member].accessPoint)
      }
    }
    func root(_ node: Int) -> Int { sets.root(node) }
    var demandsOfRoot = [[Int]](repeating: [], count: count)
    for (index, demand) in input.demands.enumerated() {
      demandsOfRoot[root(demand.accessPoint)].append(index)
    }
    var accessPointsOfRoot = [[Int]](repeating: [], count: count)
    for accessPoint in 0..<count { accessPointsOfRoot[root(accessPoint)].append(accessPoint) }
    return (0..<count).compactMap { rootIndex in
      guard !demandsOfRoot[rootIndex].isEmpty else { return nil }
      let accessPoints = accessPointsOfRoot[rootIndex]
      return Subproblem(
        accessPoints: accessPoints, demands: demandsOfRoot[rootIndex],
        devices: accessPoints.flatMap { input.freePorts.devicesOfAccessPoint[$0] })
    }
  }
}
