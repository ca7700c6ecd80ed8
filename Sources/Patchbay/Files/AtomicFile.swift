/// Writes output files whole or not at all (FORMATS.md): the bytes go to a temporary file in the
/// same folder, flushed to the disk, which is then renamed over the target (``StagedFile``), so
/// a reader never sees half a plan, even after a crash or a power loss.
public enum AtomicFile {
  public static func write(_ bytes: [UInt8], toPath path: String) throws(OutputError) {
    try StagedFile(bytes, forPath: path).commit()
  }
}

/// An output file that cannot be written (exit code 73, "cannot create output").
public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}
