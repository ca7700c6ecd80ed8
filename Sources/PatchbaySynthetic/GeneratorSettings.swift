import Patchbay

/// What a synthetic data centre looks like: its size, its cages, how full it is, and what the
/// batch asks for. Every knob can be set on its own; presets give sizes from a few devices to
/// millions of ports.
public struct GeneratorSettings: Sendable, Hashable {
  public var regions: Int
  public var accessPoints: Int
  public var devicesPerAccessPoint: Int
  public var cageMix: CageMix
  /// Share of ports held by live connections before the batch.
  public var prefill: Double
  public var requests: Int
  /// Share of requests that are in redundant pairs.
  public var pairShare: Double
  /// Share of pairs whose two members ask for different port types.
  public var mixedPairShare: Double
  /// Share of pairs whose members are at two access points of one region.
  public var crossAccessPointPairShare: Double
  /// How unevenly requests fall on access points: 0 spreads them evenly, 1 and above sends
  /// most of them to a few hot ones (a Zipf exponent).
  public var skew: Double
  /// Share of accounts on the 40G/100G whitelist.
  public var whitelistShare: Double
  /// Share of requests with a mistake that validation rejects.
  public var invalidShare: Double
  /// Priorities are drawn from 0..<priorities.
  public var priorities: Int

  public init(
    regions: Int, accessPoints: Int, devicesPerAccessPoint: Int = 2,
    cageMix: CageMix = .standard, prefill: Double = 0.5, requests: Int,
    pairShare: Double = 0.4, mixedPairShare: Double = 0.1,
    crossAccessPointPairShare: Double = 0.05, skew: Double = 0.5, whitelistShare: Double = 0.3,
    invalidShare: Double = 0.02, priorities: Int = 3
  ) {
    self.regions = regions
    self.accessPoints = accessPoints
    self.devicesPerAccessPoint = devicesPerAccessPoint
    self.cageMix = cageMix
    self.prefill = prefill
    self.requests = requests
    self.pairShare = pairShare
    self.mixedPairShare = mixedPairShare
    self.crossAccessPointPairShare = crossAccessPointPairShare
    self.skew = skew
    self.whitelistShare = whitelistShare
    self.invalidShare = invalidShare
    self.priorities = priorities
  }

  /// The ranges of the knobs (README "Command line"): generous around the presets (`huge` has
  /// 1,000 access points and a million requests), and small enough that generating never asks
  /// for more memory than a machine has, nor writes an inventory Patchbay would not read.
  public enum Limits: Sendable {
    public static let regions = 1...10_000
    public static let accessPoints = 1...100_000
    public static let devicesPerAccessPoint = 1...1_000
    public static let requests = 0...2_000_000
    public static let priorities = 1...1_000
    /// Every share (`prefill`, `pairShare`, ...).
    public static let share = 0.0...1.0
    public static let skew = 0.0...10.0
    /// Ports of the whole data centre: what an inventory may hold.
    public static let ports = InventoryDecoder.maximumPorts
  }

  /// Ports of the data centre these settings make.
  public var portCount: Int {
    let perDevice = cageMix.cages.reduce(0) { $0 + $1.count }
    let (devices, overflow) = accessPoints.multipliedReportingOverflow(by: devicesPerAccessPoint)
    let (ports, overflow2) = devices.multipliedReportingOverflow(by: perDevice)
    return overflow || overflow2 ? Int.max : ports
  }

