import Foundation
import Patchbay
import PatchbayStore
import Testing

/// The README's service, as written there: an inventory built in code, a request validated and
/// placed from the library, and an interface walked through its lifecycle on a store; no input
/// file is written or read.
@Suite struct ReadmeProvisionerExampleTests {
  @Test func provisionerExample() async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    var printed: [String] = []
    func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }

    // "A service that has its inventory in memory ... builds it in code".
    let inventory = try Inventory(
      regions: [Region(id: "cn-hangzhou")],
      accessPoints: [
        AccessPoint(
          id: "ap-hz-1", region: "cn-hangzhou", lineOperators: [.chinaTelecom],
          portTypes: PortTypeSet(types: [.base10GLR]))
      ],
      devices: [
        Device(
          id: "hz-asw-01", accessPoint: "ap-hz-1",
          ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))]),
        Device(
          id: "hz-asw-02", accessPoint: "ap-hz-1",
          ports: [Port(name: "1/1/1", accepts: PortTypeSet(types: [.base10GLR]))]),
      ],
      highSpeedWhitelist: ["1001"])

    // The lifecycle example, with its relative database path made unique.
    let request = Request(
      id: "if-0001", account: "1001", region: "cn-hangzhou", accessPoint: "ap-hz-1",
      lineOperator: "CT", portSpec: "10G", portType: "10GBase-LR")
    let loa = try LetterOfAuthorization(
      companyName: "Example Trading", constructionCompany: "Example Cabling",
      constructionType: .fibre, scheduledConstructionTime: Date().addingTimeInterval(7 * 86_400),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 571 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000")
      ])

    let store = try await SQLiteStore.create(path: path)
    try await store.importInventory(inventory)  // once, as `patchbay state init` does
    let provisioner = Provisioner(store: store)
    do {
      let applied = try await provisioner.apply(request)  // validated: toApplyForLOA
      _ = try await provisioner.applyForLOA(applied.id, loa: loa)  // inApplication
      let approved = try await provisioner.approve(applied.id)  // approvedLOA, a port reserved
      print(approved.device!, approved.port!, approved.state.consoleName)
      let report = try DeliveryReport(lineCode: "CT-HZ-0001", cableLabels: ["HZ-A-01"])
      _ = try await provisioner.deliver(applied.id, report: report)  // waitingForConnection
      _ = try await provisioner.connect(applied.id)  // waitingForPayment
      let enabled = try await provisioner.enable(applied.id)  // enabled: in service
      print(enabled.state, try await provisioner.history(of: applied.id).count)
      let batch = try await provisioner.approveAll()  // every other application, one batch
      print(batch.approved.count, batch.plan.unplaced.map(\.code))
    } catch let refusal as LifecycleError {  // nothing was written
      print(refusal.code, refusal.description)  // invalid_transition, no_free_port, ...
    }
    #expect(printed.count == 3, "\(printed)")
    #expect(printed.first == "hz-asw-01 1/1/1 Approved LOA")
    #expect(printed.dropFirst().first == "enabled 6")
    #expect(printed.last == "0 []")
    // The enabled interface holds its port in the store's inventory.
    let exported = try await provisioner.exportInventory()
    #expect(exported.connection("if-0001")?.status == .enabled)
  }
}
