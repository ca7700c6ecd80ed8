import Foundation
import SystemPackage

/// Reads whole input files as bytes, within a bound, turning failures into ``InputError``s of
/// kind `.unreadable` that say the real cause (docs/FILES.md, "Reading").
enum FileReading {
  /// The most bytes an input file may have: 1 GiB, about three times the inventory of the
  /// `huge` preset (344 MB; its requests are 212 MB). A stream that goes on past it
  /// (`/dev/zero`) is refused instead of being read forever.
  package static let maximumBytes = JSONDocument.maximumBytes

  static func bytes(atPath path: String, maximum: Int = maximumBytes) throws(InputError) -> [UInt8]
  {
    func unreadable(_ message: String) -> InputError {
      InputError(kind: .unreadable, file: path, place: nil, message: message)
    }
    guard !path.isEmpty, !path.utf8.contains(0) else {
      throw unreadable("not a usable path (empty, or with a NUL byte); give the path of a file")
    }
    let descriptor: FileDescriptor
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
    } catch {
      throw unreadable("cannot read: \(Self.sentence(error, path: path))")
    }
    defer { try? descriptor.close() }
    let status: Stat
    do {
      status = try descriptor.stat()
    } catch {
      throw unreadable("cannot read: \(SystemErrorText.sentence(error))")
    }
    if status.type == .directory {
      throw unreadable("cannot read: \(SystemErrorText.sentence(.isDirectory))")
    }
    // A regular file's size is known before reading; a pipe, a device or a process
    // substitution says 0 and is read in chunks up to the same bound.
    let size = status.type == .regular ? max(0, Int(status.size)) : 0
    if size > maximum { throw unreadable(tooLarge(maximum)) }
    var failure: Errno?
    // Straight into an array sized from fstat: going through `Data` copied every byte once
    // more (34 MB for a large inventory).
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      while initialized < size {
        do {
          let count = try descriptor.read(
            into: UnsafeMutableRawBufferPointer(
              start: buffer.baseAddress! + initialized, count: size - initialized))
          if count == 0 { return }
          initialized += count
        } catch {
          failure = error as? Errno ?? .ioError
          return
        }
      }
    }
    // Whatever follows (a file that grew, or a stream): at most one byte past the bound, to
    // tell a file of exactly `maximum` bytes from a longer one.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while failure == nil {
      let room = min(chunk.count, maximum + 1 - bytes.count)
      let count: Int
      do {
        count = try chunk.withUnsafeMutableBytes {
          try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<room]))
        }
      } catch {
        failure = error as? Errno ?? .ioError
        break
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
      if bytes.count > maximum { throw unreadable(tooLarge(maximum)) }
    }
    throw unreadable(
      "reading failed part way: \(SystemErrorText.sentence(failure ?? .ioError))")
  }

  private static func tooLarge(_ maximum: Int) -> String {
    "the file is larger than the \(maximum) bytes an input may have (\(maximum >> 20) MiB); "
      + "check that this is the right file (an endless stream such as /dev/zero never ends)"
  }

  /// The cause of a failed open; a missing file also says where relative paths start.
  private static func sentence(_ error: Error, path: String) -> String {
    guard let errno = error as? Errno else { return "\(error)" }
    let sentence = SystemErrorText.sentence(errno)
    guard errno == .noSuchFileOrDirectory, !path.hasPrefix("/") else { return sentence }
    return sentence + " (relative paths start at \(FileManager.default.currentDirectoryPath))"
  }
}
