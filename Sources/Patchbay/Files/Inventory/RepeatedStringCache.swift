/// The value last made from a JSON string, reused while the next strings have the same bytes.
///
/// Inventories list connections device by device, so consecutive connections repeat their
/// access point, device, port type and status. Comparing a few bytes is much cheaper than
/// building a `String` (a heap allocation past 15 bytes), parsing an enumeration or hashing a
/// key again; and repeated ids then share one string's storage.
struct RepeatedStringCache<Value> {
  private var start = 0
  private var end = -1
  private var last: Value?

  /// The value for the string `value` (a string node): the cached one when its bytes equal the
  /// last string's, else `make(value)`, which is then cached. Strings with escapes are never
  /// cached (their bytes are not their text).
  mutating func value(for value: JSONValue, make: (JSONValue) -> Value) -> Value {
    let node = value.document.nodes[value.index]
    let (newStart, newEnd) = (Int(node.start), Int(node.end))
    if let last, !node.hasEscapes, newEnd - newStart == end - start,
      value.document.bytes.withUnsafeBufferPointer({ bytes in
        memoryEqual(bytes, start, newStart, count: end - start)
      })
    {
      return last
    }
    let made = make(value)
    if node.hasEscapes {
      (start, end, last) = (0, -1, nil)
    } else {
      (start, end, last) = (newStart, newEnd, made)
    }
    return made
  }

  private func memoryEqual(
    _ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, count: Int
  ) -> Bool {
    var offset = 0
    while offset < count {
      if bytes[first + offset] != bytes[second + offset] { return false }
      offset += 1
    }
    return true
  }
}
