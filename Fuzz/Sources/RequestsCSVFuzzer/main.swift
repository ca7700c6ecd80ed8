import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// `RequestsDecoder.decode(_:file:format: .csv)` on any bytes: a batch or its ``InputError``.
/// A batch it accepts must survive the JSON encoder's round trip (CSV and JSON hold the same
/// fields) and validate against the shipped inventory, every request accepted or rejected once.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  guard
    let requests = decoding(
      file: "requests.csv",
      { file throws(InputError) in
        try RequestsDecoder.decode(bytes, file: file, format: .csv)
      })
  else { return 0 }
  checkRoundTrip(requests)
  checkValidation(requests, inventory: Fixtures.inventory)
  return 0
}
