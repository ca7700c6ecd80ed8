import Foundation
import Testing

@testable import Patchbay

/// The one function that says a system error in words: each cause its own sentence and remedy,
/// never one catch-all "check its permissions".
@Suite struct SystemErrorTextTests {
  static let cases: [(errno: Int32, says: String)] = [
    (ENOENT, "no such file or folder; check the path"),
    (EACCES, "permission denied; check the permissions"),
    (EPERM, "permission denied; check the permissions"),
    (ENOTDIR, "a part of the path is not a folder"),
    (ELOOP, "too many levels of symbolic links"),
    (ENAMETOOLONG, "the name or the path is too long"),
    (EISDIR, "this is a folder (directory); give the path of a file"),
    (EROFS, "the file system is read-only"),
    (ENOSPC, "no space left on the device"),
    (EDQUOT, "the disk quota is exceeded"),
    (EFBIG, "the file is too large for this file system"),
    (EIO, "input/output error"),
    (EBADF, "the stream is closed"),
    (EPIPE, "broken pipe"),
    (ENXIO, "no such device, or no reader"),
    (EEXIST, "something is already there by that name"),
    (EBUSY, "the file is busy"),
    (EMFILE, "too many files are open"),
    (ENOMEM, "not enough memory"),
    (EXDEV, "different file systems"),
  ]

  @Test(arguments: cases)
  func eachCauseHasItsOwnSentence(errno: Int32, says: String) {
    let sentence = SystemErrorText.sentence(errno: errno)
    #expect(sentence.contains(says), "errno \(errno): \(sentence)")
    // Every sentence says what to do or what happened, after a cause, in one line.
    #expect(!sentence.contains("\n"))
  }

  @Test func noTwoCausesShareASentence() {
    let distinct = Self.cases.filter { $0.errno != EPERM }
    let sentences = Set(distinct.map { SystemErrorText.sentence(errno: $0.errno) })
    #expect(sentences.count == distinct.count)
  }

  @Test func anUnlistedCauseSaysTheSystemsWordsAndTheNumber() {
    let sentence = SystemErrorText.sentence(errno: ECHILD)
    #expect(sentence.contains("(errno \(ECHILD))"))
    #expect(sentence.contains(String(cString: strerror(ECHILD))))
  }
}
