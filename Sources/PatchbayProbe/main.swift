import Patchbay
import PatchbaySynthetic

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The provisioning path as the instruction-count gate measures it (scripts/instructions.py,
// BENCHMARKS.md "The instruction-count gate"): the `medium` synthetic data centre (seed 1) built
// in memory, loaded into a `LiveInventory`, then N valid single requests placed one by one. Only
// `placeEach` is counted (callgrind's --toggle-collect), so building the data centre is not.

let usage = """
  usage: patchbay-probe place [--places N]
         patchbay-probe decode-loa [--count N] [--rounds R]

  Builds the medium synthetic data centre (seed 1) in memory, places one valid single request,
  then N more (default 1000, 1 to 5000) one by one with LiveInventory.place, in placeEach (what
  callgrind counts); prints what it placed. Every request must be placed: one that is not is an
  error (exit 1).

  decode-loa decodes N LOAs in the store's shape (default 100000, 1 to 1000000) with
  LOADecoder, R times (default 5, 1 to 100), in decodeEach (what callgrind counts); prints the
  best round's CPU time per LOA.
  """

/// The number of places asked for on the command line, or a message saying what is wrong.
func parsePlaces(_ arguments: [String]) -> Result<Int, ProbeError> {
  guard arguments.first == "place" else {
    return .failure(
      ProbeError(
        arguments.isEmpty
          ? "no command given"
          : "unknown command '\(arguments[0])'; use place or decode-loa"))
  }
  var places = 1000
  var rest = arguments.dropFirst()
  while let option = rest.popFirst() {
    guard option == "--places" else {
      return .failure(ProbeError("unknown option '\(option)'; the only one is --places N"))
    }
    guard let value = rest.popFirst() else {
      return .failure(ProbeError("--places needs a number (1 to 5000)"))
    }
    guard let number = Int(value), (1...5000).contains(number) else {
      return .failure(ProbeError("--places must be a whole number from 1 to 5000, not '\(value)'"))
    }
    places = number
  }
  return .success(places)
}

/// A command line the probe cannot run, in words for its user.
struct ProbeError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// `count` valid single requests of the centre's batch, each under an id of its own: valid on
/// their own (no partner request in the same batch), as the provisioning benchmark draws them.
func singleRequests(of centre: SyntheticDataCentre, count: Int) -> [Request] {
  let valid = BatchValidator(inventory: centre.inventory).validate(centre.requests).accepted
    .filter { if case .request = $0.partner { false } else { true } }
    .map { centre.requests[$0.batchIndex] }
  return (0..<min(count, valid.count)).map { index in
    var request = valid[index]
    request.id = RequestID("probe-\(index)")
    return request
  }
}

/// The measured part: every request placed in turn. Never inlined, so that callgrind can count
/// this function and what it calls, and nothing else.
@inline(never)
func placeEach(_ requests: [Request], on live: inout LiveInventory) -> [Request] {
  var missed: [Request] = []
  for request in requests {
    if case .placed = live.place(request) { continue }
    missed.append(request)
  }
  return missed
}

/// Says what went wrong on standard error and exits with `status`.
func fail(_ message: String, status: Int32 = 1) -> Never {
  let line = Array("patchbay-probe: \(message)\n".utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(status)
}

if CommandLine.arguments.dropFirst().first == "decode-loa" {
  var (count, rounds) = (100_000, 5)
  var rest = CommandLine.arguments.dropFirst(2)
  while let option = rest.popFirst() {
    let limits = ["--count": 1...1_000_000, "--rounds": 1...100]
    guard let range = limits[option] else {
      fail("unknown option '\(option)'; decode-loa takes --count N and --rounds R", status: 2)
    }
    guard let value = rest.popFirst().flatMap({ Int($0) }), range.contains(value) else {
      fail(
        "\(option) needs a whole number from \(range.lowerBound) to \(range.upperBound)", status: 2)
    }
    if option == "--count" { count = value } else { rounds = value }
  }
  do {
    try runDecodeLOA(count: count, rounds: rounds)
  } catch {
    fail("a stored LOA was refused: \(error)")
  }
  exit(0)
}

let places: Int
switch parsePlaces(Array(CommandLine.arguments.dropFirst())) {
case .success(let value): places = value
case .failure(let error):
  fail("\(error.message)\n\n\(usage)", status: 2)
}

let centre = SyntheticDataCentre(settings: .preset(.medium), seed: 1)
// One more than asked for: the first is placed before the count starts, so that the one-off
// growth of the inventory's connection array (a copy of every connection) is not spread over
// the measured places.
var requests = singleRequests(of: centre, count: places + 1)
guard requests.count == places + 1 else {
  fail(
    "the medium batch has only \(requests.count) valid single requests; ask for fewer with "
      + "--places")
}
var live = LiveInventory(centre.inventory)
guard case .placed = live.place(requests.removeFirst()) else {
  fail("the first request (placed before the count starts) was not placed")
}
let missed = placeEach(requests, on: &live)
guard missed.isEmpty else {
  fail(
    "\(missed.count) of \(places) requests were not placed (first: \(missed[0].id)); the "
      + "probe measures placements only")
}
print("patchbay-probe: placed \(places) requests on medium, one by one")
