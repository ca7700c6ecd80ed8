// Decodes a requests.json with Foundation's JSONDecoder, the way most Swift code would, to
// compare with Patchbay's reader (BENCHMARKS.md). Build and run:
//   swiftc -O scripts/jsondecoder-baseline.swift -o /tmp/jsondecoder-baseline
//   /tmp/jsondecoder-baseline /tmp/b1m.json
import Foundation

struct Request: Decodable {
  var id: String
  var account: String?
  var region: String?
  var accessPoint: String?
  var lineOperator: String?
  var portSpec: String?
  var portType: String?
  var redundantConnection: String?
  var priority: Int?
}

struct Batch: Decodable { var requests: [Request] }

guard CommandLine.arguments.count == 2,
  let data = FileManager.default.contents(atPath: CommandLine.arguments[1])
else {
  print("usage: jsondecoder-baseline REQUESTS.json")
  exit(64)
}
let clock = ContinuousClock()
let start = clock.now
do {
  let batch = try JSONDecoder().decode(Batch.self, from: data)
  print("JSONDecoder: \(batch.requests.count) requests in \(clock.now - start)")
} catch {
  print("JSONDecoder failed: \(error)")
  exit(65)
}
