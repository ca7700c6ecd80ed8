import Foundation
import Testing

@_spi(Tooling) @testable import Patchbay

/// A temporary folder for one test, removed at the end.
struct ScratchFolder: ~Copyable {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-files-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { "\(path)/\(name)" }

  func write(_ name: String, _ text: String) throws -> String {
    try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    return file(name)
  }

  func read(_ name: String) -> String? { try? String(contentsOfFile: file(name), encoding: .utf8) }

  /// Every name in the folder, hidden ones included.
  var names: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  /// A Unix socket bound at `name`.
  func socket(_ name: String) throws {
    let descriptor = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(file(name).utf8)
    try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in bytes.enumerated() { buffer[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    try #require(bound == 0)
  }
}

func fileMode(_ path: String) -> mode_t? {
  var status = stat()
  return lstat(path, &status) == 0 ? status.st_mode : nil
}

/// `--output FILE`: whole or not at all, exclusive temporary files, regular files only, the mode
/// and owner kept, symbolic links followed (docs/FILES.md, "Writing an output file").
@Suite struct StagedFileTests {
  @Test func aNewFileIsWrittenAndNothingElseIsLeft() throws {
    let folder = try ScratchFolder()
    try AtomicFile.write(Array("new".utf8), toPath: folder.file("plan.json"))
    #expect(folder.read("plan.json") == "new")
    #expect(folder.names == ["plan.json"])
  }

  @Test func aReplacedFileKeepsItsModeAndOwner() throws {
    let folder = try ScratchFolder()
    let path = try folder.write("plan.json", "old")
    #expect(chmod(path, 0o640) == 0)
    let root = geteuid() == 0
    if root { #expect(chown(path, 1234, 4321) == 0) }
    try AtomicFile.write(Array("new".utf8), toPath: path)
    #expect(folder.read("plan.json") == "new")
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & 0o7777 == 0o640)
    if root {
      #expect(status.st_uid == 1234 && status.st_gid == 4321)
    }
  }

  @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
    let folder = try ScratchFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("real"), withIntermediateDirectories: true)
    _ = try folder.write("real/plan.json", "old")
    #expect(symlink("real/plan.json", folder.file("link.json")) == 0)
    try AtomicFile.write(Array("new".utf8), toPath: folder.file("link.json"))
    #expect(fileMode(folder.file("link.json")).map { $0 & S_IFMT } == S_IFLNK)
    #expect(folder.read("real/plan.json") == "new")
    #expect(folder.names == ["link.json", "real"])
    // A link to nothing makes the file it names.
    #expect(symlink("real/new.json", folder.file("dangling.json")) == 0)
    try AtomicFile.write(Array("made".utf8), toPath: folder.file("dangling.json"))
    #expect(folder.read("real/new.json") == "made")
  }

  @Test func aLinkLoopIsSaidToBeOne() throws {
    let folder = try ScratchFolder()
    #expect(symlink("b", folder.file("a")) == 0)
    #expect(symlink("a", folder.file("b")) == 0)
    let error = #expect(throws: OutputError.self) {
      try AtomicFile.write([1], toPath: folder.file("a"))
    }
    #expect(error?.message.contains("symbolic links") == true)
  }

  enum Special: String, CaseIterable { case fifo, socket, folder }

  @Test(arguments: Special.allCases)
  func onlyARegularFileIsReplaced(kind: Special) throws {
    let folder = try ScratchFolder()
    let path = folder.file("target")
    switch kind {
    case .fifo: #expect(mkfifo(path, 0o644) == 0)
    case .socket: try folder.socket("target")
    case .folder:
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }
    let before = fileMode(path)
    let error = #expect(throws: OutputError.self) {
      try AtomicFile.write(Array("x".utf8), toPath: path)
    }
    let said = ["fifo": "FIFO", "socket": "socket", "folder": "folder"][kind.rawValue]!
    #expect(error?.message.contains(said) == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("only regular files") == true)
    #expect(fileMode(path) == before)
    #expect(folder.names == ["target"])
  }

  @Test func aPlantedLinkAtTheOldTemporaryNameRedirectsNothing() throws {
    let folder = try ScratchFolder()
    let victim = try folder.write("victim", "keep")
    // The name the old writer used: `.NAME.PID.tmp`.
    let planted = folder.file(".plan.json.\(getpid()).tmp")
    #expect(symlink(victim, planted) == 0)
    try AtomicFile.write(Array("plan".utf8), toPath: folder.file("plan.json"))
    #expect(folder.read("victim") == "keep")
    #expect(folder.read("plan.json") == "plan")
  }

  @Test func aDiscardedFileLeavesTheTargetAsItWas() throws {
    let folder = try ScratchFolder()
    let path = try folder.write("plan.json", "old")
    let staged = try StagedFile(Array("new".utf8), forPath: path)
    #expect(folder.names.count == 2)
    staged.discard()
    #expect(folder.read("plan.json") == "old")
    #expect(folder.names == ["plan.json"])
  }

  @Test func aMissingFolderIsSaidToBeMissing() throws {
    let folder = try ScratchFolder()
    let error = #expect(throws: OutputError.self) {
      try AtomicFile.write([1], toPath: folder.file("none/plan.json"))
    }
    #expect(error?.message.contains("no such file or folder") == true)
    #expect(error?.message.contains("permission") == false)
  }
}

/// `generate --output DIR`: the pair replaced together, other files kept (docs/FILES.md,
/// "Files that go together").
@Suite struct AtomicFolderTests {
  static let pair: [(name: String, bytes: [UInt8])] = [
    ("inventory.json", Array("inventory 2".utf8)), ("requests.json", Array("requests 2".utf8)),
  ]

