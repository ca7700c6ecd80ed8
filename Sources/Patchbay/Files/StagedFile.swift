import Foundation

/// An output file written to a temporary file beside its target but not yet in place. Writing
/// can then run while the content is still being checked; ``commit()`` renames it over the
/// target, whole, and ``discard()`` removes it, so the target never holds an unchecked file.
public struct StagedFile: Sendable {
  public let path: String
  let temporary: String
  let folder: String

  /// Writes `bytes` to the temporary file for `path`.
  public init(_ bytes: [UInt8], forPath path: String) throws(OutputError) {
    let target = URL(fileURLWithPath: path)
    let folderURL = target.deletingLastPathComponent()
    self.path = path
    folder = folderURL.path
    temporary =
      folderURL.appendingPathComponent(
        ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
      ).path
    if let reason = Self.write(bytes, to: temporary) {
      unlink(temporary)
      throw OutputError(
        file: path,
        message: "cannot write here (\(reason)); check that the folder \(folder) exists and is "
          + "writable")
    }
  }

  /// Puts the file in place of the target.
  public func commit() throws(OutputError) {
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw OutputError(file: path, message: "cannot replace the file: \(reason)")
    }
  }

  /// Removes the temporary file; the target is left as it was.
  public func discard() { unlink(temporary) }

  /// Writes the whole of `bytes` straight from the array (no `Data` copy); the reason on
  /// failure.
  private static func write(_ bytes: [UInt8], to file: String) -> String? {
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    var failure: Int32 = 0
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Foundation.write(
          descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written >= 0 {
          offset += written
        } else if errno != EINTR {
          failure = errno
          return
        }
      }
    }
    if close(descriptor) != 0 && failure == 0 { failure = errno }
    return failure == 0 ? nil : String(cString: strerror(failure))
  }
}
