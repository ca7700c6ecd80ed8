/// The value last made from a JSON string, reused while the next strings have the same bytes.
///
/// Inventories list connections device by device, so consecutive connections repeat their
/// access point, device, port type and status. Comparing a few bytes is much cheaper than
/// building a `String` (a heap allocation past 15 bytes), parsing an enumeration or hashing a
/// key again; and repeated ids then share one string's storage.
struct RepeatedStringCache<Value> {
  /// The string node `last` was made from; `-1` for none.
  private var node = -1
  private var last: Value?

  /// The value for the string node at `index`: the cached one when its bytes equal the last
  /// string's, else `make()`, which is then cached. Strings with escapes are never cached
  /// (their bytes are not their text).
  @inline(__always)
  mutating func value(at index: Int, in tape: JSONTape, make: () -> Value) -> Value {
    let hasEscapes = tape.nodes[index].hasEscapes
    if let last, node >= 0, !hasEscapes, tape.sameBytes(node, index) {
      return last
    }
    let made = make()
    (node, last) = hasEscapes ? (-1, nil) : (index, made)
    return made
  }

  /// ``value(at:in:make:)`` for a string ``JSONValue``.
  mutating func value(for value: JSONValue, make: (JSONValue) -> Value) -> Value {
    value.document.withTape { tape in self.value(at: value.index, in: tape) { make(value) } }
  }
}
