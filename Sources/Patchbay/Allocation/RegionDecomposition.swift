/// Solves a subproblem of several access points (access points that groups across access points
/// join, DESIGN.md) piece by piece instead of as one model, and proves the answer optimal for
/// the whole subproblem, or says it cannot.
///
/// A piece is a set of the subproblem's access points; a group with members in several pieces
/// is *coupled*: each piece has its own copy of the group's choice, counting only its own
/// members (``ModelEntities/GroupUnit/coupled``). Solving the pieces apart is a relaxation (the
/// copies need not agree), so, priority by priority, the sum of the pieces' optima bounds the
/// subproblem's optimum from above (lexicographic order is kept by sums). When the pieces'
/// optimal answers agree on every coupled group, together they are a plan of the subproblem that
/// reaches that bound: it is optimal, with the same number placed at every priority as the
/// joint model. To agree where a piece is indifferent, each piece, after its priorities, takes
/// as many coupled groups as its optimum allows. Groups whose copies still disagree join their
/// access points into one piece, and the pieces are solved again, until they agree; with every
/// group joined, the one piece is the joint model.
///
/// In a region of 25 access points that pairs across access points join, most pairs are
/// uncontested (their members fit, or displace requests of no higher priority), and the model of
/// one access point is solved far faster than a twenty-fifth of the region's (BENCHMARKS.md,
/// "The solve (issue 13)").
struct RegionDecomposition {
  let input: AllocationInput
  let subproblem: Subproblem

  /// The pieces' answer, optimal for the whole subproblem.
  struct Answer {
    /// A placement per demand of the subproblem (same order).
    var placements: [Placement?]
    var exportFailures: [String]
  }

  /// One piece as solved.
  private struct Piece {
    let subproblem: Subproblem
    /// The piece's exact model and its priority stages' answer; `nil` when the greedy start
    /// already placed every request of the piece (which is optimal, every copy taken).
    /// The piece's problem stays in `levels` for its spread.
    var solved: (model: ExactModel, layout: ExactModel.Layout, levels: ExactModel.Levels)?
    /// Coupled groups (``ValidationResult/groups`` indexes) whose copy the piece takes.
    var taken: Set<Int>
    /// Coupled groups of the piece.
    var coupled: [Int]
  }

  /// The answer, or `nil` when a piece's priorities could not be proven optimal in time (the
  /// caller then solves the joint model). Throws what GLPK throws.
  func solve(
    greedy: [Placement?], deadline: ContinuousClock.Instant, exportDirectory: String?
  ) throws -> Answer? {
    let positionOfAccessPoint = Dictionary(
      uniqueKeysWithValues: subproblem.accessPoints.enumerated().map { ($1, $0) })
    var demandsAt: [Int: [Int]] = [:]  // access point -> its demands, batch order
    for demand in subproblem.demands {
      demandsAt[input.demands[demand].accessPoint, default: []].append(demand)
    }
    // Groups with members at several access points: the only ties between access points.
    var spanning: [Int] = []
    var seen = Set<Int>()
    for demand in subproblem.demands {
      guard let group = input.demands[demand].group, seen.insert(group).inserted else { continue }
      let members = input.validation.groups[group]
      let first = input.demands[members[0]].accessPoint
      if members.contains(where: { input.demands[$0].accessPoint != first }) {
        spanning.append(group)
      }
    }
    var joined = Set<Int>()
    var solvedPieces: [[Int]: Piece] = [:]
    var exportFailures: [String] = []
    while true {
      var sets = UnionFind(count: subproblem.accessPoints.count)
      for group in spanning where joined.contains(group) {
        let members = input.validation.groups[group]
        let first = positionOfAccessPoint[input.demands[members[0]].accessPoint]!
        for member in members.dropFirst() {
          sets.union(first, positionOfAccessPoint[input.demands[member].accessPoint]!)
        }
      }
      var pieceOfRoot: [Int: [Int]] = [:]
      for (position, accessPoint) in subproblem.accessPoints.enumerated() {
        pieceOfRoot[sets.root(position), default: []].append(accessPoint)
      }
      let pieces = pieceOfRoot.values.sorted { $0[0] < $1[0] }
      var copies: [Int: (taken: Bool, dropped: Bool)] = [:]
      for accessPoints in pieces {
        let piece: Piece
        if let known = solvedPieces[accessPoints] {
          piece = known
        } else {
          guard
            let new = try solvePiece(
              accessPoints, demands: accessPoints.flatMap { demandsAt[$0] ?? [] }.sorted(),
              greedy: greedy, deadline: deadline,
              exportDirectory: exportDirectory, exportFailures: &exportFailures)
          else { return nil }
          piece = new
          solvedPieces[accessPoints] = new
        }
        for group in piece.coupled {
          let taken = piece.taken.contains(group)
          copies[group, default: (false, false)].taken = copies[group]?.taken == true || taken
          copies[group, default: (false, false)].dropped = copies[group]?.dropped == true || !taken
        }
      }
      let disagreeing = copies.filter { $0.value.taken && $0.value.dropped }.map(\.key)
      if disagreeing.isEmpty {
        return try combine(
          pieces.map { solvedPieces[$0]! }, greedy: greedy,
          deadline: deadline, exportDirectory: exportDirectory, exportFailures: exportFailures)
      }
      joined.formUnion(disagreeing)
    }
  }

