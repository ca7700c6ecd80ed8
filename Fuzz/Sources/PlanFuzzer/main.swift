import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// `PlanDecoder.decode` (the plan `patchbay verify` and `apply` read) on any bytes: a plan or its
/// ``InputError``. A plan it accepts must survive the writer's round trip, and the plan checker
/// must judge it against the shipped data centre without crashing, whatever the plan claims.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  guard
    let plan = decoding(
      file: "plan.json",
      { file throws(InputError) in
        try PlanDecoder.decode(bytes, file: file)
      })
  else { return 0 }
  checkNoDuplicateMembers(bytes, file: "plan.json")
  checkRoundTrip(plan)
  for violation in PlanChecker.check(
    plan, inventory: Fixtures.inventory, requests: Fixtures.requests)
  {
    checkOneLine(violation.description, what: "a violation of plan.json")
  }
  return 0
}
