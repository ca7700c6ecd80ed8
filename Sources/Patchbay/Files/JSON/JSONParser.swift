/// Recursive-descent JSON parser (RFC 8259) that writes a preorder tape. Validates UTF-8 inside
/// strings and refuses anything else outside them, so a document that parses is valid text.
struct JSONParser {
  struct Failure: Error {
    var message: String
    var offset: Int
    /// For a member that appears twice: the node of its object and of its second name, from
    /// which the object's JSON path is worked out (only then, so parsing pays nothing for it).
    var duplicate: (object: Int, name: Int)? = nil
    /// The JSON path of the problem, when it is about a member rather than the text.
    var path: String? = nil
  }

  /// The text; unchecked access in release builds, every index is checked against `count` first.
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  var nodes: [JSONNode] = []
  var depth = 0
  /// The name nodes of the members read so far in every open object, innermost last: each object
  /// checks a new name against its own, to refuse a member given twice (FORMATS.md).
  var memberNames: [Int] = []

  /// Objects with more members than this find repeats with a set instead of comparing names.
  static let linearNameLimit = 16

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    // The generated files hold one value per 12 to 13 bytes, a compact one down to about two.
    // Room for one per 6 bytes is only address space until it is written (a large buffer is
    // mapped lazily), and it spares the usual file the doubling copy of its whole tape.
    nodes.reserveCapacity(max(16, bytes.count / 6))
  }

  mutating func parseDocument() throws(Failure) {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    skipWhitespace()
    guard position < bytes.count else {
      throw Failure(
        message: bytes.isEmpty
          ? "the file is empty; expected a JSON object" : "the file holds only white space",
        offset: position)
    }
    try parseValue()
    skipWhitespace()
    if position < bytes.count {
      throw Failure(
        message: "unexpected \(describe(at: position)) after the end of the JSON value",
        offset: position)
    }
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  private func describe(at offset: Int) -> String {
    guard offset < bytes.count else { return "end of file" }
    let byte = bytes[offset]
    if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
    if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { return "white space" }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  private mutating func parseValue() throws(Failure) {
    guard position < bytes.count else {
      throw Failure(message: "the file ends where a value was expected", offset: position)
    }
    switch bytes[position] {
    case UInt8(ascii: "{"): try parseObject()
    case UInt8(ascii: "["): try parseArray()
    case UInt8(ascii: "\""): try parseString()
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
    case UInt8(ascii: "t"): try parseLiteral("true", kind: .true)
    case UInt8(ascii: "f"): try parseLiteral("false", kind: .false)
    case UInt8(ascii: "n"): try parseLiteral("null", kind: .null)
    default:
      throw Failure(
        message: "expected a value, found \(describe(at: position))", offset: position)
    }
  }

  private mutating func enterContainer() throws(Failure) {
    depth += 1
    if depth > JSONDocument.maximumDepth {
      throw Failure(
        message: "nesting deeper than \(JSONDocument.maximumDepth) levels", offset: position)
    }
  }

  private mutating func parseObject() throws(Failure) {
    try enterContainer()
    let nodeIndex = nodes.count
    nodes.append(
      JSONNode(kind: .object, hasEscapes: false, start: UInt32(position), end: 0, count: 0))
    position += 1
    var count: UInt32 = 0
    let namesBase = memberNames.count
    var nameSet: Set<[UInt8]>? = nil
    skipWhitespace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
      position += 1
    } else {
      while true {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
          throw Failure(
            message: position < bytes.count
              ? "expected a quoted member name, found \(describe(at: position))"
              : "the file ends inside an object",
            offset: position)
        }
        let nameNode = nodes.count
        try parseString()
        try checkUnique(name: nameNode, object: nodeIndex, since: namesBase, set: &nameSet)
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
          throw Failure(
            message: "expected ':' after a member name, found \(describe(at: position))",
            offset: position)
        }
        position += 1
        skipWhitespace()
        try parseValue()
        count += 1
        skipWhitespace()
        guard position < bytes.count else {
          throw Failure(
            message: "the file ends inside an object; expected ',' or '}'",
            offset: position)
        }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          continue
        }
        if bytes[position] == UInt8(ascii: "}") {
          position += 1
          break
        }
        throw Failure(
          message: "expected ',' or '}' after an object member, found \(describe(at: position))",
          offset: position)
      }
    }
    memberNames.removeSubrange(namesBase...)
    nodes[nodeIndex].end = UInt32(nodes.count)
    nodes[nodeIndex].count = count
    depth -= 1
  }

  /// Refuses a member name already given in the same object. Names are equal when their
  /// Unicode scalars are (escapes decoded), as RFC 8259 compares them. Small objects, which
  /// are nearly all of them, compare the new name with each earlier one (its length usually
  /// settles it); a large one keeps a set, so a hostile object of a million members costs no
  /// more than a million lookups.
  private mutating func checkUnique(
    name: Int, object: Int, since base: Int, set: inout Set<[UInt8]>?
  ) throws(Failure) {
    // Names written with escapes are decoded once, into the set, rather than at every
    // comparison: once an object has one, or many members, it keeps the set.
    let seen = memberNames.count - base
    if set == nil, seen < JSONParser.linearNameLimit, !nodes[name].hasEscapes {
      var index = base
      while index < memberNames.count {
        if sameName(memberNames[index], name) {
          throw Failure(
            message: "", offset: Int(nodes[name].start) - 1, duplicate: (object, name))
        }
        index += 1
      }
    } else {
      if set == nil {
        set = Set(memberNames[base...].map { nameBytes($0) })
      }
      if set!.insert(nameBytes(name)).inserted == false {
        throw Failure(
          message: "", offset: Int(nodes[name].start) - 1, duplicate: (object, name))
      }
    }
    memberNames.append(name)
  }

  /// Whether two names without escapes are the same bytes.
  private func sameName(_ first: Int, _ second: Int) -> Bool {
    let a = nodes[first]
    let b = nodes[second]
    let length = Int(a.end - a.start)
    guard length == Int(b.end - b.start) else { return false }
    guard length > 0 else { return true }
    var offsetA = Int(a.start)
    var offsetB = Int(b.start)
    let end = offsetA + length
    while offsetA < end {
      if bytes[offsetA] != bytes[offsetB] { return false }
      offsetA += 1
      offsetB += 1
    }
    return true
  }

  /// The UTF-8 of a name node, escapes decoded.
  private func nameBytes(_ index: Int) -> [UInt8] {
    let node = nodes[index]
    let raw = bytes[Int(node.start)..<Int(node.end)]
    return node.hasEscapes ? Array(JSONValue.unescape(ArraySlice(raw)).utf8) : Array(raw)
  }

  private mutating func parseArray() throws(Failure) {
    try enterContainer()
    let nodeIndex = nodes.count
    nodes.append(
      JSONNode(kind: .array, hasEscapes: false, start: UInt32(position), end: 0, count: 0))
    position += 1
    var count: UInt32 = 0
    skipWhitespace()
    if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
      position += 1
    } else {
      while true {
        skipWhitespace()
        try parseValue()
        count += 1
        skipWhitespace()
        guard position < bytes.count else {
          throw Failure(
            message: "the file ends inside an array; expected ',' or ']'",
            offset: position)
        }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          continue
        }
        if bytes[position] == UInt8(ascii: "]") {
          position += 1
          break
        }
        throw Failure(
          message: "expected ',' or ']' after an array element, found \(describe(at: position))",
          offset: position)
      }
    }
    nodes[nodeIndex].end = UInt32(nodes.count)
    nodes[nodeIndex].count = count
    depth -= 1
  }

  private mutating func parseString() throws(Failure) {
    let opening = position
    position += 1
    let start = position
    var hasEscapes = false
    while true {
      guard position < bytes.count else {
        throw Failure(message: "the file ends inside a string", offset: opening)
      }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        break
      } else if byte == UInt8(ascii: "\\") {
        hasEscapes = true
        try skipEscape()
      } else if byte < 0x20 {
        throw Failure(
          message: "a control character (0x\(String(byte, radix: 16))) inside a string; "
            + "write it as an escape such as \\n", offset: position)
      } else if byte < 0x80 {
        position += 1
      } else {
        guard let length = UTF8Validation.sequenceLength(in: bytes, at: position) else {
          throw Failure(message: "invalid UTF-8 in a string", offset: position)
        }
        position += length
      }
    }
    nodes.append(
      JSONNode(
        kind: .string, hasEscapes: hasEscapes, start: UInt32(start), end: UInt32(position),
        count: 0))
    position += 1
  }

  private mutating func skipEscape() throws(Failure) {
    let escape = position
    position += 1
    guard position < bytes.count else {
      throw Failure(message: "the file ends inside an escape sequence", offset: escape)
    }
    switch bytes[position] {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
      UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 1
    case UInt8(ascii: "u"):
      position += 1
      for _ in 0..<4 {
        guard position < bytes.count, hexValue(bytes[position]) != nil else {
          throw Failure(message: "\\u must be followed by four hex digits", offset: escape)
        }
        position += 1
      }
    default:
      throw Failure(message: "invalid escape sequence in a string", offset: escape)
    }
  }

  private mutating func parseNumber() throws(Failure) {
    let start = position
    func digits(_ parser: inout JSONParser) -> Int {
      var count = 0
      while parser.position < parser.bytes.count,
        parser.bytes[parser.position] >= UInt8(ascii: "0"),
        parser.bytes[parser.position] <= UInt8(ascii: "9")
      {
        parser.position += 1
        count += 1
      }
      return count
    }
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count,
      bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
    else { throw Failure(message: "a '-' must be followed by digits", offset: start) }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
      if position < bytes.count,
        bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
      {
        throw Failure(message: "numbers must not have leading zeros", offset: start)
      }
    } else {
      _ = digits(&self)
    }
    if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard digits(&self) > 0 else {
        throw Failure(message: "a decimal point must be followed by digits", offset: start)
      }
    }
    if position < bytes.count
      && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E"))
    {
      position += 1
      if position < bytes.count
        && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-"))
      {
        position += 1
      }
      guard digits(&self) > 0 else {
        throw Failure(message: "an exponent must have digits", offset: start)
      }
    }
    nodes.append(
      JSONNode(
        kind: .number, hasEscapes: false, start: UInt32(start), end: UInt32(position), count: 0))
  }

  private mutating func parseLiteral(_ word: StaticString, kind: JSONKind) throws(Failure) {
    let start = position
    let length = word.utf8CodeUnitCount
    let matches = word.withUTF8Buffer { literal in
      position + length <= bytes.count
        && (0..<length).allSatisfy { bytes[position + $0] == literal[$0] }
    }
    guard matches else {
      throw Failure(
        message: "expected a value, found \(describe(at: position)); strings need quotes",
        offset: start)
    }
    position += length
    nodes.append(
      JSONNode(
        kind: kind, hasEscapes: false, start: UInt32(start), end: UInt32(position),
        count: 0))
  }
}

/// The value of an ASCII hex digit.
func hexValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
  case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
  default: nil
  }
}