  @Test func aMissingFolderIsMadeWithItsParents() throws {
    let folder = try ScratchFolder()
    let outcome = try AtomicFolder.write(Self.pair, toFolder: folder.file("a/b/out"))
    #expect(outcome == .swapped)
    #expect(folder.read("a/b/out/inventory.json") == "inventory 2")
    #expect(folder.read("a/b/out/requests.json") == "requests 2")
    #expect(folder.names == ["a"])
  }

  @Test func otherFilesAndLinksAreKeptAndTheFolderKeepsItsMode() throws {
    let folder = try ScratchFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("out"), withIntermediateDirectories: false)
    _ = try folder.write("out/inventory.json", "inventory 1")
    _ = try folder.write("out/requests.json", "requests 1")
    let notes = try folder.write("out/notes.txt", "mine")
    #expect(symlink("notes.txt", folder.file("out/link")) == 0)
    #expect(chmod(folder.file("out"), 0o750) == 0)
    var before = stat()
    #expect(stat(notes, &before) == 0)

    #expect(try AtomicFolder.write(Self.pair, toFolder: folder.file("out")) == .swapped)
    #expect(folder.read("out/inventory.json") == "inventory 2")
    #expect(folder.read("out/requests.json") == "requests 2")
    #expect(folder.read("out/notes.txt") == "mine")
    var after = stat()
    #expect(stat(notes, &after) == 0)
    #expect(after.st_ino == before.st_ino, "the kept file is the same file, not a copy")
    #expect(fileMode(folder.file("out/link")).map { $0 & S_IFMT } == S_IFLNK)
    #expect(fileMode(folder.file("out")).map { $0 & 0o7777 } == 0o750)
    // The old folder is gone: nothing beside `out`.
    #expect(folder.names == ["out"])
  }

  @Test func aFolderReachedThroughALinkKeepsTheLink() throws {
    let folder = try ScratchFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("real"), withIntermediateDirectories: false)
    #expect(symlink("real", folder.file("link")) == 0)
    _ = try AtomicFolder.write(Self.pair, toFolder: folder.file("link"))
    #expect(fileMode(folder.file("link")).map { $0 & S_IFMT } == S_IFLNK)
    #expect(folder.read("real/inventory.json") == "inventory 2")
    #expect(folder.names == ["link", "real"])
  }

  @Test func aSubFolderIsRefusedBeforeAnythingIsWritten() throws {
    let folder = try ScratchFolder()
    try FileManager.default.createDirectory(
      atPath: folder.file("out/keep"), withIntermediateDirectories: true)
    _ = try folder.write("out/inventory.json", "inventory 1")
    let error = #expect(throws: OutputError.self) {
      try AtomicFolder.write(Self.pair, toFolder: folder.file("out"))
    }
    #expect(error?.message.contains("keep") == true)
    #expect(folder.read("out/inventory.json") == "inventory 1")
    #expect(folder.names == ["out"])
  }

  @Test func aFileIsNotAFolder() throws {
    let folder = try ScratchFolder()
    _ = try folder.write("file", "x")
    let error = #expect(throws: OutputError.self) {
      try AtomicFolder.write(Self.pair, toFolder: folder.file("file"))
    }
    #expect(error?.message.contains("is not a folder") == true)
    #expect(folder.read("file") == "x")
  }
}

/// Inputs within a bound, whatever they are: files, pipes, devices (docs/FILES.md, "Reading").
@Suite struct FileReadingBoundTests {
  @Test func aFileOfExactlyTheBoundIsReadAndOneByteMoreIsRefused() throws {
    let folder = try ScratchFolder()
    let exact = try folder.write("exact", String(repeating: "x", count: 100))
    #expect(try FileReading.bytes(atPath: exact, maximum: 100).count == 100)
    let error = #expect(throws: InputError.self) {
      try FileReading.bytes(atPath: exact, maximum: 99)
    }
    #expect(error?.kind == .unreadable)
    #expect(error?.description.contains("99 bytes") == true)
  }

  @Test func anEndlessStreamIsRefusedAtTheBound() throws {
    let error = #expect(throws: InputError.self) {
      try FileReading.bytes(atPath: "/dev/zero", maximum: 1 << 20)
    }
    #expect(error?.kind == .unreadable)
    #expect(error?.description.contains("/dev/zero") == true)
  }

  @Test func aPipeIsReadWithinTheBound() throws {
    let pipe = Pipe()
    let text = Data(String(repeating: "y", count: 200_000).utf8)
    let writer = Thread {
      pipe.fileHandleForWriting.write(text)
      try? pipe.fileHandleForWriting.close()
    }
    writer.start()
    let path = "/proc/self/fd/\(pipe.fileHandleForReading.fileDescriptor)"
    #expect(try FileReading.bytes(atPath: path, maximum: 300_000).count == 200_000)
  }

  @Test(arguments: [
    ("none.json", "no such file or folder"),
    ("file/inside", "a part of the path is not a folder"),
    ("", "not a usable path"),
    ("folder", "this is a folder"),
  ])
  func eachFailureSaysItsCause(name: String, says: String) throws {
    let folder = try ScratchFolder()
    _ = try folder.write("file", "x")
    try FileManager.default.createDirectory(
      atPath: folder.file("folder"), withIntermediateDirectories: false)
    let path = name.isEmpty ? "" : folder.file(name)
    let error = #expect(throws: InputError.self) { try FileReading.bytes(atPath: path) }
    #expect(error?.kind == .unreadable)
    #expect(error?.description.contains(says) == true, "\(error?.description ?? "")")
  }
}
