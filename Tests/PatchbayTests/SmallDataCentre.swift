import Foundation
import Patchbay

/// A random data centre small enough to solve by brute force, shaped to be hard: few free
/// ports, cages that accept several types, partners on existing connections, pairs, chains,
/// pairs across access points and priorities.
struct SmallDataCentre {
  var inventory: Inventory
  var requests: [Request]

  static let types = ["10GBase-LR", "1000Base-LX", "100GBase-LR"]

  init?(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    var accessPoints: [[String: Any]] = []
    var devices: [[String: Any]] = []
    var connections: [[String: Any]] = []
    var liveByAccessPoint: [String: [String]] = [:]
    let accessPointCount = 1 + Int(random.next() % 2)
    for letter in ["A", "B"].prefix(accessPointCount) {
      let id = "ap-x-\(letter)"
      accessPoints.append([
        "id": id, "region": "r", "lineOperators": ["CT"], "portTypes": Self.types,
      ])
      for number in 1...(2 + Int(random.next() % 2)) {
        let device = "\(id)-d\(number)"
        var ports: [[String: Any]] = []
        for cage in 1...(1 + Int(random.next() % 2)) {
          var accepts = Self.types.filter { _ in chance(50) }
          if accepts.isEmpty { accepts = [pick(Self.types)] }
          let count = 1 + Int(random.next() % 2)
          ports.append(["names": "1/\(cage)/1-\(count)", "portTypes": accepts])
          for port in 1...count where chance(25) {
            let connection = "pc-\(connections.count)"
            connections.append([
              "id": connection, "account": "1", "accessPoint": id, "device": device,
              "port": "1/\(cage)/\(port)", "portType": accepts[0],
              "status": pick(["Enabled", "Enabled", "Terminated"]),
            ])
            if connections.last?["status"] as? String == "Enabled" {
              liveByAccessPoint[id, default: []].append(connection)
            }
          }
        }
        devices.append(["id": device, "accessPoint": id, "ports": ports])
      }
    }
    let inventoryJSON: [String: Any] = [
      "regions": [["id": "r"]], "accessPoints": accessPoints, "devices": devices,
      "connections": connections, "highSpeedWhitelist": ["1"],
    ]
    var requestObjects: [[String: Any]] = []
    let count = 2 + Int(random.next() % 6)
    for index in 0..<count {
      let accessPoint = "ap-x-\(pick(Array(["A", "B"].prefix(accessPointCount))))"
      let type = pick(Self.types)
      var request: [String: Any] = [
        "id": "q\(index)", "account": "1", "region": "r", "accessPoint": accessPoint,
        "lineOperator": "CT", "portType": type,
        "portSpec": ["10GBase-LR": "10G", "1000Base-LX": "1G", "100GBase-LR": "100G"][type]!,
        "priority": Int(random.next() % 3),
      ]
      if index > 0 && chance(45) {
        request["redundantConnection"] = "q\(Int(random.next() % UInt64(index)))"
      } else if let live = liveByAccessPoint[accessPoint], chance(25) {
        request["redundantConnection"] = pick(live)
      }
      requestObjects.append(request)
    }
    guard
      let inventoryData = try? JSONSerialization.data(withJSONObject: inventoryJSON),
      let requestsData = try? JSONSerialization.data(withJSONObject: ["requests": requestObjects]),
      let inventory = try? InventoryDecoder.decode([UInt8](inventoryData), file: "small.json"),
      let requests = try? RequestsDecoder.decode(
        [UInt8](requestsData), file: "small-requests.json", format: .json)
    else { return nil }
    self.inventory = inventory
    self.requests = requests
  }
}
