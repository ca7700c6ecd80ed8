import Foundation
import Testing

/// System errors met through the binary, each with its real cause: no such file, not a folder,
/// a link loop, a name too long, a folder, never "check its permissions" for all of them. (The
/// tests run as root, where EACCES cannot be provoked with chmod.)
@Suite struct SystemErrorMessageTests {
  static let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  static let requests = PatchbayRunner.fixture("datacenter/requests.json")

  /// A folder holding: `file` (a file), `folder` (a folder), `loop-a` and `loop-b` (links to
  /// each other).
  struct Place: ~Copyable {
    let folder: String

    init() throws {
      folder =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("patchbay-errno-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(
        atPath: folder + "/folder", withIntermediateDirectories: true)
      try "x".write(toFile: folder + "/file", atomically: false, encoding: .utf8)
      #expect(symlink("loop-b", folder + "/loop-a") == 0)
      #expect(symlink("loop-a", folder + "/loop-b") == 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
  }

  /// A path in the place, by kind: what goes wrong when it is used.
  static func path(_ kind: String, in folder: String) -> String {
    switch kind {
    case "missing": folder + "/none/x.json"
    case "notAFolder": folder + "/file/x.json"
    case "loop": folder + "/loop-a"
    case "tooLong": folder + "/" + String(repeating: "n", count: 300) + ".json"
    case "folder": folder + "/folder"
    default: folder
    }
  }

  static let sentences: [String: String] = [
    "missing": "no such file or folder; check the path",
    "notAFolder": "a part of the path is not a folder; check the path",
    "loop": "too many levels of symbolic links",
    "tooLong": "the name or the path is too long",
    "folder": "this is a folder (directory); give the path of a file",
  ]

  static let kinds = ["missing", "notAFolder", "loop", "tooLong", "folder"]

  @Test(arguments: kinds)
  func anInputSaysItsCause(kind: String) throws {
    let place = try Place()
    let input = Self.path(kind, in: place.folder)
    for arguments in [
      ["validate", "--inventory", input],
      ["validate", "--inventory", Self.inventory, "--requests", input],
      ["verify", "--inventory", Self.inventory, "--requests", Self.requests, "--plan", input],
    ] {
      let run = try PatchbayRunner.run(arguments)
      #expect(run.status == 66, "\(arguments): \(run.stderr)")
      #expect(
        run.stderr.hasPrefix("\(input): cannot read: \(Self.sentences[kind]!)"), "\(run.stderr)")
      #expect(!run.stderr.contains("permission"))
    }
  }

  /// Outputs: the folder part of the path is what fails, except for a link loop or a folder at
  /// the target itself.
  static let outputSentences: [String: String] = [
    "missing": "no such file or folder; check the path",
    "notAFolder": "a part of the path is not a folder; check the path",
    "loop": "too many levels of symbolic links",
    "tooLong": "the name or the path is too long",
    "folder": "is a folder; Patchbay replaces only regular files",
  ]

  @Test(arguments: kinds)
  func anOutputSaysItsCause(kind: String) throws {
    let place = try Place()
    let output = Self.path(kind, in: place.folder)
    for arguments in [
      ["allocate", "--inventory", Self.inventory, "--requests", Self.requests, "--output", output],
      [
        "apply", "--inventory", Self.inventory, "--plan",
        PatchbayRunner.fixture("plans/datacenter-hand-made.json"), "--output", output,
      ],
    ] {
      let run = try PatchbayRunner.run(arguments)
      #expect(run.status == 73, "\(arguments): \(run.stderr)")
      #expect(run.stderr.contains(Self.outputSentences[kind]!), "\(kind): \(run.stderr)")
      #expect(run.stderr.contains(output))
      #expect(!run.stderr.contains("permission"))
    }
  }

  @Test(arguments: [
    ("notAFolder", "cannot use this folder: a part of the path is not a folder"),
    ("file", "is not a folder"),
    ("tooLong", "the name or the path is too long"),
  ])
  func anExportModelFolderIsCheckedBeforeAnyWork(kind: String, says: String) throws {
    let place = try Place()
    let folder =
      switch kind {
      case "file": place.folder + "/file"
      case "notAFolder": place.folder + "/file/models"
      default: place.folder + "/" + String(repeating: "m", count: 300)
      }
    // The inputs do not exist: the folder is refused before they are even read.
    let run = try PatchbayRunner.run(
      "allocate", "--inventory", place.folder + "/none.json", "--requests",
      place.folder + "/none.json", "--export-model", folder)
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.contains("\(folder): "), "\(run.stderr)")
    #expect(run.stderr.contains(says), "\(run.stderr)")
    #expect(!run.stderr.contains("none.json"))
  }

  @Test func anExportModelIdNeverWritesOutsideTheFolder() throws {
    let place = try Place()
    let hostile = "../../escaped/ap"
    for name in ["inventory.json", "requests.json"] {
      let text = try String(
        contentsOfFile: PatchbayRunner.fixture("datacenter/" + name), encoding: .utf8)
      try text.replacingOccurrences(of: "ap-cn-beijing-ft-A", with: hostile)
        .write(toFile: place.folder + "/folder/" + name, atomically: false, encoding: .utf8)
    }
    let models = place.folder + "/folder/models"
    let run = try PatchbayRunner.run(
      "allocate", "--inventory", place.folder + "/folder/inventory.json", "--requests",
      place.folder + "/folder/requests.json", "--export-model", models)
    #expect(run.status == 0, "\(run.stderr)")
    let written = try FileManager.default.contentsOfDirectory(atPath: models)
    #expect(written.contains("%2E.%2F..%2Fescaped%2Fap.spread.lp"), "\(written)")
    #expect(!FileManager.default.fileExists(atPath: place.folder + "/escaped"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: place.folder + "/folder").sorted()
        == ["inventory.json", "models", "requests.json"])
  }
}

/// Inputs that never end, or are too large, are refused at 1 GiB; pipes read like files.
@Suite struct InputBoundTests {
  @Test func anEndlessInputIsRefusedNamingTheFileAndTheBound() throws {
    let started = Date()
    let run = try PatchbayRunner.run("validate", "--inventory", "/dev/zero")
    #expect(run.status == 66, "\(run.stderr)")
    #expect(run.stderr.hasPrefix("/dev/zero: the file is larger than the 1073741824 bytes"))
    #expect(Date().timeIntervalSince(started) < 120)
  }

  @Test func aPipeIsReadAsAFile() throws {
    let bytes = try Data(
      contentsOf: URL(fileURLWithPath: PatchbayRunner.fixture("datacenter/inventory.json")))
    let process = Process()
    process.executableURL = PatchbayRunner.executable
    process.arguments = ["validate", "--inventory", "/dev/stdin"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    try process.run()
    input.fileHandleForWriting.write(bytes)
    try input.fileHandleForWriting.close()
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(said.contains("ports"))
  }
}
