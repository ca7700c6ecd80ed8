import Foundation

/// Writing to standard error, where summaries, progress and errors go (standard output may be
/// carrying a plan).
enum StandardError {
  static func write(_ text: String) {
    let line = text.hasSuffix("\n") ? text : text + "\n"
    FileHandle.standardError.write(Data(line.utf8))
  }

  /// Whether a person is watching: progress lines only make sense on a terminal.
  static var isTerminal: Bool { isatty(2) != 0 }

  /// A progress line that the next one overwrites; silent unless standard error is a terminal.
  static func progress(_ text: String) {
    guard isTerminal else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
  }

  /// Clears the progress line.
  static func endProgress() {
    guard isTerminal else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}

/// Standard output, written in one piece.
enum StandardOutput {
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func write(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
  }
}
