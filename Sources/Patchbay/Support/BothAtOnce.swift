import Dispatch
import Synchronization

/// Runs two independent pieces of work at the same time, one on the calling thread and one on
/// another, and returns both results. The command line uses it too (reading two files,
/// checking a plan while encoding it).
package func bothAtOnce<A: Sendable, B: Sendable>(
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

/// Runs `first` on this thread and `second` on a thread of its own at the same time, and
/// returns both results. Not the dispatch pool (``bothAtOnce``): reading the inventory runs
/// inside `bothAtOnce` already (the command line reads both files at once), and the pool
/// would run a nested pair one after the other; a queue of its own always gets a thread.
func alongside<A: Sendable, B: Sendable>(
  _ first: () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
  let result = Mutex<B?>(nil)
  let group = DispatchGroup()
  DispatchQueue(label: "patchbay.alongside").async(group: group) {
    let value = second()
    result.withLock { $0 = value }
  }
  let a = first()
  group.wait()
  return (a, result.withLock { $0 }!)
}
