import Patchbay

/// What NetBox holds, as read: the records the import asked for (a server that ignores a filter
/// may give more, and the mapping leaves the rest out).
package struct NetBoxRecords: Sendable, Hashable {
  package var sites: [NetBoxSite]
  package var devices: [NetBoxDevice]
  package var interfaces: [NetBoxInterface]

  package init(sites: [NetBoxSite], devices: [NetBoxDevice], interfaces: [NetBoxInterface]) {
    self.sites = sites
    self.devices = devices
    self.interfaces = interfaces
  }
}

/// What to import: the device roles (slugs), the sites (slugs; `nil` for all) and the port-type
/// map.
package struct NetBoxSelection: Sendable, Hashable {
  package var deviceRoles: Set<String>
  package var sites: Set<String>?
  package var portTypes: NetBoxPortTypeMap

  package init(
    deviceRoles: Set<String>, sites: Set<String>? = nil,
    portTypes: NetBoxPortTypeMap = .default
  ) {
    self.deviceRoles = deviceRoles
    self.sites = sites
    self.portTypes = portTypes
  }
}

/// The inventory made from NetBox, and what was imported and skipped.
package struct NetBoxImport: Sendable {
  package var inventory: Inventory
  package var summary: NetBoxImportSummary
}

/// Counts of what was imported, and of what was skipped by reason, for the summary on standard
/// error.
package struct NetBoxImportSummary: Sendable, Hashable {
  package var regions = 0
  package var accessPoints = 0
  package var devices = 0
  package var ports = 0
  /// Held ports: connections in `Enabled`.
  package var heldPorts = 0
  /// Of the held ports, those named by a circuit id.
  package var circuits = 0
  /// Devices whose name is shared or unusable, imported as `netbox-device-ID`.
  package var renamedDevices = 0
  package var skippedSites: [String: Int] = [:]
  package var skippedDevices: [String: Int] = [:]
  package var skippedInterfaces: [String: Int] = [:]

  /// The summary's lines (without a trailing newline), the reasons in a fixed order: the most
  /// common first, then by name.
  package var lines: [String] {
    var lines = [
      "imported \(regions) \(plural(regions, "region")), \(accessPoints) access "
        + "\(plural(accessPoints, "point")), \(devices) \(plural(devices, "device")), \(ports) "
        + "\(plural(ports, "port")) (\(heldPorts) held, \(circuits) of them by circuit id)"
    ]
    if renamedDevices > 0 {
      lines.append(
        "\(renamedDevices) \(plural(renamedDevices, "device")) without a unique usable name "
          + "imported as netbox-device-ID")
    }
    for (what, counts) in [
      ("site", skippedSites), ("device", skippedDevices), ("interface", skippedInterfaces),
    ] {
      let total = counts.values.reduce(0, +)
      guard total > 0 else { continue }
      let reasons = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
      lines.append("skipped \(total) \(plural(total, what)): \(reasons)")
    }
    return lines
  }

  private func plural(_ count: Int, _ word: String) -> String { count == 1 ? word : word + "s" }
}

