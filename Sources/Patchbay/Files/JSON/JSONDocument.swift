/// A parsed JSON text: the bytes and a flat preorder "tape" of nodes pointing into them.
///
/// Foundation's `JSONDecoder` took 6.0 s for a million requests (198 MB) on the project's machine,
/// and neither it nor `JSONSerialization` reports where in the file a value was. The tape keeps
/// one 16-byte node per value, makes strings only when asked, and knows the byte offset of every
/// value, so every error can name its line and column.
package final class JSONDocument: Sendable {
  /// Deeper nesting is refused rather than risking the stack on hostile input.
  package static let maximumDepth = 512

  let bytes: [UInt8]
  let nodes: [JSONNode]

  /// Parses `bytes` (UTF-8, an optional byte order mark first) as one JSON value.
  package init(bytes: [UInt8]) throws(JSONSyntaxError) {
    guard bytes.count < Int(UInt32.max) else {
      throw JSONSyntaxError(
        message: "the file is larger than 4 GiB; split the batch into smaller files",
        byteOffset: 0, line: 1, column: 1)
    }
    let parsed = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer)
      do throws(JSONParser.Failure) {
        try parser.parseDocument()
        return Result<[JSONNode], JSONParser.Failure>.success(parser.nodes)
      } catch {
        return .failure(error)
      }
    }
    switch parsed {
    case .success(let nodes):
      self.bytes = bytes
      self.nodes = nodes
    case .failure(let error):
      let (line, column) = JSONDocument.lineAndColumn(of: error.offset, in: bytes)
      throw JSONSyntaxError(
        message: error.message, byteOffset: error.offset, line: line, column: column)
    }
  }

  /// The top-level value.
  package var root: JSONValue { JSONValue(document: self, index: 0) }

  /// 1-based line and column (in characters) of a byte offset.
  package func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
    JSONDocument.lineAndColumn(of: offset, in: bytes)
  }

  static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}

/// The kind of a JSON value.
package enum JSONKind: UInt8, Sendable {
  case object, array, string, number, `true`, `false`, null
}

/// One value on the tape. For strings and numbers `start..<end` are the bytes of the value
/// (inside the quotes for strings); for containers `end` is the index of the node after the
/// container's last descendant and `count` the number of elements or members.
struct JSONNode: Sendable {
  var kind: JSONKind
  /// A string with backslash escapes, which must be decoded rather than copied.
  var hasEscapes: Bool
  var start: UInt32
  var end: UInt32
  var count: UInt32
}
