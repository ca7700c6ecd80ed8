/// The exact drain of one site, for when the greedy leaves a movable connection behind: an
/// integer programme over devices and pools, solved priority by priority (the most connections
/// moved at the highest priority, then the next, ...) and then for the fewest port changes, as
/// the allocator's ``ExactModel`` does priorities.
///
/// Connections without a redundant partner at the site are counted in classes: drained ones by
/// (type, priority), the others by (type, device, pool), with a count per device they go to.
/// Connections with a partner keep a 0/1 column per device, so that partners stay apart. A
/// connection that is not drained may stay (no cost) or move anywhere (one port change), which
/// is how room is made. Capacity is per pool: flows from the types on a device into the pools
/// that accept them, continuous, as the allocator's (integral for integral loads).
struct DrainExactModel {
  let site: DrainSite
  let immovable: [Bool]

  private struct Layout {
    var programme = StagedIntegerProgramme()
    /// Drained classes: members, and a column per target device (or nil where no cage fits).
    var drainedClasses: [(members: [Int], priority: Int, columns: [Int?])] = []
    /// Classes of connections that are not drained: members, the stay column, a column per
    /// target device.
    var stayClasses: [(members: [Int], stay: Int, columns: [Int?])] = []
    /// Members with partners: member, stay column (not drained), a column per target device.
    var singles: [(member: Int, stay: Int?, columns: [Int?])] = []
    /// (device, type ordinal) -> flow-in columns; (device, pool) -> fixed stays.
    var load: [Int: [Int]] = [:]
    var flows: [(device: Int, type: PortType, pool: Int, column: Int)] = []
  }

