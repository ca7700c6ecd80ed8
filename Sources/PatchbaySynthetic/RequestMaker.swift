import Patchbay

/// Draws the batch of a synthetic data centre: access points by a Zipf law (hot ones get most),
/// port types by how common they are, pairs (some of mixed types, some across access points),
/// backups of existing connections, priorities, and a share of mistakes.
struct RequestMaker {
  let settings: GeneratorSettings
  let layout: SyntheticDataCentre.Layout
  let inventory: Inventory
  var random: SeededGenerator

  static func accountCount(_ settings: GeneratorSettings) -> Int {
    max(10, settings.requests / 3)
  }

  static func account(_ index: Int) -> AccountID { AccountID("\(1_000_000 + index)") }

  /// How often each type is asked for, when the access point offers it.
  static let typeWeights: [(PortType, Double)] = [
    (.base10GLR, 0.5), (.base1000LX, 0.25), (.base100GLR, 0.04), (.base40GLR, 0.02),
    (.base10GT, 0.06), (.base1000T, 0.09), (.base100T, 0.04),
  ]

  mutating func make() -> [Request] {
    let weights = (0..<layout.accessPoints.count).map {
      1 / pow(Double($0 + 1), settings.skew)
    }
    let total = weights.reduce(0, +)
    var cumulative: [Double] = []
    var sum = 0.0
    for weight in weights {
      sum += weight / total
      cumulative.append(sum)
    }
    // Hot access points are spread over the list, not the first few of each region.
    var order = Array(layout.accessPoints.indices)
    order.shuffle(using: &random)
    var liveByAccessPoint: [AccessPointID: [ConnectionID]] = [:]
    for connection in inventory.connections where connection.status.canBeRedundancyTarget {
      liveByAccessPoint[connection.accessPoint, default: []].append(connection.id)
    }
    var accessPointsOfRegion: [[Int]] = Array(repeating: [], count: layout.regions.count)
    for (index, accessPoint) in layout.accessPoints.enumerated() {
      accessPointsOfRegion[accessPoint.region].append(index)
    }
    var requests: [Request] = []
    requests.reserveCapacity(settings.requests)
    while requests.count < settings.requests {
      let draw = Double(random.next() >> 11) / Double(1 << 53)
      var low = 0
      var high = cumulative.count - 1
      while low < high {
        let middle = (low + high) / 2
        if cumulative[middle] < draw { low = middle + 1 } else { high = middle }
      }
      let accessPoint = order[low]
      let wantsPair = requests.count + 1 < settings.requests && random.chance(settings.pairShare)
      if wantsPair {
        let first = request(at: accessPoint, index: requests.count, type: nil)
        var secondPoint = accessPoint
        let siblings = accessPointsOfRegion[layout.accessPoints[accessPoint].region]
        if siblings.count > 1, random.chance(settings.crossAccessPointPairShare) {
          secondPoint = siblings.filter { $0 != accessPoint }[random.below(siblings.count - 1)]
        }
        let mixed = random.chance(settings.mixedPairShare)
        var second = request(
          at: secondPoint, index: requests.count + 1,
          type: mixed ? nil : PortType(rawValue: first.portType ?? ""))
        second.account = first.account
        second.priority = first.priority
        second.redundantConnection = first.id.rawValue
        requests.append(first)
        requests.append(second)
      } else {
        var single = request(at: accessPoint, index: requests.count, type: nil)
        if let live = liveByAccessPoint[layout.accessPoints[accessPoint].id], !live.isEmpty,
          random.chance(0.1)
        {
          single.redundantConnection = live[random.below(live.count)].rawValue
        }
        requests.append(single)
      }
    }
    for index in requests.indices where random.chance(settings.invalidShare) {
      spoil(&requests[index])
    }
    return requests
  }

  private mutating func request(at accessPoint: Int, index: Int, type: PortType?) -> Request {
    let point = inventory.accessPoints[accessPoint]
    let chosen = type ?? pickType(offered: point.portTypes)
    let operators = LineOperator.allCases.filter { point.lineOperators.contains($0) }
    // 40G and 100G go to whitelisted accounts, as customers who ask for them are.
    var account = Self.account(random.below(Self.accountCount(settings)))
    if chosen.spec.needsWhitelist, !inventory.highSpeedWhitelist.isEmpty {
      for _ in 0..<8 where !inventory.isWhitelisted(account) {
        account = Self.account(random.below(Self.accountCount(settings)))
      }
    }
    return Request(
      id: RequestID("req-\(SyntheticDataCentre.padded(index + 1, 7))"),
      account: account.rawValue, region: point.region.rawValue, accessPoint: point.id.rawValue,
      lineOperator: operators[random.below(operators.count)].rawValue,
      portSpec: chosen.spec.rawValue, portType: chosen.rawValue,
      priority: random.below(max(1, settings.priorities)))
  }

  private mutating func pickType(offered: PortTypeSet) -> PortType {
    let choices = Self.typeWeights.filter { offered.contains($0.0) }
    guard !choices.isEmpty else { return .base10GLR }
    let total = choices.reduce(0) { $0 + $1.1 }
    var draw = Double(random.next() >> 11) / Double(1 << 53) * total
    for (type, weight) in choices {
      draw -= weight
      if draw <= 0 { return type }
    }
    return choices[choices.count - 1].0
  }

  /// One mistake of the kinds customers make.
  private mutating func spoil(_ request: inout Request) {
    switch random.below(6) {
    case 0: request.region = "cn-nowhere"
    case 1: request.portSpec = request.portSpec == "1G" ? "10G" : "1G"
    case 2: request.portType = "25GBase-SR"
    case 3: request.portType = "155M CPOS"
    case 4: request.lineOperator = "ChinaTel"
    default: request.accessPoint = "ap-unknown"
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
