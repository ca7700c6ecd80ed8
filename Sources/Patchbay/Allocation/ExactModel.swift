import GLPK

/// The integer programme of one subproblem over ``ModelEntities``, solved with GLPK level by
/// level: the most requests of the highest priority, then, with that fixed as a lower bound, the
/// next priority, and so on (FORMATS.md guarantee 4); then a last stage that spreads load.
///
/// Capacity is modelled per device with continuous flows from port types to port pools: for
/// integer loads the transportation problem has an integral solution, so cages that accept
/// several types cost no integer variables. Concrete ports are chosen afterwards
/// (``ExactExpansion``).
struct ExactModel {
  let input: AllocationInput
  let subproblem: Subproblem
  let entities: ModelEntities

  /// Column layout, shared by every stage so that one stage's answer starts the next.
  struct Layout {
    var singles: [[Int]] = []  // class -> column per allowed device
    var pairCount: [Int] = []  // pair class -> m
    var pairA: [[Int]] = []  // pair class -> column per allowed A device
    var pairB: [[Int]] = []
    var groupTaken: [Int] = []  // group -> g
    var groupMember: [[[Int]]] = []  // group -> member -> column per allowed device
    /// (device, type, pool) -> column of the flow of that type into that pool.
    var flows: [(device: Int, type: PortType, pool: Int, column: Int)] = []
    /// device * 8 + type ordinal -> the columns that put a request of that type on that device.
    var load: [Int: [Int]] = [:]
    var columnCount = 0
  }

  /// How a subproblem's exact solve ended.
  struct Outcome {
    /// Column values of the best solution found.
    var values: [Double]
    var layout: Layout
    /// Every priority stage proven optimal.
    var optimal: Bool
    /// At the first priority not proven: placed and the solver's bound.
    var gap: OptimalityGap?
    /// Model files that could not be exported; the solve went on without them.
    var exportFailures: [String] = []
  }

  init(input: AllocationInput, subproblem: Subproblem) {
    self.input = input
    self.subproblem = subproblem
    self.entities = ModelEntities(input: input, subproblem: subproblem)
  }

  // MARK: Layout

  func makeLayout() -> Layout {
    var layout = Layout()
    func next() -> Int {
      defer { layout.columnCount += 1 }
      return layout.columnCount
    }
    for single in entities.singles { layout.singles.append(single.devices.map { _ in next() }) }
    for pair in entities.pairs {
      layout.pairCount.append(next())
      layout.pairA.append(pair.devicesA.map { _ in next() })
      layout.pairB.append(pair.devicesB.map { _ in next() })
    }
    for group in entities.groups {
      layout.groupTaken.append(next())
      layout.groupMember.append(group.devices.map { $0.map { _ in next() } })
    }
    layout.load = loadIndex(layout)
    for device in subproblem.devices {
      let pools = input.freePorts.devices[device].pools
      for type in PortType.allCases where !loadColumns(layout, device: device, type: type).isEmpty {
        for (index, pool) in pools.enumerated()
        where pool.accepts.contains(type) && !pool.free.isEmpty {
          layout.flows.append((device, type, index, next()))
        }
      }
    }
    return layout
  }

  /// Columns (with coefficient 1) that put a request of `type` on `device`.
  func loadColumns(_ layout: Layout, device: Int, type: PortType) -> [Int] {
    layout.load[device * 8 + type.ordinal] ?? []
  }

  /// Every entity column by the device and type it loads, built once per layout.
  private func loadIndex(_ layout: Layout) -> [Int: [Int]] {
    var load: [Int: [Int]] = [:]
    func add(_ device: Int, _ type: PortType, _ column: Int) {
      load[device * 8 + type.ordinal, default: []].append(column)
    }
    for (index, single) in entities.singles.enumerated() {
      for (position, device) in single.devices.enumerated() {
        add(device, single.type, layout.singles[index][position])
      }
    }
    for (index, pair) in entities.pairs.enumerated() {
      for (position, device) in pair.devicesA.enumerated() {
        add(device, pair.a.type, layout.pairA[index][position])
      }
      for (position, device) in pair.devicesB.enumerated() {
        add(device, pair.b.type, layout.pairB[index][position])
      }
    }
    for (index, group) in entities.groups.enumerated() {
      for (member, devices) in group.devices.enumerated() {
        let type = input.demands[group.members[member]].type
        for (position, device) in devices.enumerated() {
          add(device, type, layout.groupMember[index][member][position])
        }
      }
    }
    return load
  }

