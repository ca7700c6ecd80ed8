import Patchbay

/// Reading the input files the same way in every command: a progress line while reading, the
/// time in the summary, and the library's errors passed up for `ExitStatus` to report.
extension PhaseTimer {
  mutating func readInventory(_ path: String) throws -> Inventory {
    StandardError.progress("reading \(path)")
    return try measure("read inventory") { try InventoryDecoder.read(path: path) }
  }

  mutating func readRequests(_ path: String) throws -> [Request] {
    StandardError.progress("reading \(path)")
    return try measure("read requests") { try RequestsDecoder.read(path: path) }
  }

  /// Reads the inventory and the batch at the same time, one on each core. When both files are
  /// bad, the inventory's error is the one reported, as when reading one after the other.
  /// The batch comes with the index of its ids, made on the requests' core while the other
  /// still reads the inventory, for validation to use.
  mutating func readBoth(inventory: String, requests: String) throws -> (Inventory, RequestBatch) {
    StandardError.progress("reading \(inventory) and \(requests)")
    return try measure("read inventory and requests") {
      let (inventoryResult, requestsResult) = bothAtOnce(
        { Result { () throws(InputError) in try InventoryDecoder.read(path: inventory) } },
        { Result { () throws(InputError) in try RequestsDecoder.readBatch(path: requests) } })
      return (try inventoryResult.get(), try requestsResult.get())
    }
  }
}
