import Foundation

/// Runs a program to its end within a time limit and captures what it says: the PostgreSQL test
/// support's only way to the outside (the cluster script, psql).
///
/// Output goes to temporary files, not pipes, so that a child that keeps a descriptor open (a
/// server a script started) can never keep the caller waiting for an end of file.
package enum BoundedCommand {
  package struct Output: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String
  }

  /// Runs `executable` with `arguments` and standard input from /dev/null; the environment is
  /// this process's with `environment` laid over it. Throws when the program cannot start or
  /// has not ended after `timeout` (it is then terminated); a nonzero exit is returned.
  package static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:],
    timeout: Duration
  ) async throws -> Output {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-command-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer {
      try? out.close()
      try? err.close()
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    let commandLine = ([executable] + arguments).joined(separator: " ")
    do {
      try process.run()
    } catch {
      throw BoundedCommandError(description: "could not run \(commandLine): \(error)")
    }

    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning {
      process.terminate()
      let grace = ContinuousClock.now.advanced(by: .seconds(5))
      while process.isRunning && ContinuousClock.now < grace {
        try? await Task.sleep(for: .milliseconds(20))
      }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
      throw BoundedCommandError(
        description: "\(commandLine) did not end within \(timeout) and was stopped"
          + (stderr.isEmpty
            ? "" : "; it said: \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))"))
    }
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus,
      stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
  }
}

/// A program that could not be run, or did not end in time.
package struct BoundedCommandError: Error, CustomStringConvertible {
  package var description: String
}
