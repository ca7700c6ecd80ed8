import Dispatch
import Patchbay
import Synchronization

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
  mutating func readBoth(inventory: String, requests: String) throws -> (Inventory, [Request]) {
    StandardError.progress("reading \(inventory) and \(requests)")
    return try measure("read inventory and requests") {
      let read = Mutex<(Result<Inventory, InputError>?, Result<[Request], InputError>?)>(
        (nil, nil))
      DispatchQueue.concurrentPerform(iterations: 2) { file in
        if file == 0 {
          let result = Result { () throws(InputError) in try InventoryDecoder.read(path: inventory)
          }
          read.withLock { $0.0 = result }
        } else {
          let result = Result { () throws(InputError) in try RequestsDecoder.read(path: requests) }
          read.withLock { $0.1 = result }
        }
      }
      let (inventoryResult, requestsResult) = read.withLock { $0 }
      return (try inventoryResult!.get(), try requestsResult!.get())
    }
  }
}

/// Two independent pieces of work, one on each core.
func inParallel<A: Sendable, B: Sendable>(
  _ first: @Sendable () -> A, _ second: @Sendable () -> B
) -> (A, B) {
  let results = Mutex<(A?, B?)>((nil, nil))
  DispatchQueue.concurrentPerform(iterations: 2) { index in
    if index == 0 {
      let value = first()
      results.withLock { $0.0 = value }
    } else {
      let value = second()
      results.withLock { $0.1 = value }
    }
  }
  let (a, b) = results.withLock { $0 }
  return (a!, b!)
}
