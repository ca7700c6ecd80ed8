import Testing

@testable import Patchbay

/// The index of ids that replaced Swift dictionaries in the inventory and the batch must find
/// exactly what a dictionary of ``Identifier``s finds.
@Suite struct IdentifierIndexTests {
  /// Keys of every length up to a few words, repeats, an empty one, and text whose scalars
  /// differ while Swift's `==` would call them equal (precomposed and combining `é`).
  static let keys: [String] = {
    var keys = (0..<3000).map { "pc-\($0)" } + (0..<40).map { String(repeating: "x", count: $0) }
    keys += ["", "é", "e\u{301}", "ap-cn-synth-01-s001-A", "ap-cn-synth-01-s001-A", "pc-17", "Ω"]
    return keys
  }()

  @Test func findsWhatADictionaryFinds() {
    let keys = Self.keys
    var index = IdentifierIndex()
    var dictionary: [Identifier<Request>: Int] = [:]
    for position in keys.indices {
      let first = index.insert(keys[position], at: position, key: { keys[$0] })
      let expected = dictionary[Identifier(keys[position])]
      #expect(first == expected, "\(keys[position])")
      if expected == nil { dictionary[Identifier(keys[position])] = position }
    }
    #expect(index.count == dictionary.count)
    for key in keys + ["pc-3000", "y", "e", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"] {
      #expect(index.position(of: key, key: { keys[$0] }) == dictionary[Identifier(key)], "\(key)")
    }
    // The same bytes in another storage (a native string built byte by byte) are found.
    let built = String(decoding: Array("ap-cn-synth-01-s001-A".utf8), as: UTF8.self)
    #expect(index.position(of: built, key: { keys[$0] }) == keys.firstIndex(of: built))
    // A reader's bytes find what the string finds, without a String made of them.
    for key in keys + ["pc-3000", "y", "e", "pc-1", "pc-10"] {
      var bytes = Array(key.utf8)
      let found = bytes.withUnsafeMutableBufferPointer {
        index.position(ofUTF8: UnsafeBufferPointer($0), key: { keys[$0] })
      }
      #expect(found == dictionary[Identifier(key)], "\(key)")
    }
  }

  @Test func setReplacesThePositionHeld() {
    var keys = ["a", "b", "c"]
    var index = IdentifierIndex(count: keys.count) { keys[$0] }
    keys.append("b")
    index.set("b", to: 3, key: { keys[$0] })
    #expect(index.position(of: "b", key: { keys[$0] }) == 3)
    #expect(index.count == 3)
    keys.append("d")
    index.set("d", to: 4, key: { keys[$0] })
    #expect(index.position(of: "d", key: { keys[$0] }) == 4)
    #expect(index.count == 4)
  }

  @Test func anEmptyIndexFindsNothing() {
    let index = IdentifierIndex()
    #expect(index.position(of: "a", key: { _ in "a" }) == nil)
    #expect(index.count == 0)
    #expect(RequestPositions()[RequestID("a")] == nil)
  }
}
