import Foundation
import Testing

/// `--output` of every writer: only a regular file is replaced, whole, keeping its mode (and
/// owner as root); anything else at the target is refused with 73 and left as it was
/// (docs/FILES.md, "Writing an output file"). Never tried on /dev/full: as root, the old writer
/// replaced the device itself.
@Suite struct OutputFileTests {
  static let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  static let requests = PatchbayRunner.fixture("datacenter/requests.json")
  static let plan = PatchbayRunner.fixture("plans/datacenter-hand-made.json")

  enum Writer: String, CaseIterable, Sendable { case allocate, apply, stateExport }

  /// A folder of its own, with a database for `state export`.
  struct Workspace: ~Copyable {
    let folder: String
    let db: String

    init() throws {
      folder =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("patchbay-output-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      db = folder + "/provisioning.db"
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ name: String) -> String { "\(folder)/\(name)" }

    func run(_ writer: Writer, output: String) throws -> PatchbayRunner.Output {
      switch writer {
      case .allocate:
        return try PatchbayRunner.run(
          "allocate", "--inventory", OutputFileTests.inventory, "--requests",
          OutputFileTests.requests, "--output", output)
      case .apply:
        return try PatchbayRunner.run(
          "apply", "--inventory", OutputFileTests.inventory, "--plan", OutputFileTests.plan,
          "--output", output)
      case .stateExport:
        if !FileManager.default.fileExists(atPath: db) {
          let made = try PatchbayRunner.run(
            "state", "init", "--db", db, "--inventory", OutputFileTests.inventory)
          #expect(made.status == 0, "\(made.stderr)")
        }
        return try PatchbayRunner.run("state", "export", "--db", db, "--output", output)
      }
    }

    var names: [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0 != "provisioning.db" && !$0.hasPrefix("provisioning.db-") }.sorted()
    }
  }

  enum Special: String, CaseIterable, Sendable { case fifo, socket, folder }

  static let refusals: [(Writer, Special)] = Writer.allCases.flatMap { writer in
    Special.allCases.map { (writer, $0) }
  }

  @Test(arguments: refusals)
  func onlyARegularFileIsReplaced(writer: Writer, kind: Special) throws {
    let workspace = try Workspace()
    let target = workspace.path("target")
    switch kind {
    case .fifo: #expect(mkfifo(target, 0o644) == 0)
    case .socket: try bindSocket(at: target)
    case .folder:
      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
    }
    var before = stat()
    #expect(lstat(target, &before) == 0)
    let run = try workspace.run(writer, output: target)
    #expect(run.status == 73, "\(writer) \(kind): \(run.stderr)")
    let said = ["fifo": "is a FIFO", "socket": "is a socket", "folder": "is a folder"]
    #expect(run.stderr.contains("\(target): \(said[kind.rawValue]!)"), "\(run.stderr)")
    var after = stat()
    #expect(lstat(target, &after) == 0)
    #expect(after.st_mode == before.st_mode && after.st_ino == before.st_ino)
    #expect(workspace.names == ["target"], "no temporary file is left")
  }

  @Test(arguments: Writer.allCases)
  func aReplacedFileKeepsItsModeAndOwnerAndNothingIsLeft(writer: Writer) throws {
    let workspace = try Workspace()
    let target = workspace.path("out.json")
    try "old".write(toFile: target, atomically: false, encoding: .utf8)
    #expect(chmod(target, 0o604) == 0)
    let root = geteuid() == 0
    if root { #expect(chown(target, 4242, 2424) == 0) }
    let run = try workspace.run(writer, output: target)
    #expect(run.status == 0, "\(writer): \(run.stderr)")
    var status = stat()
    #expect(stat(target, &status) == 0)
    #expect(status.st_mode & 0o7777 == 0o604)
    if root { #expect(status.st_uid == 4242 && status.st_gid == 2424) }
    #expect(try String(contentsOfFile: target, encoding: .utf8) != "old")
    #expect(workspace.names == ["out.json"])
  }

  @Test(arguments: Writer.allCases)
  func aSymbolicLinkIsFollowed(writer: Writer) throws {
    let workspace = try Workspace()
    try "old".write(toFile: workspace.path("real.json"), atomically: false, encoding: .utf8)
    #expect(symlink("real.json", workspace.path("link.json")) == 0)
    let run = try workspace.run(writer, output: workspace.path("link.json"))
    #expect(run.status == 0, "\(writer): \(run.stderr)")
    var status = stat()
    #expect(lstat(workspace.path("link.json"), &status) == 0)
    #expect(status.st_mode & S_IFMT == S_IFLNK)
    #expect(try String(contentsOfFile: workspace.path("real.json"), encoding: .utf8) != "old")
    #expect(workspace.names == ["link.json", "real.json"])
  }

  /// A target that cannot be written is refused before any work: here the inputs do not even
  /// exist, and are never reached.
  @Test(arguments: Special.allCases)
  func allocateChecksItsOutputBeforeReading(kind: Special) throws {
    let workspace = try Workspace()
    let target = workspace.path("target")
    switch kind {
    case .fifo: #expect(mkfifo(target, 0o644) == 0)
    case .socket: try bindSocket(at: target)
    case .folder:
      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
    }
    let run = try PatchbayRunner.run(
      "allocate", "--inventory", workspace.path("none.json"), "--requests",
      workspace.path("none.json"), "--output", target)
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.hasPrefix("\(target): is "), "\(run.stderr)")
    #expect(!run.stderr.contains("none.json"))
    #expect(workspace.names == ["target"])
  }

  @Test func generateRefusesAFolderWithASubFolderAndLeavesItAsItWas() throws {
    let workspace = try Workspace()
    let centre = workspace.path("centre")
    let first = try PatchbayRunner.run("generate", "--output", centre)
    try #require(first.status == 0, "\(first.stderr)")
    let before = try GenerateCrashTests.Pair(centre)
    try FileManager.default.createDirectory(
      atPath: centre + "/keep", withIntermediateDirectories: false)
    let second = try PatchbayRunner.run("generate", "--seed", "2", "--output", centre)
    #expect(second.status == 73)
    #expect(second.stderr.contains("\(centre): holds keep, which is not a file"))
    #expect(try GenerateCrashTests.Pair(centre) == before)
    #expect(workspace.names == ["centre"])
  }

  @Test func generateRefusesAFIFOAsItsFolder() throws {
    let workspace = try Workspace()
    let target = workspace.path("fifo")
    #expect(mkfifo(target, 0o644) == 0)
    let run = try PatchbayRunner.run("generate", "--output", target)
    #expect(run.status == 73)
    #expect(run.stderr.contains("\(target): is not a folder"))
    var status = stat()
    #expect(lstat(target, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
  }
}

/// A Unix socket bound at `path`, left in place when the descriptor closes.
func bindSocket(at path: String) throws {
  let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(descriptor) }
  var address = sockaddr_un()
  address.sun_family = sa_family_t(AF_UNIX)
  let bytes = Array(path.utf8)
  try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
  withUnsafeMutableBytes(of: &address.sun_path) { buffer in
    for (index, byte) in bytes.enumerated() { buffer[index] = byte }
  }
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
    }
  }
  try #require(bound == 0, "bind \(path): \(errno)")
}
