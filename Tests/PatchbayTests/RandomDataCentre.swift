import Foundation
import Patchbay

/// A random small data centre and batch, written as the JSON files a user would write, so that
/// property tests exercise the decoders as well as validation.
struct RandomDataCentre {
  var inventoryJSON: [String: Any] = [:]
  var requests: [[String: Any]] = []

  static let regions = ["cn-hangzhou", "cn-qingdao", "cn-beijing"]
  static let portTypes = PortType.allCases.map(\.rawValue)
  static let operators = LineOperator.allCases.map(\.rawValue)
  static let statuses = ConnectionStatus.allCases.map(\.rawValue)
  static let accounts = ["1", "2", "3", "4"]

  init(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
    func subset(_ items: [String]) -> [String] { items.filter { _ in chance(60) } }

    let regionCount = 1 + Int(random.next() % 3)
    let regions = Array(Self.regions.prefix(regionCount))
    var accessPoints: [[String: Any]] = []
    var devices: [[String: Any]] = []
    var connections: [[String: Any]] = []
    var apRegion: [String: String] = [:]
    for region in regions {
      for letter in ["A", "B", "C"].prefix(1 + Int(random.next() % 3)) {
        let id = "ap-\(region)-\(letter)"
        apRegion[id] = region
        accessPoints.append([
          "id": id, "region": region,
          "status": pick(["recommended", "recommended", "hot", "full", "disabled"]),
          "lineOperators": subset(Self.operators), "portTypes": subset(Self.portTypes),
        ])
        for number in 1...(1 + Int(random.next() % 3)) {
          let device = "\(id)-asw-\(number)"
          var ports: [[String: Any]] = []
          var names: [String: [String]] = [:]
          for cage in 1...(1 + Int(random.next() % 3)) {
            var types = subset(Self.portTypes)
            if types.isEmpty { types = [pick(Self.portTypes)] }
            let count = 1 + Int(random.next() % 4)
            ports.append(["names": "1/\(cage)/1-\(count)", "portTypes": types])
            names[types[0], default: []] += (1...count).map { "1/\(cage)/\($0)" }
          }
          devices.append(["id": device, "accessPoint": id, "ports": ports])
          for (type, free) in names {
            for port in free where chance(30) {
              connections.append([
                "id": "pc-\(connections.count)", "account": pick(Self.accounts),
                "accessPoint": id, "device": device, "port": port, "portType": type,
                "status": pick(["Enabled", "Allocated", "Confirmed", "Terminated", "Canceled"]),
              ])
            }
          }
        }
        for _ in 0..<Int(random.next() % 3) {
          connections.append([
            "id": "pc-\(connections.count)", "account": pick(Self.accounts), "accessPoint": id,
            "portType": pick(Self.portTypes), "status": pick(["Initial", "Approved"]),
          ])
        }
      }
    }
    inventoryJSON = [
      "regions": regions.map { ["id": $0] }, "accessPoints": accessPoints, "devices": devices,
      "connections": connections,
      "highSpeedWhitelist": Self.accounts.filter { _ in chance(50) },
      "policy": [
        "maxPendingPerAccount": chance(50) ? Int(random.next() % 6) as Any : NSNull(),
        "maxConnectionsPerAccessPoint": chance(50) ? Int(random.next() % 4) as Any : NSNull(),
      ],
    ]
    let requestCount = Int(random.next() % 12)
    for index in 0..<requestCount {
      let ap = accessPoints.isEmpty ? "ap-none" : pick(accessPoints)["id"] as! String
      let type = chance(90) ? pick(Self.portTypes) : pick(["25GBase-SR", "155M CPOS", "V.35"])
      var request: [String: Any] = [
        "id": "r\(index)", "account": pick(Self.accounts),
        "region": chance(90) ? apRegion[ap] ?? "nowhere" : pick(Self.regions + ["nowhere"]),
        "accessPoint": chance(95) ? ap : "ap-unknown",
        "lineOperator": chance(95) ? pick(Self.operators) : "ChinaTel",
        "portSpec": chance(90)
          ? (PortType(rawValue: type)?.spec.rawValue ?? "10G") : pick(["1G", "10G", "25G"]),
        "portType": type, "priority": Int(random.next() % 3),
      ]
      if chance(40) {
        var targets = (0..<requestCount).map { "r\($0)" }
        targets += connections.compactMap { $0["id"] as? String }
        request["redundantConnection"] = chance(95) ? pick(targets) : "ghost"
      }
      if chance(3) { request.removeValue(forKey: pick(["account", "portType", "region"])) }
      requests.append(request)
    }
  }

  func files() throws -> (inventory: [UInt8], requests: [UInt8]) {
    let inventory = try JSONSerialization.data(withJSONObject: inventoryJSON)
    let batch = try JSONSerialization.data(withJSONObject: ["requests": requests])
    return ([UInt8](inventory), [UInt8](batch))
  }
}
