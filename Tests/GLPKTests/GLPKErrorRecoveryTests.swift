import Foundation
import GLPK
import Testing

/// GLPK aborts the process on a fatal error; the shim must turn that into a thrown error, with
/// GLPK's message, and keep the thread able to solve. Every test here is synchronous, so it runs
/// on one thread from start to end, as GLPK's per-thread environment requires.
@Suite struct GLPKErrorRecoveryTests {
  @Test func fatalErrorIsThrownWithGLPKsMessage() throws {
    let before = GLPKDiagnostics.environmentGeneration
    let error = try #require(throws: GLPKError.self) { try GLPKDiagnostics.triggerFatalError() }
    #expect(error.kind == .glpkFatalError)
    #expect(error.message.contains("glp_set_col_bnds"))
    #expect(error.message.contains("out of range"))
    #expect(GLPKDiagnostics.environmentGeneration == before + 1)
    #expect(error.description.contains("glp_set_col_bnds"))
  }

  @Test func theNextSolveOnTheSameThreadWorks() throws {
    for _ in 0..<3 {
      #expect(throws: GLPKError.self) { try GLPKDiagnostics.triggerFatalError() }
      var problem = try Knapsack.classic.problem()
      let result = try problem.solve()
      #expect(result.status == .optimal)
      #expect(result.objective == 21)
    }
  }

  @Test func aProblemFromBeforeTheErrorIsInvalidatedNotCrashed() throws {
    var old = try Knapsack.classic.problem()
    #expect(throws: GLPKError.self) { try GLPKDiagnostics.triggerFatalError() }
    let solve = try #require(throws: GLPKError.self) { try old.solve() }
    #expect(solve.kind == .invalidatedProblem)
    let add = try #require(throws: GLPKError.self) { try old.addColumn() }
    #expect(add.kind == .invalidatedProblem)
    let write = try #require(throws: GLPKError.self) { try old.write(lpTo: "/tmp/never.lp") }
    #expect(write.kind == .invalidatedProblem)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/never.lp"))
    // A new problem works next to it, and `old` is dropped at the end without touching GLPK.
    var fresh = try Knapsack.classic.problem()
    #expect(try fresh.solve().objective == 21)
  }

  @Test func glpkPrintsNothing() throws {
    let output = try capturingStandardOutput {
      #expect(throws: GLPKError.self) { try GLPKDiagnostics.triggerFatalError() }
      var problem = try Knapsack.random(items: 30, seed: 1).problem()
      _ = try problem.solve()
      _ = try problem.solveLPRelaxation()
      try? problem.write(lpTo: "/nonexistent-glpk-dir/x.lp")
    }
    for marker in ["glp_", "GLPK", "Error detected", "Writing problem", "Unable to create"] {
      #expect(!output.contains(marker))
    }
  }

  @Test func aProblemUsedOnAnotherThreadThrowsWrongThread() throws {
    final class Box: @unchecked Sendable {
      var problem: MIPProblem?
      var error: GLPKError?
    }
    let box = Box()
    box.problem = try Knapsack.classic.problem()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      do {
        _ = try box.problem?.solve()
      } catch let error as GLPKError {
        box.error = error
      } catch {}
      done.signal()
    }
    thread.start()
    done.wait()
    #expect(box.error?.kind == .wrongThread)
    // Still fine on its own thread.
    #expect(try box.problem?.solve().objective == 21)
    box.problem = nil
  }
}

/// Runs `body` with file descriptor 1 redirected to a temporary file and returns what was
/// written there.
func capturingStandardOutput(_ body: () throws -> Void) throws -> String {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("glpk-stdout-\(UUID().uuidString)").path
  defer { try? FileManager.default.removeItem(atPath: path) }
  let file = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
  guard file >= 0 else { throw CocoaError(.fileWriteUnknown) }
  fflush(nil)
  let saved = dup(1)
  dup2(file, 1)
  close(file)
  defer {
    fflush(nil)
    dup2(saved, 1)
    close(saved)
  }
  try body()
  fflush(nil)
  return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
