import Dispatch
import GLPK
import Synchronization
import Testing

/// GLPK keeps its environment per thread (Debian's build uses `_Thread_local`), so separate
/// problems on separate threads solve at the same time, and an error on one thread leaves the
/// others alone.
@Suite struct MIPProblemConcurrencyTests {
  static let instances = (0..<16).map { Knapsack.random(items: 14, seed: 100 + UInt64($0)) }
  static let optima = instances.map(\.bruteForceOptimum)

  @Test func concurrentPerformSolvesEachProblemCorrectly() throws {
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 64) { iteration in
      let index = iteration % Self.instances.count
      do {
        if iteration % 8 == 3 {
          // An error on this thread must not disturb any other thread's solve.
          do {
            try GLPKDiagnostics.triggerFatalError()
          } catch let error as GLPKError where error.kind == .glpkFatalError {}
        }
        var problem = try Self.instances[index].problem()
        let result = try problem.solve()
        if result.objective != Self.optima[index] {
          failures.withLock { $0.append("instance \(index): \(String(describing: result))") }
        }
      } catch {
        failures.withLock { $0.append("instance \(index): \(error)") }
      }
    }
    #expect(failures.withLock { $0 } == [])
  }

  @Test func taskGroupSolvesEachProblemCorrectly() async throws {
    let objectives = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
      for index in Self.instances.indices {
        group.addTask {
          // Build, solve and drop with no await in between: one thread throughout.
          var problem = try Self.instances[index].problem()
          return (index, try problem.solve().objective)
        }
      }
      var objectives = [Double?](repeating: nil, count: Self.instances.count)
      for try await (index, objective) in group { objectives[index] = objective }
      return objectives
    }
    #expect(objectives == Self.optima)
  }
}