  /// The piece's priority stages from the greedy answer, then its coupled groups; `nil` when a
  /// priority was not proven optimal.
  private func solvePiece(
    _ accessPoints: [Int], demands: [Int], greedy: [Placement?],
    deadline: ContinuousClock.Instant, exportDirectory: String?,
    exportFailures: inout [String]
  ) throws -> Piece? {
    let inside = Set(accessPoints)
    let piece = Subproblem(
      accessPoints: accessPoints, demands: demands,
      devices: accessPoints.flatMap { input.freePorts.devicesOfAccessPoint[$0] })
    var coupled: [Int] = []
    var seen = Set<Int>()
    for demand in demands {
      guard let group = input.demands[demand].group, seen.insert(group).inserted else { continue }
      if input.validation.groups[group].contains(where: {
        !inside.contains(input.demands[$0].accessPoint)
      }) {
        coupled.append(group)
      }
    }
    let start = demands.map { greedy[subproblem.position(ofDemand: $0)!] }
    if !start.contains(where: { $0 == nil }) {
      return Piece(subproblem: piece, solved: nil, taken: Set(coupled), coupled: coupled)
    }
    let model = ExactModel(input: input, subproblem: piece)
    let layout = model.makeLayout()
    var exporter = ExactModel.ModelExporter(
      accessPoint: input.inventory.accessPoints[accessPoints[0]].id.rawValue,
      directory: exportDirectory)
    let levels = try model.solveLevels(
      layout, start: model.startValues(layout, greedy: start), deadline: deadline,
      exporter: &exporter)
    exportFailures += exporter.failures
    guard levels.optimal else { return nil }
    var taken = Set<Int>()
    for (index, group) in model.entities.groups.enumerated()
    where group.coupled && levels.values[layout.groupTaken[index]].rounded() == 1 {
      taken.insert(input.demands[group.members[0]].group!)
    }
    return Piece(
      subproblem: piece, solved: (model, layout, levels), taken: taken, coupled: coupled)
  }

  /// The agreeing pieces' answers, each spread with its coupled groups held as chosen, as one
  /// placement per demand of the subproblem.
  private func combine(
    _ pieces: [Piece], greedy: [Placement?],
    deadline: ContinuousClock.Instant, exportDirectory: String?, exportFailures: [String]
  ) throws -> Answer {
    var placements = greedy
    var failures = exportFailures
    for piece in pieces {
      guard let (model, layout, levels) = piece.solved else { continue }
      // Each coupled group held as chosen (the coupled stage's floor, already a row, then
      // says nothing more).
      var held: [ExactModel.Floor] = []
      for (index, group) in model.entities.groups.enumerated() where group.coupled {
        let column = layout.groupTaken[index]
        held.append(
          levels.values[column].rounded() == 1 ? ([(column, 1)], 1) : ([(column, -1)], 0))
      }
      var exporter = ExactModel.ModelExporter(
        accessPoint: input.inventory.accessPoints[piece.subproblem.accessPoints[0]].id.rawValue,
        directory: exportDirectory)
      let values = try model.spread(
        layout, values: levels.values, problem: levels.problem, extra: held, deadline: deadline,
        exporter: &exporter)
      failures += exporter.failures
      let expanded = ExactExpansion(model: model).placements(
        ExactModel.Outcome(values: values, layout: layout, optimal: true, gap: nil))
      for (position, demand) in piece.subproblem.demands.enumerated() {
        placements[subproblem.position(ofDemand: demand)!] = expanded[position]
      }
    }
    return Answer(placements: placements, exportFailures: failures)
  }
}