/// NetBox records -> a Patchbay inventory, as NETBOX.md's table says: a pure function of the
/// records and the selection, so that the same NetBox gives the same bytes whatever order the
/// pages came in (everything is sorted).
package enum NetBoxMapping {
  /// The account that owns the connections of held ports: NetBox does not say whose they are.
  package static let account: AccountID = "netbox"
  /// The region of a site that has none.
  package static let defaultRegion = "default"

  /// Makes the inventory.
  ///
  /// - Throws: ``NetBoxError`` (`.invalidAnswer`) when the data cannot make a valid inventory:
  ///   an unknown line operator in a site's `patchbay_line_operators`, or (a bug) an inventory
  ///   the engine's checks refuse.
  package static func inventory(from records: NetBoxRecords, selection: NetBoxSelection)
    throws(NetBoxError) -> NetBoxImport
  {
    var summary = NetBoxImportSummary()
    // A record read twice (NetBox's offset paging while records are added) counts once.
    let records = NetBoxRecords(
      sites: unique(records.sites, by: \.id), devices: unique(records.devices, by: \.id),
      interfaces: unique(records.interfaces, by: \.id))

    // Sites, by slug; the first by id when a slug repeats (NetBox forbids it).
    var sites: [String: NetBoxSite] = [:]
    for site in records.sites.sorted(by: { $0.id < $1.id })
    where selection.sites?.contains(site.slug) ?? true && sites[site.slug] == nil {
      sites[site.slug] = site
    }

    // Devices of the roles asked for, at those sites.
    var devices: [NetBoxDevice] = []
    for device in records.devices.sorted(by: { $0.id < $1.id }) {
      guard let role = device.roleSlug, selection.deviceRoles.contains(role),
        let site = device.siteSlug, sites[site] != nil
      else { continue }
      if let status = device.status, status != "active" {
        summary.skippedDevices["status \(status)", default: 0] += 1
        continue
      }
      devices.append(device)
    }
    let ids = deviceIDs(devices, renamed: &summary.renamedDevices)

    // Interfaces to ports.
    let imported = Dictionary(uniqueKeysWithValues: devices.map { ($0.id, $0) })
    var portsByDevice: [Int: [(port: Port, interface: NetBoxInterface, types: [PortType])]] = [:]
    var names: [Int: Set<String>] = [:]
    for interface in records.interfaces.sorted(by: { $0.id < $1.id })
    where imported[interface.deviceID] != nil {
      let types: [PortType]
      switch classify(interface, map: selection.portTypes) {
      case .skip(let reason):
        summary.skippedInterfaces[reason, default: 0] += 1
        continue
      case .port(let accepted): types = accepted
      }
      guard !interface.name.isEmpty, IdentifierRule.problem(interface.name) == nil else {
        summary.skippedInterfaces["unusable name", default: 0] += 1
        continue
      }
      guard names[interface.deviceID, default: []].insert(interface.name).inserted else {
        summary.skippedInterfaces["duplicate name", default: 0] += 1
        continue
      }
      let port = Port(name: interface.name, accepts: PortTypeSet(types: types))
      portsByDevice[interface.deviceID, default: []].append((port, interface, types))
    }

    // Held ports: the circuit ids first, then every connection.
    let circuitIDs = circuitConnectionIDs(portsByDevice.values.flatMap { $0.map(\.interface) })
    var modelDevices: [Device] = []
    var connections: [Connection] = []
    var sitePorts: [String: PortTypeSet] = [:]
    for device in devices {
      let site = device.siteSlug!
      let deviceID = ids[device.id]!
      let ports = (portsByDevice[device.id] ?? []).sorted {
        NaturalOrder.precedes($0.port.name, $1.port.name)
      }
      modelDevices.append(
        Device(id: deviceID, accessPoint: AccessPointID(site), ports: ports.map(\.port)))
      summary.ports += ports.count
      for (port, interface, types) in ports {
        sitePorts[site, default: []].formUnion(port.accepts)
        guard interface.hasCable || interface.markConnected else { continue }
        let circuit = circuitIDs[interface.id]
        if circuit != nil { summary.circuits += 1 }
        connections.append(
          Connection(
            id: ConnectionID(circuit ?? "netbox-interface-\(interface.id)"), account: account,
            accessPoint: AccessPointID(site), device: deviceID, port: port.name,
            portType: types[0], status: .enabled))
      }
    }
    modelDevices.sort { $0.id < $1.id }
    connections.sort { $0.id < $1.id }
    summary.devices = modelDevices.count
    summary.heldPorts = connections.count

    // Access points: the sites where an imported device stands.
    var regions: [RegionID: Region] = [:]
    var accessPoints: [AccessPoint] = []
    let occupied = Set(devices.compactMap(\.siteSlug))
    for slug in sites.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let site = sites[slug]!
      guard occupied.contains(slug) else {
        summary.skippedSites["no active device of the roles asked for", default: 0] += 1
        continue
      }
      let region = RegionID(site.regionSlug ?? defaultRegion)
      if regions[region] == nil {
        regions[region] = Region(id: region, name: site.regionSlug == nil ? nil : site.regionName)
      }
      accessPoints.append(
        AccessPoint(
          id: AccessPointID(slug), region: region, name: site.name,
          status: status(of: site), lineOperators: try lineOperators(of: site),
          portTypes: sitePorts[slug] ?? []))
    }
    summary.regions = regions.count
    summary.accessPoints = accessPoints.count

    do throws(InventoryError) {
      let inventory = try Inventory(
        regions: regions.values.sorted { $0.id < $1.id }, accessPoints: accessPoints,
        devices: modelDevices, connections: connections)
      return NetBoxImport(inventory: inventory, summary: summary)
    } catch {
      throw NetBoxError(
        .invalidAnswer,
        "the inventory made from NetBox's records is not valid (please report this as a bug): "
          + error.problems.prefix(5).map(\.description).joined(separator: "; "))
    }
  }

  /// The first record of each id, sorted by id.
  private static func unique<Record>(_ records: [Record], by id: (Record) -> Int) -> [Record] {
    var seen: Set<Int> = []
    return records.filter { seen.insert(id($0)).inserted }.sorted { id($0) < id($1) }
  }

  /// What an interface becomes.
  package enum Classification: Sendable, Hashable {
    case port([PortType])
    case skip(String)
  }

  /// An interface's fate by its kind, in this order: virtual, LAG, wireless, management-only,
  /// disabled, then the port-type map.
  package static func classify(_ interface: NetBoxInterface, map: NetBoxPortTypeMap)
    -> Classification
  {
    let type = interface.type ?? ""
    if type == "virtual" || type == "bridge" { return .skip("virtual") }
    if type == "lag" { return .skip("LAG") }
    if type.hasPrefix("ieee802.11") || type == "other-wireless" { return .skip("wireless") }
    if interface.managementOnly { return .skip("management-only") }
    if !interface.enabled { return .skip("disabled") }
    guard let accepted = map.accepts(type), !accepted.isEmpty else {
      return .skip("unmapped type \(type.isEmpty ? "(none)" : type.escapingControlCharacters)")
    }
    return .port(accepted)
  }

  /// The id of each imported device: its name, or `netbox-device-ID` when it has none, a name
  /// that is not a valid id, or a name another imported device has too.
  private static func deviceIDs(_ devices: [NetBoxDevice], renamed: inout Int) -> [Int: DeviceID] {
    var uses: [String: Int] = [:]
    for device in devices { if let name = device.name { uses[name, default: 0] += 1 } }
    var ids: [Int: DeviceID] = [:]
    for device in devices {
      if let name = device.name, uses[name] == 1, IdentifierRule.problem(name) == nil,
        !name.hasPrefix("netbox-device-")
      {
        ids[device.id] = DeviceID(name)
      } else {
        if device.name != nil { renamed += 1 }
        ids[device.id] = DeviceID("netbox-device-\(device.id)")
      }
    }
    return ids
  }

  /// The circuit id of each held port whose link peer is a circuit termination: the `cid` when
  /// one imported port lands on the circuit, `CID-A` and `CID-Z` when both ends do. Anything
  /// else (an unusable cid, two ports on one side) keeps `netbox-interface-ID`.
  private static func circuitConnectionIDs(_ interfaces: [NetBoxInterface]) -> [Int: String] {
    var ends: [String: [(interface: Int, side: String?)]] = [:]
    for interface in interfaces where interface.hasCable || interface.markConnected {
      for peer in interface.linkPeers {
        guard case .circuitTermination(let cid, let side) = peer else { continue }
        if !cid.isEmpty, IdentifierRule.problem(cid) == nil, !cid.hasPrefix("netbox-interface-") {
          ends[cid, default: []].append((interface.id, side))
        }
        break
      }
    }
    var ids: [Int: String] = [:]
    for (cid, landing) in ends {
      if landing.count == 1 {
        ids[landing[0].interface] = cid
      } else if landing.count == 2, let a = landing[0].side, let z = landing[1].side,
        Set([a, z]) == ["A", "Z"]
      {
        for end in landing { ids[end.interface] = "\(cid)-\(end.side!)" }
      }
    }
    // A circuit id equal to another circuit's `CID-A` would repeat: those keep their interfaces'.
    var seen: [String: Int] = [:]
    for id in ids.values { seen[id, default: 0] += 1 }
    return ids.filter { seen[$0.value] == 1 }
  }

  private static func status(of site: NetBoxSite) -> AccessPointStatus {
    switch site.status {
    case nil, "active": .recommended
    default: .disabled
    }
  }

  private static func lineOperators(of site: NetBoxSite) throws(NetBoxError) -> Set<LineOperator> {
    guard let names = site.lineOperators else { return Set(LineOperator.allCases) }
    var operators: Set<LineOperator> = []
    for name in names {
      guard
        let found = LineOperator(rawValue: name)
          ?? LineOperator.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
      else {
        throw NetBoxError(
          .invalidAnswer,
          "site \(site.slug.escapingControlCharacters) (id \(site.id)): custom field "
            + "patchbay_line_operators lists \"\(name.escapingControlCharacters)\", which is not a "
            + "line operator; use "
            + LineOperator.allCases.map(\.rawValue).joined(separator: ", ")
            + " in NetBox, or clear the field to mean all of them")
      }
      operators.insert(found)
    }
    return operators
  }
}

