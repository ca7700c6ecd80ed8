/// A document's tape and bytes, borrowed for a loop over millions of small values.
///
/// Each ``JSONValue`` holds its document, so every value made retains and releases it: reading
/// `huge`'s 1.5 million connections through values spent more of its time in `swift_retain`
/// and `swift_release` than in reading. A tape is two plain buffers, valid only inside
/// ``JSONDocument/withTape(_:)``; a reader takes the common case from it and goes back to
/// values (which explain problems with their paths) for anything else.
struct JSONTape {
  let nodes: UnsafeBufferPointer<JSONNode>
  let bytes: UnsafeBufferPointer<UInt8>

  /// The index of the node after the value at `index` and its descendants.
  @inline(__always)
  func next(after index: Int) -> Int {
    let node = nodes[index]
    return node.kind == .object || node.kind == .array ? Int(node.end) : index + 1
  }

  /// The bytes of a string (between the quotes, escapes undecoded) or a number.
  @inline(__always)
  func bytes(of index: Int) -> UnsafeBufferPointer<UInt8> {
    let node = nodes[index]
    return UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)])
  }

  /// A string without escapes as a `String`; callers check ``JSONNode/hasEscapes`` first.
  @inline(__always)
  func plainString(_ index: Int) -> String {
    String(decoding: bytes(of: index), as: UTF8.self)
  }

  /// Whether two string nodes hold the same bytes.
  @inline(__always)
  func sameBytes(_ first: Int, _ second: Int) -> Bool {
    let (a, b) = (nodes[first], nodes[second])
    let count = Int(a.end) - Int(a.start)
    guard Int(b.end) - Int(b.start) == count else { return false }
    guard let base = bytes.baseAddress else { return true }
    let (first, second) = (
      UnsafeRawPointer(base + Int(a.start)), UnsafeRawPointer(base + Int(b.start))
    )
    var offset = 0
    while offset + 8 <= count {
      if first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset += 8
    }
    while offset < count {
      if first.load(fromByteOffset: offset, as: UInt8.self)
        != second.load(fromByteOffset: offset, as: UInt8.self)
      {
        return false
      }
      offset += 1
    }
    return true
  }

  /// ``JSONValue/mayHoldControlCharacter`` for the string at `index`.
  @inline(__always)
  func mayHoldControlCharacter(_ index: Int) -> Bool {
    let node = nodes[index]
    if node.hasEscapes { return true }
    return bytes(of: index).contains { $0 == 0x7F || $0 == 0xC2 }
  }
}

extension JSONDocument {
  /// Calls `body` with the document's tape and bytes, borrowed for the call.
  func withTape<Result>(_ body: (JSONTape) throws -> Result) rethrows -> Result {
    try nodes.withUnsafeBufferPointer { nodes in
      try bytes.withUnsafeBufferPointer { bytes in
        try body(JSONTape(nodes: nodes, bytes: bytes))
      }
    }
  }
}