  /// The number of requests of priority `level` placed, as (column, coefficient) terms.
  func levelTerms(_ layout: Layout, level: Int) -> [(column: Int, value: Double)] {
    var terms: [(Int, Double)] = []
    for (index, single) in entities.singles.enumerated() where single.priority == level {
      terms += layout.singles[index].map { ($0, 1) }
    }
    for (index, pair) in entities.pairs.enumerated() {
      let sides = (pair.a.priority == level ? 1 : 0) + (pair.b.priority == level ? 1 : 0)
      if sides > 0 { terms.append((layout.pairCount[index], Double(sides))) }
    }
    for (index, group) in entities.groups.enumerated() {
      let count = group.members.filter { input.demands[$0].priority == level }.count
      if count > 0 { terms.append((layout.groupTaken[index], Double(count))) }
    }
    return terms
  }

  // MARK: Building a stage

  enum Stage {
    /// Maximize the requests placed at this priority.
    case level(Int)
    /// Maximize the coupled groups taken (``coupledTerms(_:)``): among this piece's optimal
    /// plans, one that agrees with the other pieces (``RegionDecomposition``).
    case coupled
    /// Minimize the highest share of used ports over the devices.
    case spread
  }

  /// A reached stage kept as a lower bound on its terms by the later stages.
  typealias Floor = (terms: [(column: Int, value: Double)], lower: Double)

  /// The coupled groups' binaries (``ModelEntities/GroupUnit/coupled``), each with coefficient 1.
  func coupledTerms(_ layout: Layout) -> [(column: Int, value: Double)] {
    entities.groups.indices.filter { entities.groups[$0].coupled }.map {
      (layout.groupTaken[$0], 1)
    }
  }

  /// The subproblem's GLPK problem, kept from stage to stage: a stage replaces the objective
  /// and adds the rows that hold what the earlier stages reached, so its LP relaxation starts
  /// from the last stage's optimal basis (still feasible: a stage's floor is at most what its LP
  /// relaxation reached) rather than from scratch. That halves GLPK's simplex work over a
  /// subproblem's stages (BENCHMARKS.md, "Stages from the last basis").
  ///
  /// A class, because GLPK's problem has one owner and a piece of a region keeps its problem
  /// from its priority stages to its spread (``RegionDecomposition``); like the problem, it
  /// stays on the thread that made it.
  final class StageProblem {
    var problem: MIPProblem
    /// A solve has left a basis for the next stage to start from.
    var solved = false
    /// The column of the highest share of used ports, once the spread stage added it.
    var spreadColumn: Int?

    init(_ problem: consuming MIPProblem) { self.problem = problem }
  }

  /// Every column and the subproblem's structure, with no objective yet.
  func makeProblem(_ layout: Layout) throws -> StageProblem {
    var problem = try MIPProblem(name: "patchbay")
    var kinds = [(ColumnKind, Bounds)](
      repeating: (.continuous, .lower(0)), count: layout.columnCount)
    for (index, single) in entities.singles.enumerated() {
      for column in layout.singles[index] {
        kinds[column] = (.integer, .double(lower: 0, upper: Double(single.members.count)))
      }
    }
    for (index, pair) in entities.pairs.enumerated() {
      let bound = Bounds.double(lower: 0, upper: Double(pair.pairs.count))
      kinds[layout.pairCount[index]] = (.integer, bound)
      for column in layout.pairA[index] + layout.pairB[index] { kinds[column] = (.integer, bound) }
    }
    for (index, _) in entities.groups.enumerated() {
      kinds[layout.groupTaken[index]] = (.binary, .double(lower: 0, upper: 1))
      for column in layout.groupMember[index].joined() {
        kinds[column] = (.binary, .double(lower: 0, upper: 1))
      }
    }
    for flow in layout.flows {
      let free = input.freePorts.devices[flow.device].pools[flow.pool].free.count
      kinds[flow.column] = (.continuous, .double(lower: 0, upper: Double(free)))
    }
    for column in 0..<layout.columnCount {
      try problem.addColumn(kinds[column].0, bounds: kinds[column].1)
    }
    try addStructure(layout, to: &problem)
    return StageProblem(problem)
  }

