/// The aggregated view of a subproblem that the exact model works on (DESIGN.md): identical
/// single requests become one class with a count, identical redundant pairs at one access point
/// become one pair class, and only the remaining groups keep a variable per member.
struct ModelEntities {
  /// Interchangeable single requests: same access point, type, forbidden device, priority.
  struct SingleClass {
    let type: PortType
    let priority: Int
    /// Devices it may use, ascending.
    let devices: [Int]
    /// Demand indexes, batch order.
    var members: [Int]
  }

  /// One side of a pair class.
  struct Side: Hashable {
    let type: PortType
    let priority: Int
    let forbidden: Int?
  }

  /// Identical redundant pairs at one access point: k pairs split over devices exactly when no
  /// device holds more than m of the 2m members placed (Hall's condition).
  struct PairClass {
    let a: Side
    let b: Side
    let devicesA: [Int]
    let devicesB: [Int]
    /// (A member, B member) demand indexes, ordered by the earlier of the two.
    var pairs: [(Int, Int)]
  }

  /// A group that is not a same-access-point pair: a chain, a larger group, or a pair across
  /// access points. One binary per member and device.
  struct GroupUnit {
    /// Its members in the subproblem; when ``coupled``, the others are in other pieces.
    let members: [Int]
    /// Some members are outside the subproblem (a piece of a region, ``RegionDecomposition``):
    /// the binary is this piece's copy of the group's choice, and counts only its own members.
    let coupled: Bool
    /// Allowed devices per member, ascending.
    let devices: [[Int]]
    /// Member positions (in `members`) that must be on different devices.
    let apart: [(Int, Int)]
  }

  var singles: [SingleClass] = []
  var pairs: [PairClass] = []
  var groups: [GroupUnit] = []

  init(input: AllocationInput, subproblem: Subproblem) {
    func devices(for index: Int) -> [Int] {
      let demand = input.demands[index]
      return input.freePorts.devicesOfAccessPoint[demand.accessPoint].filter {
        $0 != demand.forbiddenDevice
          && input.freePorts.devices[$0].freeCount(accepting: demand.type) > 0
      }
    }
    struct SingleKey: Hashable {
      let accessPoint: Int
      let type: PortType
      let forbidden: Int?
      let priority: Int
    }
    struct PairKey: Hashable {
      let accessPoint: Int
      let a: Side
      let b: Side
    }
    var singleIndex: [SingleKey: Int] = [:]
    var pairIndex: [PairKey: Int] = [:]
    var seenGroups = Set<Int>()
    let inside = Set(subproblem.accessPoints)
    func isInside(_ demand: Int) -> Bool { inside.contains(input.demands[demand].accessPoint) }
    for index in subproblem.demands {
      let demand = input.demands[index]
      guard let group = demand.group else {
        let key = SingleKey(
          accessPoint: demand.accessPoint, type: demand.type, forbidden: demand.forbiddenDevice,
          priority: demand.priority)
        if let existing = singleIndex[key] {
          singles[existing].members.append(index)
        } else {
          singleIndex[key] = singles.count
          singles.append(
            SingleClass(
              type: demand.type, priority: demand.priority, devices: devices(for: index),
              members: [index]))
        }
        continue
      }
      guard seenGroups.insert(group).inserted else { continue }
      let whole = input.validation.groups[group]
      let members = whole.filter(isInside)
      if members.count == 2, whole.count == 2, input.demands[members[0]].apart.contains(members[1])
      {
        let (first, second) = (input.demands[members[0]], input.demands[members[1]])
        var sideA = Side(
          type: first.type, priority: first.priority, forbidden: first.forbiddenDevice)
        var sideB = Side(
          type: second.type, priority: second.priority, forbidden: second.forbiddenDevice)
        var pair = (members[0], members[1])
        if Self.order(sideB) < Self.order(sideA) {
          swap(&sideA, &sideB)
          pair = (members[1], members[0])
        }
        let key = PairKey(accessPoint: first.accessPoint, a: sideA, b: sideB)
        if let existing = pairIndex[key] {
          pairs[existing].pairs.append(pair)
        } else {
          pairIndex[key] = pairs.count
          pairs.append(
            PairClass(
              a: sideA, b: sideB, devicesA: devices(for: pair.0), devicesB: devices(for: pair.1),
              pairs: [pair]))
        }
        continue
      }
      var apart: [(Int, Int)] = []
      for (position, member) in members.enumerated() {
        for (otherPosition, other) in members.enumerated()
        where otherPosition > position && input.demands[member].apart.contains(other) {
          apart.append((position, otherPosition))
        }
      }
      groups.append(
        GroupUnit(
          members: members, coupled: members.count < whole.count,
          devices: members.map(devices(for:)), apart: apart))
    }
  }

  /// A total order on sides, so that a pair and its mirror image are the same class.
  private static func order(_ side: Side) -> (Int, Int, Int) {
    (side.type.ordinal, side.priority, side.forbidden ?? -1)
  }
}
