#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the command's own small files (the token file, the port-type map) whole, with the
/// system's reason when it cannot. The contents never appear in an error: a token file's bytes
/// are a secret.
enum SmallFile {
  /// The bytes of `path`, at most `maximum` of them.
  static func bytes(_ path: String, what: String, maximum: Int) throws(NetBoxError) -> [UInt8] {
    func failure(_ reason: String) -> NetBoxError {
      NetBoxError(.unreadableFile, "\(what) \(path): cannot read: \(reason)")
    }
    guard !path.isEmpty, !path.utf8.contains(0) else {
      throw failure("not a usable path (empty, or with a NUL byte); give the path of a file")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(reason(errno)) }
    defer { close(descriptor) }
    var status = stat()
    if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
      throw failure("it is a folder; give the path of a file")
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(reason(errno))
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > maximum {
        throw failure("it is larger than \(maximum) bytes; is it the right file?")
      }
    }
    return bytes
  }

  private static func reason(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    switch code {
    case ENOENT: return "\(text.lowercased()); check the path"
    case EACCES: return "\(text.lowercased()); check the file's permissions"
    default: return text.lowercased()
    }
  }
}
