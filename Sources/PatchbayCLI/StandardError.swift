import Foundation
@_spi(Tooling) import Patchbay
import SystemPackage

/// The one writer of the command line's standard output and standard error
/// (docs/FILES.md, "Standard output and standard error"): every byte goes through
/// `FileDescriptor.writeAll`, so a full disk, a closed descriptor or a reader that has gone is an
/// error to report, never a crash.
enum StandardStreams {
  /// Run once before anything else: a broken pipe becomes the error EPIPE instead of killing the
  /// process with SIGPIPE, and a standard descriptor that was closed (`>&-`) is held by
  /// `/dev/null` opened read-only, so writing to it still fails (EBADF) and no file opened later
  /// (an output, the database) can take its number and receive what was meant for the stream.
  static func prepare() {
    signal(SIGPIPE, SIG_IGN)
    for number in Int32(0)...2 where fcntl(number, F_GETFD) == -1 && errno == EBADF {
      // The lowest free number is taken first: usually `number` itself.
      guard let opened = try? FileDescriptor.open("/dev/null", .readOnly) else { continue }
      if opened.rawValue != number {
        _ = try? opened.duplicate(as: FileDescriptor(rawValue: number))
        try? opened.close()
      }
    }
  }

  /// Writes every byte, or says why not.
  fileprivate static func write(
    _ bytes: some Sequence<UInt8>, to descriptor: FileDescriptor
  ) -> Errno? {
    do {
      _ = try descriptor.writeAll(bytes)
      return nil
    } catch {
      return error as? Errno ?? .ioError
    }
  }
}

/// Writing to standard error, where summaries, progress and errors go (standard output may be
/// carrying a plan). A failed write is dropped: there is nowhere left to report it, and the exit
/// status already tells how the command ended.
enum StandardError {
  static func write(_ text: String) {
    let line = text.hasSuffix("\n") ? text : text + "\n"
    _ = StandardStreams.write(line.utf8, to: .standardError)
  }

  /// Whether a person is watching: progress lines only make sense on a terminal.
  static var isTerminal: Bool { isatty(2) != 0 }

  /// A progress line that the next one overwrites; silent unless standard error is a terminal.
  static func progress(_ text: String) {
    guard isTerminal else { return }
    _ = StandardStreams.write(("\r\u{1B}[K" + text).utf8, to: .standardError)
  }

  /// Clears the progress line.
  static func endProgress() {
    guard isTerminal else { return }
    _ = StandardStreams.write("\r\u{1B}[K".utf8, to: .standardError)
  }
}

/// Standard output, written in one piece; a failure is an ``OutputError`` (exit code 73).
enum StandardOutput {
  static func write(_ text: String) throws(OutputError) {
    try write(Array(text.utf8))
  }

  static func write(_ bytes: [UInt8]) throws(OutputError) {
    if let error = StandardStreams.write(bytes, to: .standardOutput) {
      throw OutputError(
        file: "standard output", message: "cannot write: \(SystemErrorText.sentence(error))")
    }
  }
}