  /// Targets per member (`nil`: stays), and whether every stage was proven optimal.
  func solve(start greedy: [DrainTarget?], timeLimit: Duration) throws -> (
    targets: [DrainTarget?], optimal: Bool
  ) {
    let targets = site.targets
    var layout = Layout()
    func accepts(_ device: Int, _ type: PortType) -> Bool {
      site.ports(of: device, accepting: type) > 0
    }
    func deviceColumns(_ type: PortType, upper: Double, integer: Bool) -> [Int?] {
      targets.map { device in
        accepts(device, type)
          ? layout.programme.addColumn(integer: integer, upper: upper) : nil
      }
    }
    var stayLoad: [Int: [Int]] = [:]  // device * 4096 + pool -> stay columns
    func stayKey(_ device: Int, _ pool: Int) -> Int { device * 4096 + pool }

    // Classes and singles.
    struct DrainedKey: Hashable {
      let type: PortType
      let priority: Int
    }
    struct StayKey: Hashable {
      let type: PortType
      let device: Int
      let pool: Int
    }
    var drainedIndex: [DrainedKey: Int] = [:]
    var stayIndex: [StayKey: Int] = [:]
    var drainedMembers: [DrainedKey: [Int]] = [:]
    var stayMembers: [StayKey: [Int]] = [:]
    var drainedOrder: [DrainedKey] = []
    var stayOrder: [StayKey] = []
    var singleMembers: [Int] = []
    for (index, member) in site.members.enumerated() {
      if member.drained && immovable[index] { continue }
      let partners = site.partners[index].filter { !(site.members[$0].drained && immovable[$0]) }
      if !partners.isEmpty {
        singleMembers.append(index)
      } else if member.drained {
        let key = DrainedKey(type: member.type, priority: member.priority)
        if drainedMembers[key] == nil { drainedOrder.append(key) }
        drainedMembers[key, default: []].append(index)
      } else {
        let key = StayKey(type: member.type, device: member.device, pool: member.pool)
        if stayMembers[key] == nil { stayOrder.append(key) }
        stayMembers[key, default: []].append(index)
      }
    }
    for key in drainedOrder {
      let members = drainedMembers[key]!
      drainedIndex[key] = layout.drainedClasses.count
      let columns = deviceColumns(key.type, upper: Double(members.count), integer: true)
      layout.drainedClasses.append((members, key.priority, columns))
      layout.programme.addRow(
        columns.compactMap { $0 }.map { ($0, 1.0) }, lower: nil, upper: Double(members.count))
      for (position, column) in columns.enumerated() {
        if let column {
          layout.load[targets[position] * 8 + key.type.ordinal, default: []].append(column)
        }
      }
    }
    for key in stayOrder {
      let members = stayMembers[key]!
      stayIndex[key] = layout.stayClasses.count
      let count = Double(members.count)
      let stay = layout.programme.addColumn(integer: true, upper: count)
      let columns = deviceColumns(key.type, upper: count, integer: true)
      layout.stayClasses.append((members, stay, columns))
      layout.programme.addRow(
        [(stay, 1.0)] + columns.compactMap { $0 }.map { ($0, 1.0) }, lower: count, upper: count)
      stayLoad[stayKey(key.device, key.pool), default: []].append(stay)
      for (position, column) in columns.enumerated() {
        if let column {
          layout.load[targets[position] * 8 + key.type.ordinal, default: []].append(column)
        }
      }
    }
    var singleIndex: [Int: Int] = [:]
    for index in singleMembers {
      let member = site.members[index]
      singleIndex[index] = layout.singles.count
      let stay = member.drained ? nil : layout.programme.addColumn(integer: true, upper: 1)
      let columns = deviceColumns(member.type, upper: 1, integer: true)
      layout.singles.append((index, stay, columns))
      let terms = (stay.map { [($0, 1.0)] } ?? []) + columns.compactMap { $0 }.map { ($0, 1.0) }
      layout.programme.addRow(terms, lower: member.drained ? nil : 1, upper: 1)
      if let stay { stayLoad[stayKey(member.device, member.pool), default: []].append(stay) }
      for (position, column) in columns.enumerated() {
        if let column {
          layout.load[targets[position] * 8 + member.type.ordinal, default: []].append(column)
        }
      }
    }

    // Capacity: loads flow into pools that accept their type.
    for device in targets {
      for type in PortType.allCases {
        guard let load = layout.load[device * 8 + type.ordinal], !load.isEmpty else { continue }
        var terms = load.map { ($0, 1.0) }
        for (pool, candidate) in site.pools[device].enumerated()
        where candidate.accepts.contains(type) {
          let column = layout.programme.addColumn(
            integer: false, upper: Double(candidate.ports.count))
          layout.flows.append((device, type, pool, column))
          terms.append((column, -1))
        }
        layout.programme.addRow(terms, lower: 0, upper: 0)
      }
      for (pool, candidate) in site.pools[device].enumerated() {
        let terms =
          layout.flows.filter { $0.device == device && $0.pool == pool }.map { ($0.column, 1.0) }
          + (stayLoad[stayKey(device, pool)] ?? []).map { ($0, 1.0) }
        layout.programme.addRow(terms, lower: nil, upper: Double(candidate.ports.count))
      }
    }

    // Partners apart: at most one of the two on each device, staying or arriving.
    func presence(_ index: Int, on position: Int) -> [(column: Int, value: Double)] {
      guard let single = singleIndex[index] else { return [] }
      let entry = layout.singles[single]
      var terms: [(column: Int, value: Double)] = []
      if let column = entry.columns[position] { terms.append((column, 1)) }
      if let stay = entry.stay, site.members[index].device == targets[position] {
        terms.append((stay, 1))
      }
      return terms
    }
    for index in singleMembers {
      for partner in site.partners[index] where partner > index && singleIndex[partner] != nil {
        for position in targets.indices {
          let first = presence(index, on: position)
          let second = presence(partner, on: position)
          guard !first.isEmpty, !second.isEmpty else { continue }
          let bothHome =
            site.members[index].device == targets[position]
            && site.members[partner].device == targets[position]
          guard bothHome else {
            layout.programme.addRow(first + second, lower: nil, upper: 1)
            continue
          }
          // Already on one device (the inventory allows it): both may stay, but neither may
          // arrive there while the other is there.
          let stays = Set(
            [layout.singles[singleIndex[index]!].stay, layout.singles[singleIndex[partner]!].stay]
              .compactMap { $0 })
          for a in first {
            for b in second where !(stays.contains(a.column) && stays.contains(b.column)) {
              layout.programme.addRow([a, b], lower: nil, upper: 1)
            }
          }
        }
      }
    }

    // Objectives: moved per priority, highest first; then port changes.
    var moved: [Int: [(column: Int, value: Double)]] = [:]
    var changes: [(column: Int, value: Double)] = []
    var ceiling: [Int: Int] = [:]
    for entry in layout.drainedClasses {
      let columns = entry.columns.compactMap { $0 }.map { ($0, 1.0) }
      moved[entry.priority, default: []] += columns
      ceiling[entry.priority, default: 0] += entry.members.count
      changes += columns
    }
    for entry in layout.stayClasses { changes += entry.columns.compactMap { $0 }.map { ($0, 1.0) } }
    for entry in layout.singles {
      let columns = entry.columns.compactMap { $0 }.map { ($0, 1.0) }
      changes += columns
      if entry.stay == nil {
        let priority = site.members[entry.member].priority
        moved[priority, default: []] += columns
        ceiling[priority, default: 0] += 1
      }
    }
    var stages: [StagedIntegerProgramme.Stage] = moved.keys.sorted(by: >).map { level in
      StagedIntegerProgramme.Stage(
        terms: moved[level]!, maximize: true, best: Double(ceiling[level]!))
    }
    stages.append(StagedIntegerProgramme.Stage(terms: changes, maximize: false, best: nil))

    let start = startValues(layout, targets: targets, greedy: greedy)
    let outcome = try layout.programme.solve(stages: stages, start: start, timeLimit: timeLimit)
    return (decode(layout, targets: targets, values: outcome.values), outcome.optimal)
  }

