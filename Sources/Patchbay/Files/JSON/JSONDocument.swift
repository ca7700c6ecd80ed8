/// A parsed JSON text: the bytes and a flat preorder "tape" of nodes pointing into them.
///
/// Foundation's `JSONDecoder` took 6.0 s for a million requests (198 MB) on the project's machine,
/// and neither it nor `JSONSerialization` reports where in the file a value was. The tape keeps
/// one 16-byte node per value, makes strings only when asked, and knows the byte offset of every
/// value, so every error can name its line and column.
package final class JSONDocument: Sendable {
  /// Deeper nesting is refused rather than risking the stack on hostile input.
  package static let maximumDepth = 512
  /// The largest text parsed: what ``JSONNode`` packs its fields for, and the bound on input
  /// files.
  package static let maximumBytes = 1 << 30

  let bytes: [UInt8]
  let nodes: [JSONNode]

  /// Parses `bytes` (UTF-8, an optional byte order mark first) as one JSON value.
  package init(bytes: [UInt8]) throws(JSONSyntaxError) {
    guard bytes.count <= JSONDocument.maximumBytes else {
      throw JSONSyntaxError(
        message: "the file is larger than 1 GiB; split the batch into smaller files",
        byteOffset: 0, line: 1, column: 1)
    }
    let parsed = bytes.withUnsafeBufferPointer { buffer in
      var parser = JSONParser(bytes: buffer)
      do throws(JSONParser.Failure) {
        try parser.parseDocument()
        return Result<[JSONNode], JSONParser.Failure>.success(parser.nodes)
      } catch {
        if let duplicate = error.duplicate {
          return .failure(
            JSONDocument.duplicateFailure(duplicate, nodes: parser.nodes, bytes: buffer))
        }
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
        message: error.message, byteOffset: error.offset, line: line, column: column,
        path: error.path)
    }
  }

  /// The message and JSON path of a member given twice, worked out from the partial tape: the
  /// objects and arrays still open when the parser stopped lead from the root to the object
  /// that holds the member (their `end` is still 0; every finished sibling has its own).
  private static func duplicateFailure(
    _ duplicate: (object: Int, name: Int), nodes: [JSONNode], bytes: UnsafeBufferPointer<UInt8>
  ) -> JSONParser.Failure {
    func name(_ index: Int) -> String {
      let node = nodes[index]
      let raw = ArraySlice(UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)]))
      return node.hasEscapes ? JSONValue.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }
    var path = ""
    var container = 0
    walk: while container != duplicate.object {
      let isObject = nodes[container].kind == .object
      var child = container + 1
      var element = 0
      while child < nodes.count {
        let value = isObject ? child + 1 : child
        guard value < nodes.count else { break walk }
        let node = nodes[value]
        let isOpen = (node.kind == .object || node.kind == .array) && node.end == 0
        if isOpen {
          path += isObject ? (path.isEmpty ? name(child) : ".\(name(child))") : "[\(element)]"
          container = value
          continue walk
        }
        child = node.kind == .object || node.kind == .array ? Int(node.end) : value + 1
        element += 1
      }
      break
    }
    let member = name(duplicate.name)
    path += path.isEmpty ? member : ".\(member)"
    let secondOffset = Int(nodes[duplicate.name].start) - 1
    var firstOffset: Int?
    var child = duplicate.object + 1
    while child < duplicate.name {
      if name(child).utf8.elementsEqual(member.utf8) {
        firstOffset = Int(nodes[child].start) - 1
        break
      }
      let value = nodes[child + 1]
      child = value.kind == .object || value.kind == .array ? Int(value.end) : child + 2
    }
    let allBytes = Array(bytes)
    func place(_ offset: Int) -> String {
      let (line, column) = lineAndColumn(of: offset, in: allBytes)
      return "line \(line), column \(column)"
    }
    let places = firstOffset.map { "at \(place($0)) and at \(place(secondOffset))" } ?? ""
    return JSONParser.Failure(
      message: "the member \"\(member)\" appears twice in this object (\(places)); give it once",
      offset: secondOffset, path: path)
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
///
/// 12 bytes, not the 16 of five separate fields: the kind rides in the top 3 bits of the count
/// and the escape flag in the top bit of the start. A document is at most 1 GiB
/// (``JSONDocument/maximumBytes``), so a start is below 2^30 and a count below 2^29 (an element
/// takes two bytes at least). The tape of `huge`'s inventory is 26 million nodes: 100 MB less
/// memory to fault in and to walk.
struct JSONNode: Sendable {
  private var startAndEscapes: UInt32
  var end: UInt32
  private var countAndKind: UInt32

  init(kind: JSONKind, hasEscapes: Bool, start: UInt32, end: UInt32, count: UInt32) {
    startAndEscapes = start | (hasEscapes ? 1 << 31 : 0)
    self.end = end
    countAndKind = count | UInt32(kind.rawValue) << 29
  }

  var kind: JSONKind { JSONKind(rawValue: UInt8(truncatingIfNeeded: countAndKind >> 29)) ?? .null }
  /// A string with backslash escapes, which must be decoded rather than copied.
  var hasEscapes: Bool { startAndEscapes >> 31 != 0 }
  var start: UInt32 { startAndEscapes & 0x7FFF_FFFF }
  var count: UInt32 {
    get { countAndKind & 0x1FFF_FFFF }
    set { countAndKind = (countAndKind & 0xE000_0000) | (newValue & 0x1FFF_FFFF) }
  }
}
