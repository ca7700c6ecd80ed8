import Foundation
import SystemPackage

/// An output file written to a temporary file beside its target but not yet in place. Writing
/// can then run while the content is still being checked; ``commit()`` renames it over the
/// target, whole, and ``discard()`` removes it, so the target never holds an unchecked file.
///
/// The rules (docs/FILES.md, "Writing"): the temporary file is created exclusively
/// (`O_CREAT|O_EXCL|O_NOFOLLOW`) at an unpredictable name, so nothing planted there can redirect
/// the write; it is flushed to the disk before the rename and the folder after it, so the file
/// is whole or absent even after a power loss; only a regular file is ever replaced, and it
/// keeps its mode (and its owner and group where the process may set them). A target that is a
/// symbolic link is followed: the file it points to is replaced and the link stays.
package struct StagedFile: Sendable {
  /// The target as the user named it.
  package let path: String
  /// The file that is replaced: `path` with its symbolic links followed.
  let target: String
  let temporary: String
  let folder: String

  /// Writes `bytes` to a new temporary file beside the target of `path`.
  package init(_ bytes: [UInt8], forPath path: String) throws(OutputError) {
    self.path = path
    target = try Self.resolve(path)
    let targetPath = FilePath(target)
    folder =
      targetPath.removingLastComponent().string.isEmpty
      ? "." : targetPath.removingLastComponent().string
    let existing = try Self.existingRegularFile(target, named: path)
    let (descriptor, temporary) = try Self.createTemporary(
      in: folder, for: targetPath.lastComponent?.string ?? "output", named: path)
    self.temporary = temporary
    do {
      try Self.fill(descriptor, with: bytes, keeping: existing)
      try descriptor.close()
    } catch {
      try? descriptor.close()
      _ = unlink(temporary)
      throw OutputError(file: path, message: "cannot write: \(Self.sentence(error))")
    }
  }

  /// Checks, before any long work, that `path` could be written: its links lead somewhere, what
  /// is there is a regular file or nothing, and a file can be made in its folder (one is made
  /// and removed). The same errors as writing it, found at the start.
  package static func check(_ path: String) throws(OutputError) {
    let target = try resolve(path)
    let targetPath = FilePath(target)
    let parent = targetPath.removingLastComponent().string
    _ = try existingRegularFile(target, named: path)
    let (descriptor, temporary) = try createTemporary(
      in: parent.isEmpty ? "." : parent, for: targetPath.lastComponent?.string ?? "output",
      named: path)
    try? descriptor.close()
    _ = unlink(temporary)
  }

  /// Puts the file in place of the target, then flushes the folder so the rename is on disk.
  package func commit() throws(OutputError) {
    // Checked again: something other than a regular file may have appeared since.
    do {
      _ = try Self.existingRegularFile(target, named: path)
    } catch {
      discard()
      throw error
    }
    guard rename(temporary, target) == 0 else {
      let reason = SystemErrorText.sentence(errno: errno)
      discard()
      throw OutputError(file: path, message: "cannot replace the file: \(reason)")
    }
    do {
      let directory = try FileDescriptor.open(
        FilePath(folder), .readOnly, options: [.directory, .closeOnExec])
      defer { try? directory.close() }
      // Some file systems cannot flush a folder (EINVAL): the rename is then as durable as
      // they make it.
      if fsync(directory.rawValue) != 0, errno != EINVAL {
        throw Errno(rawValue: errno)
      }
    } catch {
      throw OutputError(
        file: path,
        message: "was replaced, but its folder could not be flushed to the disk: "
          + Self.sentence(error))
    }
  }

  /// Removes the temporary file; the target is left as it was.
  package func discard() { _ = unlink(temporary) }

  /// The mode, owner and group of the regular file at `target`, `nil` when there is none;
  /// anything else there (a device, a FIFO, a socket, a folder) is refused by name.
  private static func existingRegularFile(
    _ target: String, named path: String
  ) throws(OutputError) -> Stat? {
    let status: Stat
    do {
      status = try Stat(FilePath(target), followTargetSymlink: false)
    } catch .noSuchFileOrDirectory {
      return nil
    } catch {
      throw OutputError(file: path, message: "cannot write: \(SystemErrorText.sentence(error))")
    }
    guard status.type != .regular else { return status }
    let kind =
      switch status.type {
      case .directory: "a folder"
      case .characterSpecial: "a character device"
      case .blockSpecial: "a block device"
      case .fifo: "a FIFO (named pipe)"
      case .socket: "a socket"
      default: "not a regular file"
      }
    throw OutputError(
      file: path,
      message: "is \(kind); Patchbay replaces only regular files, so nothing was written: give "
        + "the path of a file (standard output can be redirected instead when there is no "
        + "--output)")
  }

  /// `path` with every symbolic link at its end followed, as editors do when they save: the
  /// file the link points to is the one replaced. A missing final file is a new file.
  static func resolve(_ path: String) throws(OutputError) -> String {
    guard !path.isEmpty, !path.utf8.contains(0) else {
      throw OutputError(
        file: path, message: "not a usable path (empty, or with a NUL byte); give a file's path")
    }
    guard !path.hasSuffix("/") else {
      throw OutputError(
        file: path, message: "cannot write: \(SystemErrorText.sentence(.isDirectory))")
    }
    var current = FilePath(path)
    for _ in 0..<40 {
      let status: Stat
      do {
        status = try Stat(current, followTargetSymlink: false)
      } catch .noSuchFileOrDirectory {
        return current.string
      } catch {
        throw OutputError(file: path, message: "cannot write: \(SystemErrorText.sentence(error))")
      }
      guard status.type == .symbolicLink else { return current.string }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current.string, &buffer, buffer.count - 1)
      guard count >= 0 else {
        throw OutputError(
          file: path, message: "cannot write: \(SystemErrorText.sentence(errno: errno))")
      }
      let destination = FilePath(
        String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
      current =
        destination.isAbsolute
        ? destination : current.removingLastComponent().pushing(destination)
    }
    throw OutputError(
      file: path, message: "cannot write: \(SystemErrorText.sentence(.tooManySymbolicLinkLevels))")
  }

  /// A new file beside the target, created exclusively at a name nobody can guess.
  private static func createTemporary(
    in folder: String, for name: String, named path: String
  ) throws(OutputError) -> (FileDescriptor, String) {
    // A long name is cut so that the temporary name still fits in NAME_MAX.
    var stem = ""
    for character in name where stem.utf8.count + character.utf8.count <= 100 {
      stem.append(character)
    }
    var lastError = Errno.fileExists
    for _ in 0..<100 {
      let random = String(UInt64.random(in: .min ... .max), radix: 16)
      let temporary = FilePath(folder).appending(".\(stem).\(random).tmp").string
      do {
        let descriptor = try FileDescriptor.open(
          FilePath(temporary), .writeOnly,
          options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
          permissions: [.ownerReadWrite, .groupReadWrite, .otherReadWrite])
        return (descriptor, temporary)
      } catch let error as Errno {
        lastError = error
        if error != .fileExists { break }
      } catch {
        break
      }
    }
    throw OutputError(
      file: path,
      message: "cannot create a file in the folder \(folder): "
        + SystemErrorText.sentence(lastError))
  }

  /// Writes every byte, gives the file the replaced file's owner and mode, and flushes it.
  private static func fill(_ descriptor: FileDescriptor, with bytes: [UInt8], keeping: Stat?)
    throws
  {
    _ = try bytes.withUnsafeBytes { try descriptor.writeAll($0) }
    if let keeping {
      // Only root may give a file away; for anyone else the new file stays theirs.
      _ = fchown(descriptor.rawValue, keeping.userID.rawValue, keeping.groupID.rawValue)
      guard fchmod(descriptor.rawValue, keeping.mode.rawValue & 0o7777) == 0 else {
        throw Errno(rawValue: errno)
      }
    }
    guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
  }

  private static func sentence(_ error: Error) -> String {
    (error as? Errno).map(SystemErrorText.sentence) ?? "\(error)"
  }
}