  /// Makes `problem` the model of `stage`: its objective, and for the spread stage the share
  /// column and its rows (once).
  func prepare(_ problem: StageProblem, _ layout: Layout, for stage: Stage) throws {
    switch stage {
    case .level(let level):
      try problem.problem.maximize()
      try problem.problem.setObjective(levelTerms(layout, level: level))
    case .coupled:
      try problem.problem.maximize()
      try problem.problem.setObjective(coupledTerms(layout))
    case .spread:
      try problem.problem.minimize()
      let share: Int
      if let known = problem.spreadColumn {
        share = known
      } else {
        share = try problem.problem.addColumn(.continuous, bounds: .double(lower: 0, upper: 1))
        problem.spreadColumn = share
        for device in subproblem.devices {
          let ports = input.inventory.devices[device].ports.count
          guard ports > 0 else { continue }
          let used = ports - input.freePorts.devices[device].freeCount
          var terms: [(column: Int, value: Double)] = PortType.allCases.flatMap { type in
            loadColumns(layout, device: device, type: type).map { ($0, 1.0) }
          }
          guard !terms.isEmpty else { continue }
          terms.append((share, -Double(ports)))
          try problem.problem.addRow(.upper(-Double(used)), coefficients: terms)
        }
      }
      try problem.problem.setObjective([(share, 1)])
    }
  }

  /// Keeps a reached stage as a lower bound for the later ones.
  func add(_ floor: Floor, to problem: StageProblem) throws {
    guard !floor.terms.isEmpty else { return }
    try problem.problem.addRow(.lower(floor.lower), coefficients: floor.terms)
  }

  private func addStructure(_ layout: Layout, to problem: inout MIPProblem) throws {
    for (index, single) in entities.singles.enumerated() where !layout.singles[index].isEmpty {
      try problem.addRow(
        .upper(Double(single.members.count)),
        coefficients: layout.singles[index].map { ($0, 1) })
    }
    for (index, pair) in entities.pairs.enumerated() {
      let count = layout.pairCount[index]
      try problem.addRow(
        .fixed(0), coefficients: layout.pairA[index].map { ($0, 1) } + [(count, -1)])
      try problem.addRow(
        .fixed(0), coefficients: layout.pairB[index].map { ($0, 1) } + [(count, -1)])
      for (positionA, device) in pair.devicesA.enumerated() {
        guard let positionB = pair.devicesB.firstIndex(of: device) else { continue }
        try problem.addRow(
          .upper(0),
          coefficients: [
            (layout.pairA[index][positionA], 1), (layout.pairB[index][positionB], 1), (count, -1),
          ])
      }
    }
    for (index, group) in entities.groups.enumerated() {
      let taken = layout.groupTaken[index]
      for member in group.members.indices {
        try problem.addRow(
          .fixed(0),
          coefficients: layout.groupMember[index][member].map { ($0, 1) } + [(taken, -1)])
      }
      for (first, second) in group.apart {
        for (positionA, device) in group.devices[first].enumerated() {
          guard let positionB = group.devices[second].firstIndex(of: device) else { continue }
          try problem.addRow(
            .upper(1),
            coefficients: [
              (layout.groupMember[index][first][positionA], 1),
              (layout.groupMember[index][second][positionB], 1),
            ])
        }
      }
    }
    // Capacity: the requests of each type on a device flow into pools that accept the type.
    for device in subproblem.devices {
      for type in PortType.allCases {
        let load = loadColumns(layout, device: device, type: type)
        guard !load.isEmpty else { continue }
        let flows = layout.flows.filter { $0.device == device && $0.type == type }
        try problem.addRow(
          .fixed(0), coefficients: load.map { ($0, 1) } + flows.map { ($0.column, -1) })
      }
      for (index, pool) in input.freePorts.devices[device].pools.enumerated() {
        let flows = layout.flows.filter { $0.device == device && $0.pool == index }
        guard !flows.isEmpty else { continue }
        try problem.addRow(
          .upper(Double(pool.free.count)), coefficients: flows.map { ($0.column, 1) })
      }
    }
  }

  // MARK: Starting point

