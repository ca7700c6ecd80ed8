import Testing

@testable import Patchbay

/// Access points joined by a pair across them, solved piece by piece: the answer places as many
/// per priority as the joint model, whether the pieces agree at once or the pair is contested.
@Suite struct RegionDecompositionTests {
  typealias Trap = AllocatorTrapTests

  /// Two access points of one device each; `ports` free 10G ports on each.
  static func twoAccessPoints(ports: (Int, Int)) throws -> Inventory {
    try Trap.inventory(
      accessPoints: ["ap-1", "ap-2"],
      devices: [
        ("d1", "ap-1", Array(repeating: ["10GBase-LR"], count: ports.0)),
        ("d2", "ap-2", Array(repeating: ["10GBase-LR"], count: ports.1)),
      ])
  }

  /// Placed per priority (highest first) of the pieces' answer and of the joint model's.
  static func counts(
    _ inventory: Inventory, _ requests: [Request]
  ) throws -> (pieces: [Int]?, joint: [Int]) {
    let validation = BatchValidator(inventory: inventory).validate(requests)
    let input = AllocationInput(inventory: inventory, validation: validation)
    let subproblems = Subproblem.split(input)
    #expect(subproblems.count == 1 && subproblems[0].accessPoints.count == 2)
    let subproblem = subproblems[0]
    let greedy = GreedyPlacer(input: input, subproblem: subproblem).place()
    let answer = try RegionDecomposition(input: input, subproblem: subproblem).solve(
      greedy: greedy, deadline: .now + .seconds(10), exportDirectory: nil)
    let model = ExactModel(input: input, subproblem: subproblem)
    let joint = ExactExpansion(model: model).placements(
      try model.solve(greedy: greedy, timeLimit: .seconds(10)))
    func perPriority(_ placements: [Placement?]) -> [Int] {
      [2, 1, 0].map { level in
        subproblem.demands.indices.filter {
          placements[$0] != nil && input.demands[subproblem.demands[$0]].priority == level
        }.count
      }
    }
    return (answer.map { perPriority($0.placements) }, perPriority(joint))
  }

  @Test func aPairThatDisplacesNothingHigherKeepsThePiecesApart() throws {
    // ap-1 has two ports for the pair's member (priority 1) and two singles (priority 0): the
    // member wins a port either way, so both pieces take the pair.
    let inventory = try Self.twoAccessPoints(ports: (2, 1))
    let requests = [
      Trap.request("a", "10GBase-LR", at: "ap-1", priority: 1),
      Trap.request("b", "10GBase-LR", at: "ap-2", partner: "a", priority: 1),
      Trap.request("s1", "10GBase-LR", at: "ap-1"),
      Trap.request("s2", "10GBase-LR", at: "ap-1"),
    ]
    let (pieces, joint) = try Self.counts(inventory, requests)
    #expect(joint == [0, 2, 1])
    #expect(pieces == joint)
    let plan = Trap.allocate(inventory, requests)
    #expect(Set(plan.assignments.map(\.request.rawValue)).isSuperset(of: ["a", "b"]))
    #expect(plan.summary.optimal)
  }

  @Test func aContestedPairIsDecidedByTheJoinedPieces() throws {
    // ap-1's only port goes to the single of priority 1 in ap-1's own optimum, while ap-2 would
    // take the pair: the copies disagree, the two access points are solved together, and the
    // single wins (one more at priority 1 outweighs two at priority 0).
    let inventory = try Self.twoAccessPoints(ports: (1, 1))
    let requests = [
      Trap.request("a", "10GBase-LR", at: "ap-1"),
      Trap.request("b", "10GBase-LR", at: "ap-2", partner: "a"),
      Trap.request("s", "10GBase-LR", at: "ap-1", priority: 1),
    ]
    let (pieces, joint) = try Self.counts(inventory, requests)
    #expect(joint == [0, 1, 0])
    #expect(pieces == joint)
    let plan = Trap.allocate(inventory, requests)
    #expect(plan.assignments.map(\.request.rawValue) == ["s"])
    #expect(plan.summary.optimal)
  }

  @Test func aPairWhoseMemberCanWinBothWaysIsTaken() throws {
    // ap-1 is short of one port at priority 0, where the pair's member ties with a single: the
    // pieces prefer taking the pair, which places one more request over the region.
    let inventory = try Self.twoAccessPoints(ports: (1, 1))
    let requests = [
      Trap.request("a", "10GBase-LR", at: "ap-1"),
      Trap.request("b", "10GBase-LR", at: "ap-2", partner: "a"),
      Trap.request("s", "10GBase-LR", at: "ap-1"),
    ]
    let (pieces, joint) = try Self.counts(inventory, requests)
    #expect(joint == [0, 0, 2])
    #expect(pieces == joint)
    let plan = Trap.allocate(inventory, requests)
    #expect(Set(plan.assignments.map(\.request.rawValue)) == ["a", "b"])
  }
}
