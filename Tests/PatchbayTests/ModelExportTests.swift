import Foundation
import Testing

@_spi(Tooling) @testable import Patchbay

/// `AllocationOptions.exportModelDirectory`: a model that cannot be written is reported, and the
/// plan is the one a run without export makes (never a quiet "not proven").
@Suite struct ModelExportTests {
  @Test func aModelThatCannotBeWrittenIsReportedAndTheAnswerStands() throws {
    let inventory = try Fixtures.datacenterInventory
    let requests = try RequestsDecoder.read(path: Fixtures.path("datacenter/requests.json"))
    let validation = BatchValidator(inventory: inventory).validate(requests)
    let plain = Allocator(inventory: inventory, options: AllocationOptions(threads: 1))
      .allocate(validated: validation)
    try #require(plain.plan.accessPoints.contains { $0.method == .ilp })
    #expect(plain.modelExportFailures.isEmpty)

    let missing = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-no-such-folder-\(UUID().uuidString)").path
    let exported = Allocator(
      inventory: inventory,
      options: AllocationOptions(threads: 1, exportModelDirectory: missing)
    ).allocate(validated: validation)
    #expect(!exported.modelExportFailures.isEmpty)
    #expect(exported.modelExportFailures.allSatisfy { $0.hasPrefix(missing + "/") })
    #expect(exported.solverErrors.isEmpty)
    #expect(exported.plan == plain.plan)
  }

  @Test func modelsGoInsideTheFolderWhateverTheIds() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-models-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let hostile = "../escaped/ap"
    let inventoryText = try String(
      contentsOfFile: Fixtures.path("datacenter/inventory.json"), encoding: .utf8
    ).replacingOccurrences(of: "ap-cn-beijing-ft-A", with: hostile)
    let requestsText = try String(
      contentsOfFile: Fixtures.path("datacenter/requests.json"), encoding: .utf8
    ).replacingOccurrences(of: "ap-cn-beijing-ft-A", with: hostile)
    let inventory = try InventoryDecoder.decode(Array(inventoryText.utf8), file: "inventory.json")
    let requests = try RequestsDecoder.decode(
      Array(requestsText.utf8), file: "requests.json", format: .json)
    let models = folder.appendingPathComponent("models")
    try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
    let result = Allocator(
      inventory: inventory,
      options: AllocationOptions(threads: 1, exportModelDirectory: models.path)
    ).allocate(validated: BatchValidator(inventory: inventory).validate(requests))
    #expect(result.modelExportFailures.isEmpty)
    let written = try FileManager.default.contentsOfDirectory(atPath: models.path)
    #expect(written.contains { $0.hasPrefix("%2E.%2Fescaped%2Fap.") })
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["models"])
  }
}
