import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// The whole of `patchbay allocate` on one input: an inventory, a NUL byte, and a batch (JSON
/// when it starts with `{` or `[`, CSV otherwise; no NUL is an empty batch). Both are decoded,
/// the batch validated and allocated with a short time limit, and the plan must keep every
/// guarantee the plan checker knows (FORMATS.md 1 to 3), list every request exactly once, and
/// survive the plan writer's round trip. A violation is a crash, so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
  let inventoryBytes = Array(bytes[..<split])
  let requestBytes = split < bytes.endIndex ? Array(bytes[(split + 1)...]) : []
  let start = requestBytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
  let format: RequestsDecoder.Format =
    start == UInt8(ascii: "{") || start == UInt8(ascii: "[")
    ? .json : .csv
  let requestFile = format == .json ? "requests.json" : "requests.csv"
  guard
    let inventory = decoding(
      file: "inventory.json",
      { file throws(InputError) in
        try InventoryDecoder.decode(
          inventoryBytes, file: file, maximumPorts: fuzzedPortBound)
      })
  else { return 0 }
  checkNoDuplicateMembers(inventoryBytes, file: "inventory.json")
  guard portCount(inventory) <= checkedPorts else { return 0 }
  let requests: [Request]
  if requestBytes.isEmpty {
    requests = []
  } else {
    guard
      let decoded = decoding(
        file: requestFile,
        { file throws(InputError) in
          try RequestsDecoder.decode(requestBytes, file: file, format: format)
        })
    else { return 0 }
    requests = decoded
    if format == .json { checkNoDuplicateMembers(requestBytes, file: requestFile) }
  }

  let options = AllocationOptions(threads: 1, timeLimit: .milliseconds(100))
  let plan = Allocator(inventory: inventory, options: options).allocate(requests).plan

  let violations = PlanChecker.check(plan, inventory: inventory, requests: requests)
  guard violations.isEmpty else {
    finding(
      "the allocator's plan breaks \(violations.count) guarantees, first: \(violations[0])")
  }
  let listed =
    plan.assignments.map(\.request) + plan.rejected.map(\.request) + plan.unplaced.map(\.request)
  guard listed.count == requests.count, Set(listed) == Set(requests.map(\.id)) else {
    finding("the plan lists \(listed.count) requests for a batch of \(requests.count)")
  }
  checkRoundTrip(plan)
  for rejection in plan.rejected {
    checkOneLine(rejection.message, what: "the rejection of \(rejection.request)")
  }
  for unplacement in plan.unplaced {
    checkOneLine(unplacement.message, what: "the reason \(unplacement.request) is unplaced")
  }
  return 0
}
