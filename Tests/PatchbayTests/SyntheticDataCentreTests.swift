import Testing

@testable import Patchbay
@testable import PatchbaySynthetic

/// The synthetic data centres: deterministic, the sizes the presets promise, valid files, and
/// knobs that do what they say.
@Suite struct SyntheticDataCentreTests {
  @Test func theSameSeedGivesTheSameBytes() {
    let settings = GeneratorSettings.preset(.tight)
    let first = SyntheticDataCentre(settings: settings, seed: 42)
    let again = SyntheticDataCentre(settings: settings, seed: 42)
    let other = SyntheticDataCentre(settings: settings, seed: 43)
    #expect(
      InventoryEncoder.jsonBytes(first.inventory) == InventoryEncoder.jsonBytes(again.inventory))
    #expect(RequestsEncoder.jsonBytes(first.requests) == RequestsEncoder.jsonBytes(again.requests))
    #expect(RequestsEncoder.jsonBytes(first.requests) != RequestsEncoder.jsonBytes(other.requests))
  }

  /// Every access point has an address and every device a cabinet, the devices of one access
  /// point in rows of their own, and the inventory's reading accepts them.
  @Test(arguments: [GeneratorSettings.Preset.small, .tight])
  func placesForTheLetterOfAuthorization(_ preset: GeneratorSettings.Preset) throws {
    let centre = SyntheticDataCentre(settings: .preset(preset), seed: 11)
    let read = try InventoryDecoder.decode(
      InventoryEncoder.jsonBytes(centre.inventory), file: "inventory.json")
    #expect(read.accessPoints == centre.inventory.accessPoints)
    #expect(read.devices == centre.inventory.devices)
    for accessPoint in centre.inventory.accessPoints {
      let location = try #require(accessPoint.location)
      #expect(location.hasPrefix("Building ") && location.hasSuffix(", China"), "\(location)")
      let cabinets = centre.inventory.devices(of: accessPoint.id).map { $0.cabinet ?? "" }
      let rows = cabinets.map { cabinet in
        cabinet.wholeMatch(of: #/Room [1-6], row ([A-Z]+), cabinet ([A-Z]+)[0-9]{2}/#).map {
          "\($0.output.1)"
        }
      }
      #expect(rows.allSatisfy { $0 != nil }, "\(cabinets)")
      #expect(Set(rows).count == cabinets.count, "one row per device: \(cabinets)")
    }
  }

  @Test(arguments: [GeneratorSettings.Preset.small, .tight])
  func writesFilesThatReadBackAndAllocate(_ preset: GeneratorSettings.Preset) throws {
    let centre = SyntheticDataCentre(settings: .preset(preset), seed: 7)
    let inventory = try InventoryDecoder.decode(
      InventoryEncoder.jsonBytes(centre.inventory), file: "inventory.json")
    let requests = try RequestsDecoder.decode(
      RequestsEncoder.jsonBytes(centre.requests), file: "requests.json", format: .json)
    // Read back, each request also knows its place in the file; the fields are the same.
    #expect(requests.map { strip($0) } == centre.requests.map { strip($0) })
    #expect(requests.count == GeneratorSettings.preset(preset).requests)
    let plan = Allocator(inventory: inventory).allocate(requests).plan
    #expect(PlanChecker.check(plan, inventory: inventory, requests: requests).isEmpty)
    #expect(plan.summary.optimal)
    // A small share is invalid on purpose; most is valid.
    #expect(plan.summary.rejected < requests.count / 10)
  }

  @Test func presetsHaveTheirSizes() {
    let large = GeneratorSettings.preset(.large)
    #expect(large.requests == 100_000)
    #expect(large.accessPoints * large.devicesPerAccessPoint * 1500 == 300_000)
    let huge = GeneratorSettings.preset(.huge)
    #expect(huge.requests == 1_000_000)
    #expect(huge.accessPoints * huge.devicesPerAccessPoint * 1500 == 3_000_000)
    #expect(large.cageMix.cages.reduce(0) { $0 + $1.count } == 1500)
  }

  @Test func theKnobsDoWhatTheySay() {
    var settings = GeneratorSettings.preset(.small)
    settings.prefill = 0
    settings.pairShare = 1
    settings.mixedPairShare = 0
    settings.crossAccessPointPairShare = 0
    settings.invalidShare = 0
    let centre = SyntheticDataCentre(settings: settings, seed: 3)
    #expect(centre.inventory.connections.isEmpty)
    let byID = Dictionary(uniqueKeysWithValues: centre.requests.map { ($0.id.rawValue, $0) })
    let seconds = centre.requests.filter { $0.redundantConnection != nil }
    #expect(seconds.count == centre.requests.count / 2)
    for second in seconds {
      let first = byID[second.redundantConnection!]
      #expect(first?.portType == second.portType)
      #expect(first?.accessPoint == second.accessPoint)
    }
    let validation = BatchValidator(inventory: centre.inventory).validate(centre.requests)
    #expect(validation.rejections.allSatisfy { $0.code == .whitelistRequired })
  }

  private func strip(_ request: Request) -> Request {
    var request = request
    request.source = .unknown
    return request
  }
}
