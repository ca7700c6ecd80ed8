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
}