  /// The greedy answer as column values: a feasible start for the first stage.
  func startValues(_ layout: Layout, greedy: [Placement?]) -> [Double] {
    var values = [Double](repeating: 0, count: layout.columnCount)
    func placement(_ demand: Int) -> Placement? {
      subproblem.position(ofDemand: demand).flatMap { greedy[$0] }
    }
    for (index, single) in entities.singles.enumerated() {
      for member in single.members {
        if let device = placement(member)?.device,
          let position = single.devices.firstIndex(of: device)
        {
          values[layout.singles[index][position]] += 1
        }
      }
    }
    for (index, pair) in entities.pairs.enumerated() {
      for (a, b) in pair.pairs {
        guard let placedA = placement(a), let placedB = placement(b),
          let positionA = pair.devicesA.firstIndex(of: placedA.device),
          let positionB = pair.devicesB.firstIndex(of: placedB.device)
        else { continue }
        values[layout.pairCount[index]] += 1
        values[layout.pairA[index][positionA]] += 1
        values[layout.pairB[index][positionB]] += 1
      }
    }
    for (index, group) in entities.groups.enumerated() {
      let placements = group.members.map(placement)
      guard placements.allSatisfy({ $0 != nil }) else { continue }
      values[layout.groupTaken[index]] = 1
      for (member, placed) in placements.enumerated() {
        if let position = group.devices[member].firstIndex(of: placed!.device) {
          values[layout.groupMember[index][member][position]] = 1
        }
      }
    }
    var flowColumns: [Int: [(pool: Int, column: Int)]] = [:]  // device * 8 + type ordinal
    for flow in layout.flows {
      flowColumns[flow.device * 8 + flow.type.ordinal, default: []].append((flow.pool, flow.column))
    }
    for (index, demand) in subproblem.demands.enumerated() {
      guard let placed = greedy[index] else { continue }
      let type = input.demands[demand].type
      if let flow = flowColumns[placed.device * 8 + type.ordinal]?.first(where: {
        $0.pool == placed.pool
      }) {
        values[flow.column] += 1
      }
    }
    return values
  }

  // MARK: Solving

  /// Solves stage by stage within `timeLimit`, starting from the greedy answer.
  func solve(
    greedy: [Placement?], timeLimit: Duration, exportDirectory: String? = nil
  ) throws -> Outcome {
    let deadline = ContinuousClock.now + timeLimit
    var exporter = ModelExporter(
      accessPoint: input.inventory.accessPoints[subproblem.accessPoints[0]].id.rawValue,
      directory: exportDirectory)
    let layout = makeLayout()
    let levels = try solveLevels(
      layout, start: startValues(layout, greedy: greedy), deadline: deadline,
      exporter: &exporter)
    let values = try spread(
      layout, values: levels.values, problem: levels.problem, deadline: deadline,
      exporter: &exporter)
    return Outcome(
      values: values, layout: layout, optimal: levels.optimal, gap: levels.gap,
      exportFailures: exporter.failures)
  }

  /// Writes each stage's model to `--export-model`'s directory; a model that cannot be written
  /// is reported, not taken for a solver failure: the answer does not depend on the copy on
  /// disk.
  struct ModelExporter {
    let accessPoint: String
    let directory: String?
    var failures: [String] = []

    mutating func export(_ problem: borrowing MIPProblem, _ stage: String) {
      guard let directory else { return }
      let file = ModelFileName.lp(accessPoint: accessPoint, stage: stage)
      let path = directory.hasSuffix("/") ? directory + file : "\(directory)/\(file)"
      do throws(OutputError) {
        try ModelFile.writeLP(problem, to: path)
      } catch {
        failures.append("\(path): \(error.message)")
      }
    }
  }

  /// The priority stages, and then, when the subproblem has coupled groups, the stage that
  /// takes as many of them as its optimum allows.
  struct Levels {
    var values: [Double]
    /// Every reached stage, each a row of ``problem`` now.
    var floors: [Floor]
    /// The problem of the stages, ready for the spread.
    var problem: StageProblem
    /// Every priority stage proven optimal.
    var optimal: Bool
    var gap: OptimalityGap?
  }

  /// Maximizes the priorities one by one from `start` (a feasible point), then the coupled
  /// groups taken; a stage whose start already places everything it could is not solved.
  func solveLevels(
    _ layout: Layout, start: [Double], deadline: ContinuousClock.Instant,
    exporter: inout ModelExporter
  ) throws -> Levels {
    var values = start
    var optimal = true
    var gap: OptimalityGap?
    var floors: [Floor] = []
    let problem = try makeProblem(layout)
    var ceilings: [Int: Int] = [:]
    for demand in subproblem.demands { ceilings[input.demands[demand].priority, default: 0] += 1 }
    for level in ceilings.keys.sorted(by: >) {
      let terms = levelTerms(layout, level: level)
      let current = Int(terms.reduce(0) { $0 + values[$1.column] * $1.value }.rounded())
      let ceiling = ceilings[level]!
      if current == ceiling {  // everything at this level is placed: nothing to prove
        floors.append((terms, Double(current)))
        try add(floors.last!, to: problem)
        continue
      }
      let remaining = deadline - .now
      guard remaining > .zero else {
        optimal = false
        if gap == nil { gap = OptimalityGap(priority: level, placed: current, atMost: ceiling) }
        floors.append((terms, Double(current)))
        try add(floors.last!, to: problem)
        continue
      }
      try prepare(problem, layout, for: .level(level))
      exporter.export(problem.problem, "priority-\(level)")
      let result = try Self.solve(problem, start: values, timeLimit: remaining)
      if let solution = result.values {
        values = solution
      }
      optimal = optimal && result.optimal
      let placed = Int(terms.reduce(0) { $0 + values[$1.column] * $1.value }.rounded())
      if !result.optimal && gap == nil {
        let bound = result.bound.map { Int(($0 + 1e-6).rounded(.down)) } ?? ceiling
        gap = OptimalityGap(
          priority: level, placed: placed, atMost: max(placed, min(bound, ceiling)))
      }
      floors.append((terms, Double(placed)))
      try add(floors.last!, to: problem)
    }
    let coupled = coupledTerms(layout)
    if !coupled.isEmpty {
      let taken = coupled.reduce(0) { $0 + values[$1.column] }.rounded()
      let remaining = deadline - .now
      if taken < Double(coupled.count), remaining > .zero {
        try prepare(problem, layout, for: .coupled)
        exporter.export(problem.problem, "coupled")
        let result = try Self.solve(problem, start: values, timeLimit: remaining)
        if let solution = result.values { values = solution }
      }
      floors.append((coupled, coupled.reduce(0) { $0 + values[$1.column] }.rounded()))
      try add(floors.last!, to: problem)
    }
    return Levels(values: values, floors: floors, problem: problem, optimal: optimal, gap: gap)
  }