/// Port names in the order people read them: `Gi1/0/2` before `Gi1/0/10`, so that consecutive
/// ports sit together (and the inventory writes them as runs).
package enum NaturalOrder {
  package static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.unicodeScalars)
    let right = Array(rhs.unicodeScalars)
    var i = 0
    var j = 0
    while i < left.count && j < right.count {
      if isDigit(left[i]) && isDigit(right[j]) {
        var iEnd = i
        while iEnd < left.count && isDigit(left[iEnd]) { iEnd += 1 }
        var jEnd = j
        while jEnd < right.count && isDigit(right[jEnd]) { jEnd += 1 }
        let a = trimmed(left[i..<iEnd])
        let b = trimmed(right[j..<jEnd])
        if a.count != b.count { return a.count < b.count }
        for (x, y) in zip(a, b) where x != y { return x.value < y.value }
        i = iEnd
        j = jEnd
      } else {
        if left[i] != right[j] { return left[i].value < right[j].value }
        i += 1
        j += 1
      }
    }
    if (left.count - i) != (right.count - j) { return (left.count - i) < (right.count - j) }
    // Equal but for leading zeros: the bytes decide, so the order is total.
    return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }

  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  private static func trimmed(_ digits: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
    let first = digits.firstIndex { $0 != "0" } ?? digits.endIndex
    return digits[first...]
  }
}
