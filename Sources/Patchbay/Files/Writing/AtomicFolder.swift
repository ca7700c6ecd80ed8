import Foundation
import SystemPackage

/// Writes several files into a folder as one change (docs/FILES.md, "Files that go together"):
/// killed at any moment, the folder holds all the old files or all the new ones, never a new
/// inventory beside old requests.
///
/// The new files are written and flushed in a fresh sibling folder, made to look like the
/// target folder (its mode, its owner where the process may set it, and every other file in it,
/// hard-linked so nothing is copied), which then takes the target's place in one step: a
/// rename onto a missing folder, or an exchange of the two folders (Linux `renameat2` with
/// `RENAME_EXCHANGE`, macOS `renamex_np` with `RENAME_SWAP`). The old folder, now at the
/// sibling's name, is emptied and removed. Only regular files and symbolic links are carried
/// over: a folder that holds sub-folders (or FIFOs, sockets, devices) is refused before anything
/// is written. Where the file system cannot exchange folders (a mount point, an old kernel), each
/// file is replaced whole (``AtomicFile``), one after the other, and ``Outcome/oneByOne`` says so.
package enum AtomicFolder {
  package enum Outcome: Sendable, Equatable {
    /// The folder took the new files in one step.
    case swapped
    /// The exchange was not possible here; each file was replaced whole, one after the other.
    case oneByOne
  }

  /// Checks, before any long work, what ``write(_:toFolder:)`` checks before writing: the
  /// path leads to a folder or to nothing, and the folder holds nothing that cannot be carried
  /// over.
  package static func check(_ path: String, names: [String]) throws(OutputError) {
    let target = try StagedFile.resolve(
      path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path)
    let existing: Stat
    do {
      existing = try Stat(FilePath(target), followTargetSymlink: false)
    } catch .noSuchFileOrDirectory {
      return
    } catch {
      throw OutputError(file: path, message: "cannot use this folder: \(text(error))")
    }
    guard existing.type == .directory else {
      throw OutputError(
        file: path, message: "is not a folder; give the path of a folder (it is made if missing)")
    }
    if !isMountPoint(target, existing) {
      _ = try otherEntries(of: target, besides: Set(names), named: path)
    }
  }

  /// Puts `files` in the folder at `path` (made with its parents if missing) as one change;
  /// `path` may be a symbolic link to the folder, which stays a link.
  package static func write(
    _ files: [(name: String, bytes: [UInt8])], toFolder path: String
  ) throws(OutputError) -> Outcome {
    var target = try StagedFile.resolve(
      path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path)
    let existing: Stat?
    do {
      existing = try Stat(FilePath(target), followTargetSymlink: false)
    } catch .noSuchFileOrDirectory {
      existing = nil
    } catch {
      throw OutputError(file: path, message: "cannot use this folder: \(text(error))")
    }
    // An existing folder by its real, absolute name: `.` or `a/..` cannot be exchanged.
    if existing != nil, let real = realpath(target, nil) {
      target = String(cString: real)
      free(real)
    }
    let parent = FilePath(target).removingLastComponent().string
    let folderName = FilePath(target).lastComponent?.string ?? target
    if let existing, existing.type != .directory {
      throw OutputError(
        file: path, message: "is not a folder; give the path of a folder (it is made if missing)")
    }
    if let existing, isMountPoint(target, existing) {
      return try oneByOne(files, into: target, named: path)
    }
    var carried: [String] = []
    if existing != nil {
      carried = try otherEntries(of: target, besides: Set(files.map(\.name)), named: path)
    } else {
      try OutputFolder.makeFolders(parent.isEmpty ? "." : parent, named: path)
    }
    let staging = try makeStaging(
      in: parent.isEmpty ? "." : parent, for: folderName, named: path)
    do {
      try fill(staging, with: files, linking: carried, from: target, like: existing)
    } catch {
      removeFolder(staging, keeping: nil)
      throw OutputError(file: path, message: "cannot write: \(text(error))")
    }
    guard existing != nil else {
      guard rename(staging, target) == 0 else {
        let cause = Errno(rawValue: errno)
        removeFolder(staging, keeping: nil)
        throw OutputError(file: path, message: "cannot put the folder in place: \(text(cause))")
      }
      try flush(parent.isEmpty ? "." : parent, named: path)
      return .swapped
    }
    switch exchange(staging, target) {
    case nil:
      try flush(parent.isEmpty ? "." : parent, named: path)
      // `staging` now holds the old folder.
      removeFolder(staging, keeping: target, written: Set(files.map(\.name)))
      return .swapped
    case .some(let cause) where fallsBack(cause):
      removeFolder(staging, keeping: nil)
      return try oneByOne(files, into: target, named: path)
    case .some(let cause):
      removeFolder(staging, keeping: nil)
      throw OutputError(file: path, message: "cannot put the new files in place: \(text(cause))")
    }
  }

  /// Each file replaced whole on its own (``StagedFile``), where folders cannot be exchanged.
  private static func oneByOne(
    _ files: [(name: String, bytes: [UInt8])], into target: String, named path: String
  ) throws(OutputError) -> Outcome {
    for file in files {
      do {
        try AtomicFile.write(file.bytes, toPath: "\(target)/\(file.name)")
      } catch {
        throw OutputError(file: path, message: "\(file.name): \(error.message)")
      }
    }
    return .oneByOne
  }

  /// Whether `folder` is on another file system than its parent: it cannot be exchanged.
  private static func isMountPoint(_ folder: String, _ status: Stat) -> Bool {
    var parent = stat()
    guard stat(folder + "/..", &parent) == 0 else { return false }
    return parent.st_dev != status.deviceID.rawValue
  }

  /// The names in `folder` other than those written, all of them files or links to carry over.
  private static func otherEntries(
    of folder: String, besides written: Set<String>, named path: String
  ) throws(OutputError) -> [String] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw OutputError(file: path, message: "cannot list this folder: \(text(error))")
    }
    var carried: [String] = []
    for name in names.sorted() {
      let status: Stat
      do {
        status = try Stat(FilePath(folder).appending(name), followTargetSymlink: false)
      } catch {
        throw OutputError(file: path, message: "cannot read \(name) in it: \(text(error))")
      }
      if written.contains(name), status.type != .regular, status.type != .symbolicLink {
        throw OutputError(
          file: path,
          message: "holds \(name), which is not a regular file, so nothing was written: move it "
            + "elsewhere or give another folder")
      }
      if written.contains(name) { continue }
      guard status.type == .regular || status.type == .symbolicLink else {
        throw OutputError(
          file: path,
          message: "holds \(name), which is not a file; the new files replace the folder as a "
            + "whole, carrying over only files and links, so nothing was written: move \(name) "
            + "elsewhere or give another folder")
      }
      carried.append(name)
    }
    return carried
  }

  /// A new, empty sibling folder at a name nobody can guess.
  private static func makeStaging(
    in parent: String, for name: String, named path: String
  ) throws(OutputError) -> String {
    var stem = ""
    for character in name where stem.utf8.count + character.utf8.count <= 100 {
      stem.append(character)
    }
    var cause = Errno.fileExists
    for _ in 0..<100 {
      let random = String(UInt64.random(in: .min ... .max), radix: 16)
      let staging = FilePath(parent).appending(".\(stem).\(random).tmp").string
      if mkdir(staging, 0o700) == 0 { return staging }
      cause = Errno(rawValue: errno)
      if cause != .fileExists { break }
    }
    throw OutputError(
      file: path, message: "cannot make a folder in \(parent): \(text(cause))")
  }

  /// The new files, written and flushed; the carried-over ones linked; the folder's mode and
  /// owner copied; the folder flushed.
  private static func fill(
    _ staging: String, with files: [(name: String, bytes: [UInt8])], linking carried: [String],
    from target: String, like existing: Stat?
  ) throws {
    for file in files {
      let descriptor = try FileDescriptor.open(
        FilePath(staging).appending(file.name), .writeOnly,
        options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
        permissions: [.ownerReadWrite, .groupReadWrite, .otherReadWrite])
      try descriptor.closeAfter {
        _ = try file.bytes.withUnsafeBytes { try descriptor.writeAll($0) }
        guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
      }
    }
    for name in carried {
      let from = "\(target)/\(name)"
      let to = "\(staging)/\(name)"
      var status = stat()
      guard lstat(from, &status) == 0 else { throw Errno(rawValue: errno) }
      if status.st_mode & S_IFMT == S_IFLNK {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(from, &buffer, buffer.count - 1)
        guard count >= 0 else { throw Errno(rawValue: errno) }
        buffer[count] = 0
        guard symlink(buffer, to) == 0 else { throw Errno(rawValue: errno) }
      } else {
        guard link(from, to) == 0 else { throw Errno(rawValue: errno) }
      }
    }
    let mode: mode_t
    if let existing {
      // Only root may give a folder away; for anyone else the new folder stays theirs.
      _ = chown(staging, existing.userID.rawValue, existing.groupID.rawValue)
      mode = existing.mode.rawValue & 0o7777
    } else {
      let mask = umask(0)
      umask(mask)
      mode = 0o777 & ~mask
    }
    guard chmod(staging, mode) == 0 else { throw Errno(rawValue: errno) }
    let folder = try FileDescriptor.open(
      FilePath(staging), .readOnly, options: [.directory, .closeOnExec])
    try folder.closeAfter {
      guard fsync(folder.rawValue) == 0 || errno == EINVAL else { throw Errno(rawValue: errno) }
    }
  }

  /// Exchanges two folders in one step; the cause when it could not.
  private static func exchange(_ first: String, _ second: String) -> Errno? {
    #if os(Linux)
      typealias RenameAt2 =
        @convention(c) (
          Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
        ) -> Int32
      // glibc has had renameat2 since 2.28, but its header does not reach Swift.
      guard let symbol = dlsym(nil, "renameat2") else { return .noFunction }
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      let renameExchange: UInt32 = 1 << 1
      return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        ? nil : Errno(rawValue: errno)
    #elseif canImport(Darwin)
      return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 ? nil : Errno(rawValue: errno)
    #else
      return .noFunction
    #endif
  }

  /// Causes that mean "this file system or kernel cannot exchange these folders", not a fault.
  private static func fallsBack(_ cause: Errno) -> Bool {
    [.invalidArgument, .noFunction, .notSupported, .resourceBusy, .improperLink].contains(cause)
  }

  /// Flushes a folder so the renames in it are on the disk.
  private static func flush(_ folder: String, named path: String) throws(OutputError) {
    do {
      let descriptor = try FileDescriptor.open(
        FilePath(folder), .readOnly, options: [.directory, .closeOnExec])
      defer { try? descriptor.close() }
      if fsync(descriptor.rawValue) != 0, errno != EINVAL { throw Errno(rawValue: errno) }
    } catch {
      throw OutputError(
        file: path,
        message: "was written, but could not be flushed to the disk: \(text(error))")
    }
  }

  /// Empties and removes `folder`. With `keeping` (the folder now in use), an entry is removed
  /// only when it is one of the `written` files replaced, or the same file (or a copied link)
  /// is in `keeping`; anything else (a file made in the old folder while the new one was
  /// built) is moved across, or the old folder is left with it rather than lose it.
  private static func removeFolder(
    _ folder: String, keeping: String?, written: Set<String> = []
  ) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var kept = false
    for name in names {
      let entry = "\(folder)/\(name)"
      if let keeping {
        var old = stat()
        var new = stat()
        let inKept = lstat("\(keeping)/\(name)", &new) == 0
        if lstat(entry, &old) == 0, inKept,
          old.st_mode & S_IFMT == S_IFLNK || (old.st_ino == new.st_ino && old.st_dev == new.st_dev)
            || (written.contains(name) && old.st_mode & S_IFMT == S_IFREG)
        {
          _ = unlink(entry)
        } else if !inKept, rename(entry, "\(keeping)/\(name)") == 0 {
          continue
        } else {
          kept = true
        }
      } else {
        _ = unlink(entry)
      }
    }
    if !kept { _ = rmdir(folder) }
  }

  private static func text(_ error: Error) -> String {
    if let errno = error as? Errno { return SystemErrorText.sentence(errno) }
    if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
      return SystemErrorText.sentence(errno: underlying.code.rawValue)
    }
    return "\(error)"
  }
}
