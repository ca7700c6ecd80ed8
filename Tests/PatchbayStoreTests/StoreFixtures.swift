import Foundation
import Patchbay
import PatchbayStore

/// Temporary databases, the fixture inventory and interfaces to store, shared by the suites.
enum StoreFixtures {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `fixtures/datacenter/inventory.json`.
  static func datacentre() throws -> Inventory {
    try InventoryDecoder.read(
      path: root.appendingPathComponent("fixtures/datacenter/inventory.json").path)
  }

  /// A fresh path in a fresh temporary folder; the folder is removed by ``removeDatabase(_:)``.
  static func databasePath() throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("state.sqlite").path
  }

  static func removeDatabase(_ path: String) {
    try? FileManager.default.removeItem(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
  }

  /// A store on a new file with the fixture inventory imported.
  static func initializedStore(busyTimeout: Double = 10) async throws -> (SQLiteStore, Inventory) {
    let inventory = try datacentre()
    let store = try await SQLiteStore.create(path: try databasePath(), busyTimeout: busyTimeout)
    try await store.importInventory(inventory)
    return (store, inventory)
  }

  /// A whole second, so dates compare equal after the millisecond text round trip.
  static let time = Date(timeIntervalSince1970: 1_800_000_000)

  /// An interface at the fixture's first access point that offers 10GBase-LR.
  static func interface(
    _ id: String, account: String = "7001", accessPoint: AccessPointID? = nil,
    in inventory: Inventory, state: InterfaceState = .toApplyForLOA, device: DeviceID? = nil,
    port: String? = nil
  ) -> Interface {
    let point =
      accessPoint.flatMap { inventory.accessPoint($0) } ?? inventory.accessPoints.first!
    return Interface(
      id: InterfaceID(id), account: AccountID(account), region: point.region,
      accessPoint: point.id, lineOperator: point.lineOperators.first!,
      portType: point.portTypes.members.first!, state: state, device: device, port: port,
      createdAt: time)
  }

  /// A port of the access point's first device that no imported connection holds.
  static func freePort(in inventory: Inventory, at accessPoint: AccessPointID? = nil) -> (
    DeviceID, String
  )? {
    let point = accessPoint ?? inventory.accessPoints.first!.id
    let held = Set(
      inventory.connections.compactMap { connection -> String? in
        guard connection.status.holdsPort, let device = connection.device,
          let port = connection.port
        else { return nil }
        return "\(device)|\(port)"
      })
    for device in inventory.devices(of: point) {
      for port in device.ports where !held.contains("\(device.id)|\(port.name)") {
        return (device.id, port.name)
      }
    }
    return nil
  }
}
