/// Writes output files whole or not at all (FORMATS.md): the bytes go to a temporary file in the
/// same folder, flushed to the disk, which is then renamed over the target (``StagedFile``), so
/// a reader never sees half a plan, even after a crash or a power loss. SPI for the project's
/// own tools (the command line, the first-fit baseline), not a service's API.
@_spi(Tooling) public enum AtomicFile: Sendable {
  /// Writes `bytes` to `path`, whole or not at all.
  public static func write(_ bytes: [UInt8], toPath path: String) throws(OutputError) {
    try StagedFile(bytes, forPath: path).commit()
  }
}

/// An output file that cannot be written (exit code 73, "cannot create output").
@_spi(Tooling) public struct OutputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The output as the user named it (a path, or "standard output").
  public var file: String
  /// What went wrong, with the system's cause, and what to do.
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}
