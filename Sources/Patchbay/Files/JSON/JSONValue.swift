/// A handle on one value of a ``JSONDocument``: cheap to copy, reads the bytes on demand.
package struct JSONValue: Sendable {
  let document: JSONDocument
  let index: Int

  private var node: JSONNode { document.nodes[index] }

  package var kind: JSONKind { node.kind }

  /// Byte offset where the value starts (for strings, the opening quote).
  package var byteOffset: Int {
    node.kind == .string ? Int(node.start) - 1 : Int(node.start)
  }

  /// 1-based line and column where the value starts.
  package var lineAndColumn: (line: Int, column: Int) {
    document.lineAndColumn(of: byteOffset)
  }

  package var isNull: Bool { node.kind == .null }

  /// For strings, the number of bytes between the quotes as written (escapes undecoded).
  package var byteCount: Int { Int(node.end) - Int(node.start) }

  /// A string written with backslash escapes.
  package var hasEscapes: Bool { node.hasEscapes }

  /// Whether a string may hold a control character (``IdentifierRule``): raw ones other than
  /// DEL and the C1 block cannot be in JSON text, so only escapes, a DEL byte or the lead byte
  /// of U+0080-U+00BF make it worth building the string to look.
  package var mayHoldControlCharacter: Bool {
    let node = self.node
    guard node.kind == .string else { return false }
    if node.hasEscapes { return true }
    return document.bytes.withUnsafeBufferPointer { bytes in
      bytes[Int(node.start)..<Int(node.end)].contains { $0 == 0x7F || $0 == 0xC2 }
    }
  }

  /// The string, escapes decoded; `nil` for other kinds.
  package var string: String? {
    let node = self.node
    guard node.kind == .string else { return nil }
    let range = Int(node.start)..<Int(node.end)
    if !node.hasEscapes {
      return document.bytes.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
      }
    }
    return JSONValue.unescape(document.bytes[range])
  }

  /// Whether this is a string equal to `text`, compared without building a `String`.
  package func isString(_ text: StaticString) -> Bool {
    let node = self.node
    guard node.kind == .string, !node.hasEscapes,
      Int(node.end - node.start) == text.utf8CodeUnitCount
    else {
      return node.kind == .string && node.hasEscapes && string == "\(text)"
    }
    return text.withUTF8Buffer { literal in
      document.bytes.withUnsafeBufferPointer { bytes in
        var offset = Int(node.start)
        for byte in literal {
          if bytes[offset] != byte { return false }
          offset += 1
        }
        return true
      }
    }
  }

  /// The number as an `Int` when it is written as an integer that fits; `nil` otherwise.
  package var integer: Int? {
    let node = self.node
    guard node.kind == .number else { return nil }
    var value = 0
    var negative = false
    for offset in Int(node.start)..<Int(node.end) {
      let byte = document.bytes[offset]
      if byte == UInt8(ascii: "-") {
        negative = true
        continue
      }
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    return negative ? -value : value
  }

  /// The text of a number or literal as written, for messages.
  package var literalText: String {
    let node = self.node
    return String(
      decoding: document.bytes[Int(node.start)..<Int(node.end)].prefix(40), as: UTF8.self)
  }

  /// Number of elements of an array or members of an object; 0 for scalars.
  package var count: Int { Int(node.count) }

  /// The elements of an array (empty for other kinds).
  package var elements: JSONElements {
    JSONElements(document: document, container: index, kind: .array)
  }

  /// The members of an object as (name, value) pairs, in file order (empty for other kinds).
  package var members: JSONMembers {
    JSONMembers(document: document, container: index)
  }

  /// Calls `body` with each member's name and value, in file order, as values of the document
  /// this one is of (nothing for other kinds). Unlike ``members``, no iterator holds the
  /// document, so a reader of millions of small objects retains it once per object.
  package func forEachMember(_ body: (_ name: JSONValue, _ value: JSONValue) throws -> Void)
    rethrows
  {
    let nodes = document.nodes
    let node = nodes[index]
    guard node.kind == .object else { return }
    var cursor = index + 1
    let end = Int(node.end)
    while cursor + 1 < end {
      let value = nodes[cursor + 1]
      try body(
        JSONValue(document: document, index: cursor),
        JSONValue(document: document, index: cursor + 1))
      cursor = value.kind == .object || value.kind == .array ? Int(value.end) : cursor + 2
    }
  }

  /// The first member named `key`.
  package func member(_ key: StaticString) -> JSONValue? {
    members.first { $0.name.isString(key) }?.value
  }

  /// "a string", "the number 12", "an object", ...: what a message says was found.
  package var typeDescription: String {
    switch kind {
    case .object: "an object"
    case .array: "an array"
    case .string: "the string \"\(string?.prefix(40) ?? "")\""
    case .number: "the number \(literalText)"
    case .true: "true"
    case .false: "false"
    case .null: "null"
    }
  }

  static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    var utf8: [UInt8] = []
    var index = bytes.startIndex
    func flush() {
      if !utf8.isEmpty {
        scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
        utf8.removeAll(keepingCapacity: true)
      }
    }
    func hex4(at start: Int) -> UInt32 {
      (start..<start + 4).reduce(0) { $0 << 4 | (hexValue(bytes[$1]) ?? 0) }
    }
    while index < bytes.endIndex {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "\\") else {
        utf8.append(byte)
        index += 1
        continue
      }
      flush()
      let escaped = bytes[index + 1]
      index += 2
      switch escaped {
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = hex4(at: index)
        index += 4
        if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.endIndex,
          bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        {
          let low = hex4(at: index + 2)
          if (0xDC00..<0xE000).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            index += 6
          }
        }
        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
      default: scalars.append(Unicode.Scalar(escaped))
      }
    }
    flush()
    return String(scalars)
  }
}

/// The elements of a JSON array, walked by skipping each element's subtree.
package struct JSONElements: Sequence, Sendable {
  let document: JSONDocument
  let container: Int
  let kind: JSONKind

  package struct Iterator: IteratorProtocol {
    let document: JSONDocument
    var cursor: Int
    let end: Int

    package mutating func next() -> JSONValue? {
      guard cursor < end else { return nil }
      let value = JSONValue(document: document, index: cursor)
      let node = document.nodes[cursor]
      cursor = node.kind == .object || node.kind == .array ? Int(node.end) : cursor + 1
      return value
    }
  }

  /// An array's element count, so that `map` and `reserveCapacity` size their result once.
  package var underestimatedCount: Int {
    let node = document.nodes[container]
    return kind == .array && node.kind == .array ? Int(node.count) : 0
  }

  package func makeIterator() -> Iterator {
    let node = document.nodes[container]
    guard node.kind == kind else { return Iterator(document: document, cursor: 0, end: 0) }
    return Iterator(document: document, cursor: container + 1, end: Int(node.end))
  }
}

/// The members of a JSON object as (name, value) pairs.
package struct JSONMembers: Sequence, Sendable {
  let document: JSONDocument
  let container: Int

  package struct Iterator: IteratorProtocol {
    var values: JSONElements.Iterator

    package mutating func next() -> (name: JSONValue, value: JSONValue)? {
      guard let name = values.next(), let value = values.next() else { return nil }
      return (name, value)
    }
  }

  package func makeIterator() -> Iterator {
    Iterator(
      values: JSONElements(document: document, container: container, kind: .object)
        .makeIterator())
  }
}
