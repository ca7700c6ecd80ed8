/// The independent check of a drain plan, run on every plan before it is written or applied.
/// It shares no code with the planner: it applies the moves to the inventory's live
/// connections and checks, from the inventory alone:
/// - every move names a live connection, listed once in `moves` and `stranded` together, whose
///   `from` is the device and port it holds;
/// - every `to` is a port of a device of the connection's own access point, not drained, not
///   the port it leaves, whose cage accepts the connection's port type;
/// - after the moves no port is held twice, and no moved connection shares a device with a
///   redundant partner (either direction, same access point, holding a port);
/// - every live connection of a drained device is moved or stranded, and only those are
///   stranded;
/// - the summary's counts are the lists'.
///
/// Violations come in that order: moves in plan order, stranded entries, missing connections in
/// inventory order, then the summary.
public enum DrainChecker {
  /// Every violation of `plan` for draining `devices` of `inventory` (as it was before the
  /// drain); empty when the plan keeps every guarantee.
  public static func check(_ plan: DrainPlan, inventory: Inventory, devices: [DeviceID])
    -> [DrainViolation]
  {
    var violations: [DrainViolation] = []
    func add(_ kind: DrainViolation.Kind, _ connection: ConnectionID?, _ message: String) {
      violations.append(DrainViolation(kind: kind, connection: connection, message: message))
    }
    let drained = Set(devices)
    func live(_ id: ConnectionID) -> Connection? {
      guard let connection = inventory.connection(id), connection.status.holdsPort,
        connection.device != nil, connection.port != nil
      else { return nil }
      return connection
    }
    struct Place: Hashable {
      let device: DeviceID
      let port: String
    }
    var listed = Set<ConnectionID>()
    var moved: [ConnectionID: Place] = [:]
    var arriving: [Place: ConnectionID] = [:]
    for move in plan.moves {
      let id = move.connection
      guard let connection = live(id) else {
        add(
          .unknownConnection, id,
          "\(id.rawValue) is moved but is not a live connection of the inventory")
        continue
      }
      guard listed.insert(id).inserted else {
        add(.connectionListedTwice, id, "\(id.rawValue) is listed more than once")
        continue
      }
      if connection.device != move.from.device || connection.port != move.from.port {
        add(
          .wrongFrom, id,
          "\(id.rawValue) is moved from \(move.from.device.rawValue) port \(move.from.port), but it "
            + "holds \(connection.device!.rawValue) port \(connection.port!)")
      }
      let target = "\(move.to.device.rawValue) port \(move.to.port)"
      guard let device = inventory.device(move.to.device),
        let port = inventory.port(named: move.to.port, of: move.to.device),
        move.to.device != connection.device || move.to.port != connection.port
      else {
        add(
          .unknownPort, id,
          "\(id.rawValue) is moved to \(target), which is no other port of the inventory")
        continue
      }
      if inventory.device(connection.device!)?.accessPoint != device.accessPoint {
        add(
          .otherAccessPoint, id,
          "\(id.rawValue) is moved to \(target) at \(device.accessPoint.rawValue), not at its "
            + "own access point")
      }
      if drained.contains(device.id) {
        add(.ontoDrainedDevice, id, "\(id.rawValue) is moved to \(target), a drained device")
      }
      if !port.accepts.contains(connection.portType) {
        add(
          .portTypeNotAccepted, id,
          "\(id.rawValue) (\(connection.portType.rawValue)) is moved to \(target), whose cage "
            + "accepts \(port.accepts.listDescription)")
      }
      let place = Place(device: move.to.device, port: move.to.port)
      if let other = arriving[place] {
        add(.portHeldTwice, id, "\(id.rawValue) and \(other.rawValue) are both moved to \(target)")
      } else {
        arriving[place] = id
      }
      moved[id] = place
    }
    // A port some connection moves to must be left by whoever held it. Only the access points
    // the plan touches matter: a port, a partner that counts, is at the moved one's.
    var touched = Set<AccessPointID>()
    for id in drained {
      if let device = inventory.device(id) { touched.insert(device.accessPoint) }
    }
    for move in plan.moves {
      for id in [move.from.device, move.to.device] {
        if let device = inventory.device(id) { touched.insert(device.accessPoint) }
      }
      if let connection = inventory.connection(move.connection) {
        touched.insert(connection.accessPoint)
      }
    }
    let touchedList = Array(touched)
    func isTouched(_ accessPoint: AccessPointID) -> Bool {
      touchedList.count <= 4 ? touchedList.contains(accessPoint) : touched.contains(accessPoint)
    }
    var holder: [Place: ConnectionID] = [:]
    var partnersOf: [ConnectionID: [ConnectionID]] = [:]
    for connection in inventory.connections
    where connection.status.holdsPort && isTouched(connection.accessPoint) {
      guard let device = connection.device, let port = connection.port else { continue }
      holder[Place(device: device, port: port)] = connection.id
      if let partner = connection.redundantConnection {
        partnersOf[connection.id, default: []].append(partner)
        partnersOf[partner, default: []].append(connection.id)
      }
    }
    for move in plan.moves {
      guard let place = moved[move.connection], arriving[place] == move.connection,
        let other = holder[place], other != move.connection, moved[other] == nil
      else { continue }
      add(
        .portHeldTwice, move.connection,
        "\(move.connection.rawValue) is moved to \(place.device.rawValue) port \(place.port), "
          + "which \(other.rawValue) holds and keeps")
    }
    for (id, place) in moved.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      guard let connection = live(id) else { continue }
      for partnerID in partnersOf[id] ?? [] where partnerID != id {
        guard let partner = live(partnerID), partner.accessPoint == connection.accessPoint
        else { continue }
        let device = moved[partnerID]?.device ?? partner.device!
        // Reported once per pair: by the moved one of lower id, or the only moved one.
        if device == place.device && (moved[partnerID] == nil || id.rawValue < partnerID.rawValue) {
          add(
            .redundantOnSameDevice, id,
            "\(id.rawValue) is moved to \(place.device.rawValue), where its redundant partner "
              + "\(partnerID.rawValue) is")
        }
      }
    }
    var stranded = Set<ConnectionID>()
    for entry in plan.stranded {
      let id = entry.connection
      guard let connection = live(id) else {
        add(
          .unknownConnection, id,
          "\(id.rawValue) is stranded but is not a live connection of the inventory")
        continue
      }
      guard listed.insert(id).inserted else {
        add(.connectionListedTwice, id, "\(id.rawValue) is listed more than once")
        continue
      }
      stranded.insert(id)
      if !drained.contains(connection.device!) {
        add(
          .strandedNotDrained, id,
          "\(id.rawValue) is listed as stranded but is on \(connection.device!.rawValue), which is "
            + "not drained")
      }
    }
    var toMove = 0
    var movedOff = 0
    for connection in inventory.connections
    where connection.status.holdsPort && isTouched(connection.accessPoint) {
      guard let device = connection.device, connection.port != nil, drained.contains(device)
      else { continue }
      toMove += 1
      if moved[connection.id] != nil { movedOff += 1 }
      if moved[connection.id] == nil && !stranded.contains(connection.id) {
        add(
          .drainedConnectionMissing, connection.id,
          "\(connection.id.rawValue) is on the drained \(device.rawValue) but neither moved nor "
            + "stranded")
      }
    }
    let expected = DrainSummary(
      toMove: toMove, moved: movedOff, stranded: stranded.count, portChanges: moved.count)
    if plan.summary != expected {
      add(
        .summaryMismatch, nil,
        "the summary says toMove \(plan.summary.toMove), moved \(plan.summary.moved), stranded "
          + "\(plan.summary.stranded), portChanges \(plan.summary.portChanges); the lists give "
          + "\(expected.toMove), \(expected.moved), \(expected.stranded), \(expected.portChanges)")
    }
    return violations
  }
}