  /// The greedy answer (drained connections on free ports, nothing else moving) as columns.
  private func startValues(_ layout: Layout, targets: [Int], greedy: [DrainTarget?]) -> [Double] {
    var values = [Double](repeating: 0, count: layout.programme.columns.count)
    var position: [Int: Int] = [:]
    for (index, device) in targets.enumerated() { position[device] = index }
    func arrive(_ member: Int, _ column: Int?) {
      guard let column, let target = greedy[member], let pool = target.pool else { return }
      values[column] += 1
      let type = site.members[member].type
      if let flow = layout.flows.first(where: {
        $0.device == target.device && $0.type == type && $0.pool == pool
      }) {
        values[flow.column] += 1
      }
    }
    for entry in layout.drainedClasses {
      for member in entry.members {
        guard let target = greedy[member], let at = position[target.device] else { continue }
        arrive(member, entry.columns[at])
      }
    }
    for entry in layout.stayClasses { values[entry.stay] = Double(entry.members.count) }
    for entry in layout.singles {
      if let stay = entry.stay { values[stay] = 1 }
      guard let target = greedy[entry.member], let at = position[target.device] else { continue }
      arrive(entry.member, entry.columns[at])
    }
    return values
  }

  /// Column values to a target per member: class counts go to members in inventory order,
  /// devices in inventory order.
  private func decode(_ layout: Layout, targets: [Int], values: [Double]) -> [DrainTarget?] {
    var result = [DrainTarget?](repeating: nil, count: site.members.count)
    func count(_ column: Int?) -> Int { column.map { Int(values[$0].rounded()) } ?? 0 }
    for entry in layout.drainedClasses {
      var members = entry.members[...]
      for (position, column) in entry.columns.enumerated() {
        for _ in 0..<count(column) {
          guard let member = members.popFirst() else { break }
          result[member] = DrainTarget(device: targets[position], pool: nil)
        }
      }
    }
    for entry in layout.stayClasses {
      var members = entry.members[...]
      for (position, column) in entry.columns.enumerated() {
        for _ in 0..<count(column) {
          guard let member = members.popFirst() else { break }
          result[member] = DrainTarget(device: targets[position], pool: nil)
        }
      }
    }
    for entry in layout.singles {
      if let position = entry.columns.indices.first(where: { count(entry.columns[$0]) > 0 }) {
        result[entry.member] = DrainTarget(device: targets[position], pool: nil)
      }
    }
    return result
  }
}
