import Foundation
import GLPK
import Testing

@Suite struct MIPProblemFileTests {
  private func temporaryPath(_ suffix: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("glpk-test-\(UUID().uuidString).\(suffix)").path
  }

  @Test func lpFileNamesRowsAndColumns() throws {
    let problem = try Knapsack.classic.problem()
    let path = temporaryPath("lp")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try problem.write(lpTo: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("Maximize"))
    #expect(text.contains("capacity:"))
    for item in 0..<4 { #expect(text.contains("take_\(item)")) }
    #expect(text.contains("Binary") || text.contains("Generals"))
  }

  @Test func mpsFileNamesRowsAndColumns() throws {
    let problem = try Knapsack.classic.problem()
    let path = temporaryPath("mps")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try problem.write(mpsTo: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("NAME knapsack"))
    #expect(text.contains("ROWS"))
    #expect(text.contains("capacity"))
    for item in 0..<4 { #expect(text.contains("take_\(item)")) }
  }

  @Test func unwritablePathThrowsWithGLPKsMessage() throws {
    let problem = try Knapsack.classic.problem()
    let generation = GLPKDiagnostics.environmentGeneration
    let error = try #require(throws: GLPKError.self) {
      try problem.write(lpTo: "/nonexistent-glpk-dir/x.lp")
    }
    #expect(error.kind == .fileWriteFailed)
    #expect(error.message.hasPrefix("Unable to create '/nonexistent-glpk-dir/x.lp'"))
    // Not a fatal error: the environment and the problem survive.
    #expect(GLPKDiagnostics.environmentGeneration == generation)
    var same = problem
    #expect(try same.solve().objective == 21)
  }
}
