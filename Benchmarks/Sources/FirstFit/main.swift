// patchbay-first-fit: the baseline allocator (FirstFitBaseline). Reads an inventory and a batch,
// validates the batch with Patchbay's BatchValidator, places it by plain first fit in batch
// order, and writes a plan.json that `patchbay verify` checks like any other. Its time goes to
// standard error.
//
//   patchbay-first-fit --inventory INV --requests REQ [--output PLAN]
//
// Exit codes as `patchbay allocate`: 0 done, 64 usage, 65 invalid input, 66 unreadable input,
// 73 the output cannot be written.

import FirstFitBaseline
@_spi(Tooling) import Patchbay

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let usage = "usage: patchbay-first-fit --inventory INV --requests REQ [--output PLAN]"

/// Writes all of `bytes` to a file descriptor (1: standard output, 2: standard error).
func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
  var written = 0
  while written < bytes.count {
    let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if result < 0 && errno == EINTR { continue }
    guard result > 0 else { return false }
    written += result
  }
  return true
}

func printError(_ message: String) { _ = writeAll(Array((message + "\n").utf8), to: 2) }

func fail(_ message: String, status: Int32) -> Never {
  printError(message)
  exit(status)
}

func parse(_ arguments: [String]) -> (inventory: String, requests: String, output: String?) {
  var values: [String: String] = [:]
  var rest = arguments[...]
  while let option = rest.popFirst() {
    if option == "--help" || option == "-h" {
      print(usage)
      exit(0)
    }
    guard ["--inventory", "--requests", "--output"].contains(option) else {
      fail("patchbay-first-fit: unknown argument \(option)\n\(usage)", status: 64)
    }
    guard let value = rest.popFirst() else {
      fail("patchbay-first-fit: \(option) needs a value\n\(usage)", status: 64)
    }
    values[option] = value
  }
  guard let inventory = values["--inventory"], let requests = values["--requests"] else {
    fail("patchbay-first-fit: --inventory and --requests are required\n\(usage)", status: 64)
  }
  return (inventory, requests, values["--output"])
}

/// Runs `work`, adds its duration to `phases` under `name`.
func measure<T, E: Error>(
  _ name: String, _ phases: inout [(String, Duration)], _ work: () throws(E) -> T
) throws(E) -> T {
  let start = ContinuousClock.now
  let result = try work()
  phases.append((name, ContinuousClock.now - start))
  return result
}

func seconds(_ duration: Duration) -> String {
  let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  let hundredths = Int((value * 100).rounded())
  return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
}

let arguments = parse(Array(CommandLine.arguments.dropFirst()))
var phases: [(String, Duration)] = []
let started = ContinuousClock.now
let inventory: Inventory
let requests: [Request]
do {
  inventory = try measure("read inventory", &phases) { () throws(InputError) in
    try InventoryDecoder.read(path: arguments.inventory)
  }
  requests = try measure("read requests", &phases) { () throws(InputError) in
    try RequestsDecoder.read(path: arguments.requests)
  }
} catch {
  fail(error.description, status: error.kind == .unreadable ? 66 : 65)
}
let validation = measure("validate", &phases) {
  BatchValidator(inventory: inventory).validate(requests)
}
let plan = measure("place", &phases) { FirstFit.plan(inventory: inventory, validation: validation) }
let bytes = measure("encode", &phases) { plan.jsonBytes }
do {
  try measure("write", &phases) { () throws(OutputError) in
    if let output = arguments.output {
      try AtomicFile.write(bytes, toPath: output)
    } else if !writeAll(bytes, to: 1) {
      throw OutputError(file: "standard output", message: "cannot be written")
    }
  }
} catch {
  fail("patchbay-first-fit: \(error)", status: 73)
}
let total = ContinuousClock.now - started
let summary = plan.summary
let breakdown = phases.map { "\($0.0) \(seconds($0.1))" }.joined(separator: ", ")
printError(
  "patchbay-first-fit: \(summary.requests) requests: \(summary.placed) placed, "
    + "\(summary.rejected) rejected, \(summary.unplaced) unplaced; \(seconds(total)) "
    + "(\(breakdown))")
