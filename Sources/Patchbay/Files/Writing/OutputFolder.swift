import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder that outputs go into (`allocate --export-model DIR`), made and tried before any
/// work whose results it is to receive, so that a folder that cannot be written is an error at
/// the start rather than a quiet loss at the end.
package enum OutputFolder {
  /// Makes `path` and its missing parents, then creates and removes a file in it.
  package static func prepare(_ path: String) throws(OutputError) {
    guard !path.isEmpty, !path.utf8.contains(0) else {
      throw OutputError(
        file: path, message: "not a usable path (empty, or with a NUL byte); give a folder's path")
    }
    try makeFolders(path, named: path)
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw OutputError(
        file: path, message: "cannot use this folder: \(SystemErrorText.sentence(errno: errno))")
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw OutputError(
        file: path, message: "is not a folder; give the path of a folder (it is made if missing)")
    }
    let probe = FilePath(path).appending(".patchbay-\(UInt64.random(in: .min ... .max)).tmp")
    do {
      let descriptor = try FileDescriptor.open(
        probe, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
        permissions: .ownerReadWrite)
      try? descriptor.close()
      _ = unlink(probe.string)
    } catch {
      throw OutputError(
        file: path,
        message: "cannot write in this folder: "
          + SystemErrorText.sentence(error as? Errno ?? .ioError))
    }
  }

  /// `mkdir -p`, saying which folder could not be made and why.
  static func makeFolders(_ folder: String, named path: String) throws(OutputError) {
    var missing: [String] = []
    var current = FilePath(folder)
    while !current.isEmpty, current.string != "/" {
      var status = stat()
      if lstat(current.string, &status) == 0 || errno != ENOENT { break }
      missing.append(current.string)
      current = current.removingLastComponent()
    }
    for folder in missing.reversed() where mkdir(folder, 0o777) != 0 && errno != EEXIST {
      throw OutputError(
        file: path,
        message: "cannot make the folder \(folder): \(SystemErrorText.sentence(errno: errno))")
    }
  }
}
