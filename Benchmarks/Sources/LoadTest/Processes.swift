import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Child processes and their CPU time. `posix_spawn` and `waitpid` rather than Foundation's
/// `Process` (whose `waitUntilExit()` was seen never to return in the benchmarks), with the
/// outputs in files so that no pipe fills while nobody reads it.
enum Processes {
  /// Starts `program` with its standard output and error appended to files; its process id.
  static func spawn(
    _ program: String, _ arguments: [String], output: String, error: String
  ) throws(LoadError) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw LoadError("cannot run \(program): \(String(cString: strerror(spawned)))")
    }
    return pid
  }

  /// Runs a program to its end; its standard output, or an error with its standard error.
  static func run(_ program: String, _ arguments: [String], what: String, in folder: String)
    throws(LoadError) -> String
  {
    let output = folder + "/command-\(UUID().uuidString).out"
    let errors = output.replacingOccurrences(of: ".out", with: ".err")
    defer {
      try? FileManager.default.removeItem(atPath: output)
      try? FileManager.default.removeItem(atPath: errors)
    }
    let pid = try spawn(program, arguments, output: output, error: errors)
    let status = wait(pid)
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    guard status == 0 else {
      let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
      throw LoadError(
        "\(what) failed (\(status < 0 ? "signal \(-status)" : "exit \(status)")): "
          + message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return text
  }

  /// Waits for a child to end: its exit status, or minus the signal that ended it.
  @discardableResult
  static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return decode(status)
  }

  /// The exit status of a child that has ended, `nil` while it runs.
  static func ended(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    return result == pid ? decode(status) : nil
  }

  /// WIFEXITED, WEXITSTATUS and WTERMSIG, which Swift does not import.
  private static func decode(_ status: Int32) -> Int32 {
    status & 0x7f == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
  }

  /// Sends SIGTERM and waits up to `seconds` for the child to end (then SIGKILL); its status.
  @discardableResult
  static func terminate(_ pid: pid_t, seconds: Double = 30) async -> Int32 {
    if let status = ended(pid) { return status }
    kill(pid, SIGTERM)
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
      if let status = ended(pid) { return status }
      try? await Task.sleep(for: .milliseconds(20))
    }
    kill(pid, SIGKILL)
    return wait(pid)
  }

  /// Seconds of CPU (user and system) that process `pid` has used, `nil` when it is gone.
  static func cpuSeconds(_ pid: pid_t) -> Double? {
    guard let fields = stat(pid), fields.count > 14,
      let user = Double(fields[13]), let system = Double(fields[14])
    else { return nil }
    return (user + system) / ticksPerSecond
  }

  /// CPU seconds of `pid` and of every process whose parent it is (PostgreSQL's postmaster
  /// and its backends). A backend that ended takes its time with it, so measure across spans
  /// in which the connections stay open.
  static func cpuSecondsWithChildren(_ pid: pid_t) -> Double? {
    guard let own = cpuSeconds(pid) else { return nil }
    var total = own
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
      guard let child = pid_t(entry), let fields = stat(child), fields.count > 14,
        pid_t(fields[3]) == pid, let user = Double(fields[13]), let system = Double(fields[14])
      else { continue }
      total += (user + system) / ticksPerSecond
    }
    return total
  }

  /// /proc/PID/stat's fields, the command (which may hold spaces) as one field.
  private static func stat(_ pid: pid_t) -> [String]? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
    else { return nil }
    let head = text[..<open].trimmingCharacters(in: .whitespaces)
    let command = String(text[text.index(after: open)..<close])
    let tail = text[text.index(after: close)...].split(separator: " ").map(String.init)
    return [head, command] + tail
  }

  private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Why the load test stopped, said so that the reader knows what to change.
struct LoadError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