  /// Spreads load among the plans that reach every floor of `problem` and the `extra` ones;
  /// returns the rounded column values.
  func spread(
    _ layout: Layout, values: [Double], problem: StageProblem, extra: [Floor] = [],
    deadline: ContinuousClock.Instant, exporter: inout ModelExporter
  ) throws -> [Double] {
    var values = values
    let remaining = deadline - .now
    if remaining > .zero {
      for floor in extra { try add(floor, to: problem) }
      try prepare(problem, layout, for: .spread)
      exporter.export(problem.problem, "spread")
      let share = spreadShare(layout, values: values)
      let result = try Self.solve(
        problem, start: values + [share], timeLimit: remaining, relativeGap: Self.spreadGap)
      // Kept only when the search ended by itself (optimal or within the gap), never when the
      // clock stopped it: where a timed-out search stands depends on the machine, and the plan
      // must not.
      if let solution = result.values, result.completed {
        values = Array(solution.prefix(layout.columnCount))
      }
    }
    return values.map { $0.rounded() }
  }

  /// The highest share of used ports over the subproblem's devices for a solution.
  private func spreadShare(_ layout: Layout, values: [Double]) -> Double {
    var share = 0.0
    for device in subproblem.devices {
      let ports = input.inventory.devices[device].ports.count
      guard ports > 0 else { continue }
      let used = ports - input.freePorts.devices[device].freeCount
      let load = PortType.allCases.reduce(0.0) { total, type in
        total + loadColumns(layout, device: device, type: type).reduce(0) { $0 + values[$1] }
      }
      share = max(share, (Double(used) + load) / Double(ports))
    }
    return min(1, share)
  }

  /// Spreading is a refinement: a plan within 2% of the best spread is good enough, and
  /// stopping there keeps the stage short and its answer independent of the clock.
  static let spreadGap = 0.02

  /// One GLPK solve from a start; a start GLPK refuses is dropped rather than failing the run.
  /// `completed` is false when the time limit stopped the search. Gomory cuts are on: they
  /// cut the solve of subproblems of 25 access points joined by redundant pairs by about 40%
  /// (`large` generated with 4 regions: 2.1 s to 1.25 s), and change nothing measurable on
  /// `large` or `huge` (BENCHMARKS.md).
  private static func solve(
    _ stage: StageProblem, start: [Double], timeLimit: Duration, relativeGap: Double? = nil
  ) throws -> (values: [Double]?, optimal: Bool, completed: Bool, bound: Double?) {
    var result: MIPResult
    let warm = stage.solved
    stage.solved = true
    do {
      result = try stage.problem.solve(
        MIPOptions(
          timeLimit: timeLimit, relativeGap: relativeGap, initialSolution: start,
          gomoryCuts: true, warmStart: warm))
    } catch let error as GLPKError where error.kind == .invalidArgument {
      result = try stage.problem.solve(
        MIPOptions(timeLimit: timeLimit, relativeGap: relativeGap, gomoryCuts: true))
    }
    let completed = result.stopReason != .timeLimit
    switch result.status {
    case .optimal: return (result.values, true, completed, result.bestBound)
    case .feasible: return (result.values, false, completed, result.bestBound)
    default: return (nil, false, completed, result.bestBound)
    }
  }
}
