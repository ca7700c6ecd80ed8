@_spi(Tooling) import Patchbay
import PatchbaySynthetic

/// The inputs of every benchmark: synthetic data centres from Patchbay's generator, always with
/// the same seed, so that runs on different days measure the same work. They are built in a
/// benchmark's `setup` closure, never in the measured part.
public enum BenchmarkInputs {
  /// The generator's seed for every benchmark.
  public static let seed: UInt64 = 1

  /// A preset's data centre and batch.
  public static func centre(_ preset: GeneratorSettings.Preset) -> SyntheticDataCentre {
    SyntheticDataCentre(settings: .preset(preset), seed: seed)
  }

  /// A preset's inventory.json and requests.json, as `patchbay generate` writes them.
  public static func files(_ preset: GeneratorSettings.Preset) -> InputFiles {
    let centre = centre(preset)
    return InputFiles(
      inventory: InventoryEncoder.jsonBytes(centre.inventory),
      requests: RequestsEncoder.jsonBytes(centre.requests))
  }

  /// The provisioning path's inventory: the `huge` preset's devices and fill, with 333 access
  /// points instead of 1,000, so 333 x 2 devices x 1,500 ports = 999,000 ports, about half of
  /// them held; and a batch of 20,000 requests to draw single requests from.
  public static let provisioningSettings: GeneratorSettings = {
    var settings = GeneratorSettings.preset(.huge)
    settings.accessPoints = 333
    settings.regions = 13
    settings.requests = 20_000
    return settings
  }()
}

/// The two input files of a batch, in memory.
public struct InputFiles: Sendable {
  public var inventory: [UInt8]
  public var requests: [UInt8]
}

/// `patchbay allocate` between reading its files and writing the plan: decode both files,
/// validate the batch, allocate it, check the plan with the same checker as `patchbay verify`,
/// and encode plan.json. Only reading and writing the files are left out.
public enum AllocatePipeline {
  public struct Outcome: Sendable {
    public var plan: Plan
    public var planBytes: [UInt8]
  }

  public static func run(_ files: InputFiles, options: AllocationOptions = AllocationOptions())
    throws(InputError) -> Outcome
  {
    let inventory = try InventoryDecoder.decode(files.inventory, file: "inventory.json")
    let requests = try RequestsDecoder.decode(
      files.requests, file: "requests.json", format: .json)
    let validation = BatchValidator(inventory: inventory).validate(requests)
    let result = Allocator(inventory: inventory, options: options).allocate(validated: validation)
    let violations = PlanChecker.check(result.plan, inventory: inventory, requests: requests)
    guard violations.isEmpty else {
      // Not an input error: the allocator broke a guarantee. The benchmark must not report a
      // time for a wrong answer.
      fatalError("the plan breaks a guarantee: \(violations.prefix(5))")
    }
    return Outcome(plan: result.plan, planBytes: result.plan.jsonBytes)
  }
}
