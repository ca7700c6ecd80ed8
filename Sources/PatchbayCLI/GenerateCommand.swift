import ArgumentParser
import Foundation
import Patchbay
import PatchbaySynthetic

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

  @Option(
    parsing: .unconditional, help: "Seed of the random choices (0 to \(UInt64.max)).",
    transform: NumberArgument.integer("--seed", 0...UInt64.max))
  var seed: UInt64 = 1

  @Option(
    help: """
      Folder to write inventory.json and requests.json to (made if missing). The pair is \
      replaced together; other files in it are kept; sub-folders are refused (docs/FILES.md).
      """)
  var output: String

  typealias Limits = GeneratorSettings.Limits

  @Option(
    parsing: .unconditional, help: "Number of regions \(rangeText(Limits.regions)).",
    transform: NumberArgument.integer("--regions", Limits.regions))
  var regions: Int?
  @Option(
    parsing: .unconditional, help: "Number of access points \(rangeText(Limits.accessPoints)).",
    transform: NumberArgument.integer("--access-points", Limits.accessPoints))
  var accessPoints: Int?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Devices per access point \(rangeText(Limits.devicesPerAccessPoint)); the data centre "
        + "holds at most \(Limits.ports) ports."),
    transform: NumberArgument.integer(
      "--devices-per-access-point", Limits.devicesPerAccessPoint))
  var devicesPerAccessPoint: Int?
  @Option(help: "Cages of each device: standard, compact or mixed.") var cageMix: CageMix?
  @Option(
    parsing: .unconditional, help: "Share of ports held before the batch (0 to 1).",
    transform: NumberArgument.decimal("--prefill", Limits.share))
  var prefill: Double?
  @Option(
    parsing: .unconditional, help: "Number of requests \(rangeText(Limits.requests)).",
    transform: NumberArgument.integer("--requests", Limits.requests))
  var requests: Int?
  @Option(
    parsing: .unconditional, help: "Share of requests in redundant pairs (0 to 1).",
    transform: NumberArgument.decimal("--pair-share", Limits.share))
  var pairShare: Double?
  @Option(
    parsing: .unconditional, help: "Share of pairs with two port types (0 to 1).",
    transform: NumberArgument.decimal("--mixed-pair-share", Limits.share))
  var mixedPairShare: Double?
  @Option(
    parsing: .unconditional, help: "Share of pairs across two access points (0 to 1).",
    transform: NumberArgument.decimal("--cross-access-point-pair-share", Limits.share))
  var crossAccessPointPairShare: Double?
  @Option(
    parsing: .unconditional,
    help: "How much requests crowd onto hot access points (0: evenly; up to 10).",
    transform: NumberArgument.decimal("--skew", Limits.skew))
  var skew: Double?
  @Option(
    parsing: .unconditional, help: "Share of accounts on the 40G/100G whitelist (0 to 1).",
    transform: NumberArgument.decimal("--whitelist-share", Limits.share))
  var whitelistShare: Double?
  @Option(
    parsing: .unconditional, help: "Share of requests with a mistake (0 to 1).",
    transform: NumberArgument.decimal("--invalid-share", Limits.share))
  var invalidShare: Double?
  @Option(
    parsing: .unconditional,
    help: "Priorities are 0 up to this number minus one \(rangeText(Limits.priorities)).",
    transform: NumberArgument.integer("--priorities", Limits.priorities))
  var priorities: Int?

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

  /// Each knob is in range already (its transform); this checks what they make together, the
  /// data centre's port count, before anything is allocated.
  func validate() throws {
    if let problem = settings.outOfRangeProblem { throw ValidationError(problem) }
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

/// `(1 to 10000)`, for the help of a count.
private func rangeText(_ range: ClosedRange<Int>) -> String {
  "(\(range.lowerBound) to \(range.upperBound))"
}

extension GeneratorSettings.Preset: ExpressibleByArgument {}
extension CageMix: ExpressibleByArgument {}