  /// What is out of range, said with the option names of `patchbay generate`; `nil` when the
  /// settings can be generated. ``SyntheticDataCentre`` allocates in proportion to these
  /// numbers, so they are checked before anything is made.
  public var outOfRangeProblem: String? {
    let counts: [(String, Int, ClosedRange<Int>)] = [
      ("--regions", regions, Limits.regions),
      ("--access-points", accessPoints, Limits.accessPoints),
      ("--devices-per-access-point", devicesPerAccessPoint, Limits.devicesPerAccessPoint),
      ("--requests", requests, Limits.requests),
      ("--priorities", priorities, Limits.priorities),
    ]
    for (name, value, range) in counts where !range.contains(value) {
      return "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); "
        + "found \(value)"
    }
    let decimals: [(String, Double, ClosedRange<Double>)] = [
      ("--prefill", prefill, Limits.share), ("--pair-share", pairShare, Limits.share),
      ("--mixed-pair-share", mixedPairShare, Limits.share),
      ("--cross-access-point-pair-share", crossAccessPointPairShare, Limits.share),
      ("--whitelist-share", whitelistShare, Limits.share),
      ("--invalid-share", invalidShare, Limits.share), ("--skew", skew, Limits.skew),
    ]
    for (name, value, range) in decimals where !(value.isFinite && range.contains(value)) {
      return "\(name) must be a number from \(range.lowerBound) to \(range.upperBound); "
        + "found \(value)"
    }
    if portCount > Limits.ports {
      return "--access-points \(accessPoints) x --devices-per-access-point "
        + "\(devicesPerAccessPoint) x \(cageMix.cages.reduce(0) { $0 + $1.count }) ports "
        + "(\(cageMix.rawValue) cages) makes more than \(Limits.ports) ports, the most an "
        + "inventory may hold; use fewer access points, devices or a smaller --cage-mix"
    }
    return nil
  }

  /// Named sizes (BENCHMARKS.md and DESIGN.md's goals).
  public enum Preset: String, CaseIterable, Sendable {
    /// A few access points, for trying things out.
    case small
    /// About 10k requests.
    case medium
    /// About 100k requests on about 300k ports, half full, 40% in pairs, some across access
    /// points: DESIGN.md's first goal.
    case large
    /// About 1M requests on about 3M ports.
    case huge
    /// Demand above free capacity, mixed-type pairs, multi-type cages, priorities, hot access
    /// points: where the exact solver earns its place.
    case tight
  }

  public static func preset(_ preset: Preset) -> GeneratorSettings {
    switch preset {
    case .small:
      GeneratorSettings(regions: 3, accessPoints: 6, cageMix: .compact, requests: 200)
    case .medium:
      GeneratorSettings(regions: 8, accessPoints: 40, cageMix: .standard, requests: 10_000)
    case .large:
      GeneratorSettings(regions: 20, accessPoints: 100, cageMix: .standard, requests: 100_000)
    case .huge:
      GeneratorSettings(regions: 40, accessPoints: 1000, cageMix: .standard, requests: 1_000_000)
    case .tight:
      GeneratorSettings(
        regions: 5, accessPoints: 20, devicesPerAccessPoint: 3, cageMix: .compact, prefill: 0.6,
        requests: 3000, pairShare: 0.4, mixedPairShare: 0.4, crossAccessPointPairShare: 0.1,
        skew: 1.2, whitelistShare: 0.6, invalidShare: 0.02)
    }
  }
}

/// The cages of a device.
public enum CageMix: String, CaseIterable, Sendable, Hashable {
  /// 30 x 48 SFP+ ports (10GBase-LR or 1000Base-LX) and 60 QSFP28 ports (100GBase-LR or
  /// 40GBase-LR): 1,500 ports, the large data centres' device.
  case standard
  /// 2 x 24 SFP+ ports, 8 SFP+ that take only 10GBase-LR, 8 QSFP28 and 8 copper ports
  /// (1000Base-T or 100Base-T): 72 ports with many multi-type cages, for contention.
  case compact
  /// Copper and fibre: 48 copper (10GBase-T or 1000Base-T), 48 SFP+, 8 QSFP28.
  case mixed

  /// (run of ports, accepted types) per cage, in port order.
  var cages: [(count: Int, types: [PortType])] {
    let sfp: [PortType] = [.base10GLR, .base1000LX]
    let qsfp: [PortType] = [.base100GLR, .base40GLR]
    switch self {
    case .standard:
      return Array(repeating: (48, sfp), count: 30) + [(60, qsfp)]
    case .compact:
      return [(24, sfp), (24, sfp), (8, [.base10GLR]), (8, qsfp), (8, [.base1000T, .base100T])]
    case .mixed:
      return [(48, [.base10GT, .base1000T]), (48, sfp), (8, qsfp)]
    }
  }
}
