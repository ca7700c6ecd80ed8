import Foundation

/// Reads whole files as bytes, turning failures into ``InputError``s of kind `.unreadable`.
enum FileReading {
  static func bytes(atPath path: String) throws(InputError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "no such file; check the path (relative paths start at \(currentDirectory))")
    }
    guard !isDirectory.boolValue else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "this is a directory; give the path of a file")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "the file cannot be read; check its permissions")
    }
    defer { try? handle.close() }
    do {
      return [UInt8](try handle.readToEnd() ?? Data())
    } catch {
      throw InputError(
        kind: .unreadable, file: path, place: nil,
        message: "reading failed part way: \(error.localizedDescription)")
    }
  }

  private static var currentDirectory: String { FileManager.default.currentDirectoryPath }
}
