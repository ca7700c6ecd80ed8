import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failed system call said in words: its real cause from `errno` and what to do about it, one
/// sentence for every reading and writing the product does (docs/FILES.md, "Messages").
package enum SystemErrorText {
  /// The cause and the remedy, for a message such as `FILE: cannot read: <sentence>`.
  package static func sentence(_ error: Errno) -> String {
    switch error {
    case .noSuchFileOrDirectory:
      "no such file or folder; check the path"
    case .permissionDenied, .notPermitted:
      "permission denied; check the permissions of the file and of each folder on its path"
    case .notDirectory:
      "a part of the path is not a folder; check the path"
    case .tooManySymbolicLinkLevels:
      "too many levels of symbolic links (a link loop?); check the links on the path"
    case .fileNameTooLong:
      "the name or the path is too long; use a shorter one"
    case .isDirectory:
      "this is a folder (directory); give the path of a file"
    case .readOnlyFileSystem:
      "the file system is read-only; choose a place on a writable one"
    case .noSpace:
      "no space left on the device; free some space or choose another place"
    case .diskQuotaExceeded:
      "the disk quota is exceeded; free some space or choose another place"
    case .fileTooLarge:
      "the file is too large for this file system; choose another place"
    case .ioError:
      "input/output error (a failing disk or a lost network mount); check the device"
    case .badFileDescriptor:
      "the stream is closed or not open for this; run the command with it open"
    case .brokenPipe:
      "the reader at the other end of the pipe has gone (broken pipe)"
    case .noSuchAddressOrDevice:
      "no such device, or no reader at the other end; check the path"
    case .fileExists:
      "something is already there by that name; remove it or choose another name"
    case .resourceBusy, .textFileBusy:
      "the file is busy; try again when nothing else uses it"
    case .tooManyOpenFiles, .tooManyOpenFilesInSystem:
      "too many files are open; close some programs and try again"
    case .noMemory:
      "not enough memory; free some and try again"
    case .improperLink:
      "the file and its folder are on different file systems; choose another place"
    case .notSupported, .notSupportedOnSocket:
      "the file system does not support this; choose a place on another one"
    case .interrupted, .resourceTemporarilyUnavailable:
      "interrupted; try again"
    default:
      "\(String(cString: strerror(error.rawValue))) (errno \(error.rawValue))"
    }
  }

  /// The sentence for a raw `errno` value.
  package static func sentence(errno value: Int32) -> String { sentence(Errno(rawValue: value)) }
}
