import Foundation
import GLPK
import SystemPackage

/// Writes an exported model (`allocate --export-model`) as every other output: whole or not at
/// all, with the real cause when it cannot be written. GLPK writes through a C `FILE` and
/// ignores the error `fclose` reports, so on a full disk it leaves an empty file and says it
/// succeeded; here GLPK writes to memory (a Linux `memfd`), or to a scratch file whose last line
/// must be the format's `End`, and the bytes then go through ``AtomicFile``.
enum ModelFile {
  static func writeLP(_ problem: borrowing MIPProblem, to path: String) throws(OutputError) {
    let bytes = try render(problem, near: path)
    try AtomicFile.write(bytes, toPath: path)
  }

  /// The model in CPLEX LP format.
  private static func render(
    _ problem: borrowing MIPProblem, near path: String
  ) throws(OutputError) -> [UInt8] {
    if let memory = memoryFile() {
      defer { try? memory.close() }
      do {
        try problem.write(lpTo: "/proc/self/fd/\(memory.rawValue)")
        _ = try memory.seek(offset: 0, from: .start)
        return try readAll(memory)
      } catch {
        throw OutputError(file: path, message: "cannot write the model: \(error)")
      }
    }
    let scratch = "\(path).\(UInt64.random(in: .min ... .max)).scratch"
    defer { _ = unlink(scratch) }
    let bytes: [UInt8]
    do {
      try problem.write(lpTo: scratch)
      let descriptor = try FileDescriptor.open(FilePath(scratch), .readOnly)
      defer { try? descriptor.close() }
      bytes = try readAll(descriptor)
    } catch {
      throw OutputError(file: path, message: "cannot write the model: \(error)")
    }
    // A model cut short by the disk does not end with the format's last line.
    guard bytes.suffix(4) == Array("End\n".utf8) else {
      throw OutputError(
        file: path,
        message: "cannot write the model: it came out incomplete (is the disk full?); free some "
          + "space or choose another folder")
    }
    return bytes
  }

  private static func readAll(_ descriptor: FileDescriptor) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
    }
  }

  /// An anonymous file in memory (Linux `memfd_create`, looked up at run time as its header does
  /// not reach Swift); `nil` elsewhere.
  private static func memoryFile() -> FileDescriptor? {
    #if os(Linux)
      typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
      guard FileManager.default.fileExists(atPath: "/proc/self/fd"),
        let symbol = dlsym(nil, "memfd_create")
      else { return nil }
      let closeOnExec: UInt32 = 1
      let descriptor = unsafeBitCast(symbol, to: MemfdCreate.self)("patchbay-model", closeOnExec)
      return descriptor >= 0 ? FileDescriptor(rawValue: descriptor) : nil
    #else
      return nil
    #endif
  }
}
