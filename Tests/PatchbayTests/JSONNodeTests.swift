import Testing

@testable import Patchbay

/// The tape's node packs kind, escape flag, start, end and count into 12 bytes; every field
/// must come back as it went in, at the bounds a 1 GiB document can reach.
@Suite struct JSONNodeTests {
  static let kinds: [JSONKind] = [.object, .array, .string, .number, .true, .false, .null]

  @Test(arguments: kinds)
  func everyFieldComesBackAtTheBounds(kind: JSONKind) {
    #expect(MemoryLayout<JSONNode>.stride == 12)
    let largestStart = UInt32(JSONDocument.maximumBytes)
    let largestCount = UInt32(JSONDocument.maximumBytes / 2)
    for hasEscapes in [false, true] {
      for (start, end, count) in [(0, 0, 0), (largestStart, UInt32.max, largestCount - 1)] {
        var node = JSONNode(
          kind: kind, hasEscapes: hasEscapes, start: start, end: end, count: count)
        #expect(node.kind == kind)
        #expect(node.hasEscapes == hasEscapes)
        #expect(node.start == start)
        #expect(node.end == end)
        #expect(node.count == count)
        // The parser sets a container's count and end when it closes.
        node.count = 12_345
        node.end = 7
        #expect(node.count == 12_345 && node.end == 7)
        #expect(node.kind == kind && node.hasEscapes == hasEscapes && node.start == start)
      }
    }
  }

  @Test func aDocumentLargerThanTheBoundIsRefusedWithItsSize() {
    let bytes = [UInt8](repeating: UInt8(ascii: " "), count: JSONDocument.maximumBytes + 1)
    #expect {
      _ = try JSONDocument(bytes: bytes)
    } throws: { error in
      "\(error)".contains("larger than 1 GiB")
    }
  }
}
