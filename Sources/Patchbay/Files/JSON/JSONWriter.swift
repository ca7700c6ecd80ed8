/// Writes JSON text byte for byte the same every time: members in the order given, one array
/// element per line, no run-dependent values. Plans are compared with `diff` and `cmp`, so the
/// layout is part of the contract.
package struct JSONWriter {
  package private(set) var bytes: [UInt8] = []

  package init() {}

  package var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Makes room for `count` bytes in all, so that a big document is not copied as it grows.
  package mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

  package mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  /// Removes the last `count` bytes written (to reopen an inline object).
  package mutating func dropLast(_ count: Int) { bytes.removeLast(min(count, bytes.count)) }

  /// A string literal with JSON escapes.
  package mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      bytes.append(UInt8(ascii: "\""))
      // Ids, names and most messages need no escape: copied whole, not byte by byte.
      if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
      ) {
        bytes.append(contentsOf: utf8)
        bytes.append(UInt8(ascii: "\""))
        return
      }
      for byte in utf8 {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        case 0..<0x20:
          let hex = String(byte, radix: 16)
          raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        default: bytes.append(byte)
        }
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }

  /// `{ "a": 1, "b": "x" }` on one line, from (name, encoded value) pairs.
  package mutating func inlineObject(_ members: [(String, JSONScalar)]) {
    guard !members.isEmpty else {
      raw("{}")
      return
    }
    raw("{ ")
    for (index, (name, value)) in members.enumerated() {
      if index > 0 { raw(", ") }
      string(name)
      raw(": ")
      scalar(value)
    }
    raw(" }")
  }

  /// `{ "a": ..., "b": [...] }` on one line, where each member writes its own value, so that
  /// objects and lists can nest (an interface with its LOA and field engineers).
  package mutating func inlineObject(writing members: [(String, (inout JSONWriter) -> Void)]) {
    guard !members.isEmpty else {
      raw("{}")
      return
    }
    raw("{ ")
    for (index, (name, value)) in members.enumerated() {
      if index > 0 { raw(", ") }
      string(name)
      raw(": ")
      value(&self)
    }
    raw(" }")
  }

  /// `[a, b, c]` on one line.
  package mutating func inlineArray<Element>(
    _ elements: [Element], element: (inout JSONWriter, Element) -> Void
  ) {
    raw("[")
    for (index, item) in elements.enumerated() {
      if index > 0 { raw(", ") }
      element(&self, item)
    }
    raw("]")
  }

  package mutating func scalar(_ value: JSONScalar) {
    switch value {
    case .string(let text): string(text)
    case .int(let number): raw(String(number))
    case .bool(let flag): raw(flag ? "true" : "false")
    case .null: raw("null")
    }
  }

  /// `"name": [` then one element per line, then `]`, indented by `indent` spaces.
  package mutating func array<Element>(
    _ name: String, _ elements: [Element], indent: Int,
    element: (inout JSONWriter, Element) -> Void
  ) {
    let pad = String(repeating: " ", count: indent)
    raw(pad)
    string(name)
    guard !elements.isEmpty else {
      raw(": []")
      return
    }
    raw(": [\n")
    let elementPad = pad + "  "
    for (index, item) in elements.enumerated() {
      raw(elementPad)
      element(&self, item)
      raw(index + 1 < elements.count ? ",\n" : "\n")
    }
    raw(pad + "]")
  }
}

/// A scalar JSON value for ``JSONWriter``.
package enum JSONScalar {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
}
