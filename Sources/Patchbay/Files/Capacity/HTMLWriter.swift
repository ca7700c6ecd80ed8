/// Builds an HTML document as text: markup is written as given, and every text that comes from
/// an inventory (ids, names) goes through ``text(_:)`` or ``attribute(_:_:)``, which escape it, so
/// an id such as `<b>&"x"` shows as itself and can never open a tag or end an attribute.
///
/// The markup Patchbay writes is also well-formed XML (every element closed, attributes quoted,
/// only XML's five named entities), so tests parse it with an XML parser.
package struct HTMLWriter {
  package private(set) var html = ""

  package init(capacity: Int = 1 << 16) { html.reserveCapacity(capacity) }

  /// Markup, written as is: only Patchbay's own constant text goes here.
  package mutating func raw(_ markup: String) { html += markup }

  /// Text content, escaped: `&`, `<` and `>`.
  package mutating func text(_ value: String) { html += Self.escaped(value, quotes: false) }

  /// ` name="value"`, the value escaped (quotes too).
  package mutating func attribute(_ name: String, _ value: String) {
    html += " \(name)=\"\(Self.escaped(value, quotes: true))\""
  }

  package var bytes: [UInt8] { Array(html.utf8) }

  /// `value` with `&`, `<`, `>` (and with `quotes`, `"` and `'`) as character references.
  package static func escaped(_ value: String, quotes: Bool) -> String {
    let needs = value.utf8.contains { byte in
      byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        || (quotes && (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")))
    }
    guard needs else { return value }
    var result = ""
    result.reserveCapacity(value.utf8.count + 16)
    for character in value.unicodeScalars {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"" where quotes: result += "&quot;"
      case "'" where quotes: result += "&#39;"
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }
}
