import ArgumentParser
import Foundation
import Patchbay

/// `patchbay generate`: writes a synthetic data centre and batch, the same for the same seed.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a synthetic data centre (inventory.json) and batch (requests.json).",
    discussion: """
      Presets: small (a few access points), medium (about 10k requests), large (100k \
      requests on 300k ports, half full, 40% in pairs), huge (1M requests on 3M ports), \
      tight (demand above free capacity, mixed-type pairs, multi-type cages, hot access \
      points). Any knob below overrides the preset's value. The same options and seed give \
      the same files.
      """
  )

  @Option(help: "small, medium, large, huge or tight.")
  var preset: GeneratorSettings.Preset = .small

  @Option(help: "Seed of the random choices.")
  var seed: UInt64 = 1

  @Option(
    help: """
      Folder to write inventory.json and requests.json to (made if missing). The pair is \
      replaced together; other files in it are kept; sub-folders are refused (docs/FILES.md).
      """)
  var output: String

  @Option(help: "Number of regions.") var regions: Int?
  @Option(help: "Number of access points.") var accessPoints: Int?
  @Option(help: "Devices per access point.") var devicesPerAccessPoint: Int?
  @Option(help: "Cages of each device: standard, compact or mixed.") var cageMix: CageMix?
  @Option(help: "Share of ports held before the batch (0 to 1).") var prefill: Double?
  @Option(help: "Number of requests.") var requests: Int?
  @Option(help: "Share of requests in redundant pairs (0 to 1).") var pairShare: Double?
  @Option(help: "Share of pairs with two port types (0 to 1).") var mixedPairShare: Double?
  @Option(help: "Share of pairs across two access points (0 to 1).")
  var crossAccessPointPairShare: Double?
  @Option(help: "How much requests crowd onto hot access points (0: evenly).") var skew: Double?
  @Option(help: "Share of accounts on the 40G/100G whitelist (0 to 1).")
  var whitelistShare: Double?
  @Option(help: "Share of requests with a mistake (0 to 1).") var invalidShare: Double?
  @Option(help: "Priorities are 0 up to this number minus one.") var priorities: Int?

  var settings: GeneratorSettings {
    var settings = GeneratorSettings.preset(preset)
    if let regions { settings.regions = regions }
    if let accessPoints { settings.accessPoints = accessPoints }
    if let devicesPerAccessPoint { settings.devicesPerAccessPoint = devicesPerAccessPoint }
    if let cageMix { settings.cageMix = cageMix }
    if let prefill { settings.prefill = prefill }
    if let requests { settings.requests = requests }
    if let pairShare { settings.pairShare = pairShare }
    if let mixedPairShare { settings.mixedPairShare = mixedPairShare }
    if let crossAccessPointPairShare {
      settings.crossAccessPointPairShare = crossAccessPointPairShare
    }
    if let skew { settings.skew = skew }
    if let whitelistShare { settings.whitelistShare = whitelistShare }
    if let invalidShare { settings.invalidShare = invalidShare }
    if let priorities { settings.priorities = priorities }
    return settings
  }

  func validate() throws {
    let shares: [(String, Double?)] = [
      ("--prefill", prefill), ("--pair-share", pairShare), ("--mixed-pair-share", mixedPairShare),
      ("--cross-access-point-pair-share", crossAccessPointPairShare),
      ("--whitelist-share", whitelistShare), ("--invalid-share", invalidShare),
    ]
    for (name, value) in shares {
      if let value, !(0...1).contains(value) {
        throw ValidationError("\(name) must be between 0 and 1; it is \(value)")
      }
    }
    let counts: [(String, Int?)] = [
      ("--regions", regions), ("--access-points", accessPoints),
      ("--devices-per-access-point", devicesPerAccessPoint), ("--priorities", priorities),
    ]
    for (name, value) in counts {
      if let value, value < 1 { throw ValidationError("\(name) must be 1 or more") }
    }
    if let requests, requests < 0 { throw ValidationError("--requests must not be negative") }
    if let skew, skew < 0 || !skew.isFinite {
      throw ValidationError("--skew must be 0 or more")
    }
  }

  func run() throws {
    try ExitStatus.run {
      // A folder that cannot take the pair is refused before the (long) generation.
      try AtomicFolder.check(output, names: ["inventory.json", "requests.json"])
      var timer = PhaseTimer()
      StandardError.progress("generating")
      let centre = timer.measure("generate") {
        SyntheticDataCentre(settings: settings, seed: seed)
      }
      StandardError.progress("writing \(output)")
      // The pair is replaced together: never a new inventory beside old requests.
      let outcome = try timer.measure("write") {
        try AtomicFolder.write(
          [
            ("inventory.json", InventoryEncoder.jsonBytes(centre.inventory)),
            ("requests.json", RequestsEncoder.jsonBytes(centre.requests)),
          ], toFolder: output)
      }
      StandardError.endProgress()
      if outcome == .oneByOne {
        StandardError.write(
          "patchbay generate: \(output) could not be swapped as a whole on this file system (a "
            + "mount point?), so its two files were replaced one after the other")
      }
      let summary = InventorySummary(centre.inventory)
      StandardError.write(
        "patchbay generate: \(preset.rawValue), seed \(seed): \(summary.accessPoints) access "
          + "points, \(summary.devices) devices, \(summary.ports) ports (\(summary.freePorts) "
          + "free), \(centre.requests.count) requests in \(output); \(timer.summary)")
    }
  }
}

extension GeneratorSettings.Preset: ExpressibleByArgument {}
extension CageMix: ExpressibleByArgument {}
