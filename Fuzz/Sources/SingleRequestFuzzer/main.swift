import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// `RequestsDecoder.decodeSingle` (the request of `patchbay interface apply`) on any bytes: a
/// request or its ``InputError``. A request it accepts must survive the encoder's round trip and
/// validate against the shipped inventory.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  guard
    let request = decoding(
      file: "request.json",
      { file throws(InputError) in
        try RequestsDecoder.decodeSingle(bytes, file: file)
      })
  else { return 0 }
  checkNoDuplicateMembers(bytes, file: "request.json")
  checkRoundTrip([request])
  checkValidation([request], inventory: Fixtures.inventory)
  return 0
}
