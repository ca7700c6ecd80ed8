import Foundation
import Patchbay
import PatchbayStore
import Testing

/// The README's Provisioner example, as written there, so that it keeps compiling and working.
@Suite struct ReadmeProvisionerExampleTests {
  @Test func provisionerExample() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    let inventory = try StoreFixtures.datacentre()
    let request = try RequestsDecoder.readSingle(
      path: StoreFixtures.root.appendingPathComponent("fixtures/provisioning/request.json").path)
    let loaPath = StoreFixtures.root.appendingPathComponent("fixtures/provisioning/loa.json").path
    var printed: [String] = []
    func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

    let store = try await SQLiteStore.create(path: path)
    try await store.importInventory(inventory)  // once, as `patchbay state init` does
    let provisioner = Provisioner(store: store)
    do {
      let applied = try await provisioner.apply(request)
      _ = try await provisioner.applyForLOA(applied.id, loa: try LOADecoder.read(path: loaPath))
      let approved = try await provisioner.approve(applied.id)
      print(approved.device!, approved.port!, approved.state.consoleName)
      let batch = try await provisioner.approveAll()
      print(batch.approved.count, batch.plan.unplaced.map(\.code))
    } catch let refusal as LifecycleError {
      print(refusal.code, refusal.description)
    }
    #expect(printed.count == 2, "\(printed)")
    #expect(printed.first?.hasSuffix("Approved LOA") == true)
    #expect(printed.last == "0 []")
  }
}
