import Foundation

/// Reads whole files as bytes, turning failures into ``InputError``s of kind `.unreadable`.
enum FileReading {
  static func bytes(atPath path: String) throws(InputError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "no such file; check the path (relative paths start at \(currentDirectory))")
    }
    guard !isDirectory.boolValue else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "this is a directory; give the path of a file")
    }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "the file cannot be read; check its permissions")
    }
    defer { close(descriptor) }
    // Straight into an array sized from fstat: going through `Data` copied every byte once
    // more (34 MB for a large inventory). Whatever follows (a file that grew, or a pipe, whose
    // size is 0) is read in chunks.
    var status = stat()
    let size = fstat(descriptor, &status) == 0 ? max(0, Int(status.st_size)) : 0
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      while initialized < size {
        let count = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
        if count > 0 {
          initialized += count
        } else if count == 0 || errno != EINTR {
          if count < 0 { failure = errno }
          return
        }
      }
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while failure == 0 {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        bytes.append(contentsOf: chunk[..<count])
      } else if count == 0 {
        return bytes
      } else if errno != EINTR {
        failure = errno
      }
    }
    throw InputError(
      kind: .unreadable, file: path, place: nil,
      message: "reading failed part way: \(String(cString: strerror(failure)))")
  }

  private static var currentDirectory: String { FileManager.default.currentDirectoryPath }
}
