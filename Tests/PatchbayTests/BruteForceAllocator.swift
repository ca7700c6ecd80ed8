import Patchbay

/// The allocation problem solved by trying every choice of device (or none) for every valid
/// request: the reference the allocator's optimum is checked against. Written from FORMATS.md
/// alone and sharing no code with the allocator.
struct BruteForceAllocator {
  let inventory: Inventory
  let validation: ValidationResult

  /// The most requests placeable per priority, highest priority first.
  func bestCounts() -> [Int] {
    let accepted = validation.accepted
    let levels = Set(accepted.map(\.priority)).sorted(by: >)
    let devicesAt = Dictionary(grouping: inventory.devices, by: \.accessPoint)
    let options: [[DeviceID?]] = accepted.map { request in
      var choices: [DeviceID?] = [nil]
      for device in devicesAt[request.accessPoint] ?? [] {
        if case .connection(let id) = request.partner,
          let connection = inventory.connection(id),
          connection.accessPoint == request.accessPoint, connection.device == device.id
        {
          continue
        }
        choices.append(device.id)
      }
      return choices
    }
    var best: [Int] = levels.map { _ in -1 }
    var choice = [DeviceID?](repeating: nil, count: accepted.count)
    func search(_ index: Int) {
      if index == accepted.count {
        guard feasible(choice) else { return }
        let counts = levels.map { level in
          accepted.indices.filter { choice[$0] != nil && accepted[$0].priority == level }.count
        }
        if best.lexicographicallyPrecedes(counts) { best = counts }
        return
      }
      for option in options[index] {
        choice[index] = option
        search(index + 1)
      }
      choice[index] = nil
    }
    search(0)
    return best
  }

  /// Groups whole, partners apart, and every device able to give each of its requests its own
  /// free port of the right type.
  func feasible(_ choice: [DeviceID?]) -> Bool {
    let accepted = validation.accepted
    for group in validation.groups {
      let placed = group.filter { choice[$0] != nil }.count
      if placed != 0 && placed != group.count { return false }
    }
    let position = Dictionary(uniqueKeysWithValues: accepted.enumerated().map { ($1.id, $0) })
    for (index, request) in accepted.enumerated() {
      guard case .request(let partner) = request.partner, let other = position[partner],
        accepted[other].accessPoint == request.accessPoint, let device = choice[index]
      else { continue }
      if choice[other] == device { return false }
    }
    for device in inventory.devices {
      let here = accepted.indices.filter { choice[$0] == device.id }
      guard !here.isEmpty else { continue }
      let held = Set(
        inventory.connections.filter { $0.device == device.id && $0.status.holdsPort }
          .compactMap(\.port))
      let free = device.ports.filter { !held.contains($0.name) }
      if !Self.canMatch(here.map { accepted[$0].portType }, to: free) { return false }
    }
    return true
  }

  /// Whether each request type can get its own port (augmenting paths on concrete ports).
  static func canMatch(_ types: [PortType], to ports: [Port]) -> Bool {
    var owner = [Int?](repeating: nil, count: ports.count)
    func augment(_ request: Int, _ seen: inout [Bool]) -> Bool {
      for port in ports.indices where ports[port].accepts.contains(types[request]) && !seen[port] {
        seen[port] = true
        if owner[port] == nil || augment(owner[port]!, &seen) {
          owner[port] = request
          return true
        }
      }
      return false
    }
    for request in types.indices {
      var seen = [Bool](repeating: false, count: ports.count)
      if !augment(request, &seen) { return false }
    }
    return true
  }
}
