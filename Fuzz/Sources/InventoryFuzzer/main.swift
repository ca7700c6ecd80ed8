import FuzzSupport
import Patchbay

runLibFuzzer(testOneInput)

/// `InventoryDecoder.decode` on any bytes: an inventory or its ``InputError``. An inventory it
/// accepts (of at most ``checkedPorts`` ports) must survive the encoder's round trip, and the
/// shipped batch must validate against it.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = input(data, size)
  guard
    let inventory = decoding(
      file: "inventory.json",
      { file throws(InputError) in
        try InventoryDecoder.decode(bytes, file: file, maximumPorts: fuzzedPortBound)
      })
  else { return 0 }
  checkNoDuplicateMembers(bytes, file: "inventory.json")
  guard portCount(inventory) <= checkedPorts else { return 0 }
  checkRoundTrip(inventory)
  let validation = BatchValidator(inventory: inventory).validate(Fixtures.requests)
  guard validation.accepted.count + validation.rejections.count == Fixtures.requests.count else {
    finding("validation lost or added requests of the shipped batch")
  }
  return 0
}
