import Foundation
import Testing

/// A small tmpfs mounted for one test (root only; the tests skip where mounting is not allowed):
/// a real full disk, and a real mount point, without touching a device of the machine.
final class TinyDisk {
  let path: String

  init?(size: String = "256k", readOnly: Bool = false) {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-disk-\(UUID().uuidString)").path
    guard
      (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true))
        != nil
    else { return nil }
    let options = "size=\(size)" + (readOnly ? ",ro" : "")
    guard Self.system("/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", path) else {
      rmdir(path)
      return nil
    }
  }

  deinit {
    _ = Self.system("/bin/umount", path)
    rmdir(path)
  }

  /// Fills the disk: a file grows until the system says there is no space left.
  func fill() {
    let descriptor = open(path + "/filler", O_WRONLY | O_CREAT, 0o644)
    defer { close(descriptor) }
    let block = [UInt8](repeating: 0, count: 4096)
    while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
  }

  var names: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  static let available: Bool = geteuid() == 0 && TinyDisk() != nil

  private static func system(_ tool: String, _ arguments: String...) -> Bool {
    guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}

/// A full disk for every kind of output: the old file stays whole, nothing is left behind, the
/// cause is said, and the exit status is 73 (docs/FILES.md).
@Suite(.enabled(if: TinyDisk.available, "needs root and tmpfs mounts"))
struct DiskFullTests {
  static let inventory = PatchbayRunner.fixture("datacenter/inventory.json")
  static let requests = PatchbayRunner.fixture("datacenter/requests.json")

  @Test func anOutputFileOnAFullDiskLeavesTheOldOneWhole() throws {
    let disk = try #require(TinyDisk())
    let plan = disk.path + "/plan.json"
    try "old".write(toFile: plan, atomically: false, encoding: .utf8)
    disk.fill()
    let run = try PatchbayRunner.run(
      "allocate", "--inventory", Self.inventory, "--requests", Self.requests, "--output", plan)
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.contains("\(plan): cannot write: no space left on the device"))
    #expect(try String(contentsOfFile: plan, encoding: .utf8) == "old")
    #expect(disk.names == ["filler", "plan.json"])
  }

  @Test func standardOutputOnAFullDiskIsExit73() throws {
    let disk = try #require(TinyDisk())
    disk.fill()
    let process = Process()
    process.executableURL = PatchbayRunner.executable
    process.arguments = ["allocate", "--inventory", Self.inventory, "--requests", Self.requests]
    let out = disk.path + "/out.json"
    #expect(FileManager.default.createFile(atPath: out, contents: nil))
    process.standardOutput = FileHandle(forWritingAtPath: out)
    let err = Pipe()
    process.standardError = err
    try process.run()
    let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 73)
    #expect(said.contains("standard output: cannot write: no space left on the device"))
  }

  @Test func generateOnAFullDiskLeavesTheOldPair() throws {
    let disk = try #require(TinyDisk(size: "1m"))
    let folder = disk.path + "/centre"
    let first = try PatchbayRunner.run(
      "generate", "--seed", "1", "--requests", "100", "--output", folder)
    try #require(first.status == 0, "\(first.stderr)")
    let before = try GenerateCrashTests.Pair(folder)
    disk.fill()
    let second = try PatchbayRunner.run("generate", "--seed", "2", "--output", folder)
    #expect(second.status == 73, "\(second.stderr)")
    #expect(second.stderr.contains("no space left on the device"))
    #expect(try GenerateCrashTests.Pair(folder) == before)
    #expect(disk.names == ["centre", "filler"])
  }

  @Test func generateIntoAMountPointReplacesTheFilesOneByOne() throws {
    let disk = try #require(TinyDisk(size: "1m"))
    let run = try PatchbayRunner.run("generate", "--requests", "100", "--output", disk.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("replaced one after the other"))
    #expect(disk.names == ["inventory.json", "requests.json"])
  }

  @Test func aReadOnlyFileSystemIsSaidToBeOne() throws {
    let disk = try #require(TinyDisk(readOnly: true))
    let plan = disk.path + "/plan.json"
    let allocated = try PatchbayRunner.run(
      "allocate", "--inventory", Self.inventory, "--requests", Self.requests, "--output", plan)
    #expect(allocated.status == 73)
    #expect(allocated.stderr.contains("the file system is read-only"), "\(allocated.stderr)")
    let models = try PatchbayRunner.run(
      "allocate", "--inventory", Self.inventory, "--requests", Self.requests, "--export-model",
      disk.path + "/models")
    #expect(models.status == 73)
    #expect(models.stderr.contains("the file system is read-only"), "\(models.stderr)")
    let generated = try PatchbayRunner.run("generate", "--output", disk.path + "/centre")
    #expect(generated.status == 73)
    #expect(generated.stderr.contains("the file system is read-only"), "\(generated.stderr)")
    #expect(disk.names.isEmpty)
  }

  /// The folder passes the check before solving, then the disk is full when the models come:
  /// the plan is still written, whole, and the run exits 73 naming the models.
  @Test func aModelThatCannotBeWrittenFailsTheRun() throws {
    let disk = try #require(TinyDisk())
    let models = disk.path + "/models"
    try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: false)
    disk.fill()
    let run = try PatchbayRunner.run(
      "allocate", "--inventory", Self.inventory, "--requests", Self.requests, "--export-model",
      models)
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.contains("patchbay: cannot write the model \(models)/ap-cn-beijing-ft-A."))
    #expect(run.stderr.contains("the plan was written, but"))
    #expect(run.stdout.hasSuffix("}\n"))
    #expect(run.stdout.contains(#""optimal": true"#))
  }
}
