import Patchbay

/// A synthetic data centre and batch, the same for the same settings and seed: the input of
/// benchmarks and of `patchbay generate`.
public struct SyntheticDataCentre: Sendable {
  public var inventory: Inventory
  public var requests: [Request]

  public init(settings: GeneratorSettings, seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let layout = Self.layout(settings)
    var places = SyntheticPlaces(seed: seed)
    let inventory = Self.makeInventory(
      settings, layout: layout, random: &random, places: &places)
    self.inventory = inventory
    var maker = RequestMaker(
      settings: settings, layout: layout, inventory: inventory, random: random)
    self.requests = maker.make()
  }

  /// Region and access point ids, in order.
  struct Layout {
    var regions: [RegionID]
    /// (access point, its region's index).
    var accessPoints: [(id: AccessPointID, region: Int)]
  }

  static func layout(_ settings: GeneratorSettings) -> Layout {
    let regionCount = max(1, min(settings.regions, settings.accessPoints))
    let regions = (0..<regionCount).map { RegionID("cn-synth-\(padded($0 + 1, 2))") }
    let accessPoints = (0..<max(1, settings.accessPoints)).map { index in
      let region = index % regionCount
      let site = padded(index / regionCount + 1, 3)
      return (AccessPointID("ap-\(regions[region])-s\(site)-A"), region)
    }
    return Layout(regions: regions, accessPoints: accessPoints)
  }

  static func padded(_ number: Int, _ width: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  private static func makeInventory(
    _ settings: GeneratorSettings, layout: Layout, random: inout SeededGenerator,
    places: inout SyntheticPlaces
  ) -> Inventory {
    let cages = settings.cageMix.cages
    var ports: [Port] = []
    for (slot, cage) in cages.enumerated() {
      let accepts = PortTypeSet(types: cage.types)
      for number in 1...cage.count {
        ports.append(Port(name: "\(slot + 1)/1/\(number)", accepts: accepts))
      }
    }
    let offered = PortTypeSet(types: cages.flatMap(\.types))
    var accessPoints: [AccessPoint] = []
    var devices: [Device] = []
    var connections: [Connection] = []
    let operators = LineOperator.allCases
    for (id, region) in layout.accessPoints {
      var served: Set<LineOperator> = [.chinaTelecom]
      for candidate in operators where random.chance(0.6) { served.insert(candidate) }
      let status: AccessPointStatus = random.chance(0.1) ? .hot : .recommended
      accessPoints.append(
        AccessPoint(
          id: id, region: layout.regions[region], status: status, lineOperators: served,
          portTypes: offered, location: places.address(region: region)))
      let cabinets = places.cabinets(count: max(1, settings.devicesPerAccessPoint))
      for number in 1...max(1, settings.devicesPerAccessPoint) {
        let device = DeviceID("\(id)-asw-\(padded(number, 2))")
        devices.append(
          Device(id: device, accessPoint: id, ports: ports, cabinet: cabinets[number - 1]))
        for port in ports where random.chance(settings.prefill) {
          let types = port.accepts.members
          connections.append(
            Connection(
              id: ConnectionID("pc-\(connections.count + 1)"),
              account: AccountID("\(9_000_000 + random.below(1000))"), accessPoint: id,
              device: device, port: port.name, portType: types[random.below(types.count)],
              status: random.chance(0.9) ? .enabled : .allocated))
        }
      }
    }
    var whitelist: Set<AccountID> = []
    for account in 0..<RequestMaker.accountCount(settings)
    where random.chance(settings.whitelistShare) {
      whitelist.insert(RequestMaker.account(account))
    }
    return Inventory(
      assembling: layout.regions.map { Region(id: $0) }, accessPoints: accessPoints,
      devices: devices, connections: connections, highSpeedWhitelist: whitelist,
      policy: Policy(maxPendingPerAccount: nil))
  }
}
