import Foundation

/// Runs the built `patchbay` executable, as a user's script would, and captures what it says.
struct PatchbayRunner {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The executable next to the test bundle in the build's products folder.
  static let executable: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
    return folder.appendingPathComponent("patchbay")
  }()

  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

  static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

  static func run(_ arguments: String...) throws -> Output { try run(arguments) }

  /// Runs with `environment` added to this process's (a variable set to "" is left out).
  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      var merged = ProcessInfo.processInfo.environment
      for (name, value) in environment { merged[name] = value.isEmpty ? nil : value }
      process.environment = merged
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large output cannot fill a pipe and stall the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
