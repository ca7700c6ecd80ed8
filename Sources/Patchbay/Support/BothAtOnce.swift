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
