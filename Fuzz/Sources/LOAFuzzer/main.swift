import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// `LOADecoder.decode` (the Letter of Authorization of `patchbay interface apply-loa`) on any
/// bytes: an LOA, an ``InputError`` for a file that is not a JSON object, or
/// a ``LifecycleError`` of kind `invalidLOA` listing at least one problem. Any other error is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  do {
    let loa = try LOADecoder.decode(bytes, file: "loa.json")
    checkNoDuplicateMembers(bytes, file: "loa.json")
    guard (1...LetterOfAuthorization.maxFieldEngineers).contains(loa.fieldEngineers.count) else {
      finding("an LOA was accepted with \(loa.fieldEngineers.count) field engineers")
    }
  } catch let error as InputError {
    checkRefusal(error, file: "loa.json")
  } catch let error as LifecycleError where error.kind == .invalidLOA {
    guard !error.problems.isEmpty else { finding("an invalid LOA lists no problem") }
    for problem in error.problems {
      checkOneLine(problem.description, what: "a problem with loa.json")
    }
  } catch {
    finding("the LOA decoder threw something else than its input errors: \(error)")
  }
  return 0
}
