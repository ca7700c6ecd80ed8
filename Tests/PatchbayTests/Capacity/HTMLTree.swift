import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The capacity page read back as an XML tree (its markup is well-formed XML as well as HTML),
/// to find figures by their `data-k` keys, as a program reading the page would.
final class HTMLTree {
  let name: String
  let attributes: [String: String]
  private(set) var children: [HTMLTree] = []
  /// Text and elements in document order: a string, or an index into ``children``.
  private(set) var content: [Either] = []
  weak var parent: HTMLTree?

  enum Either {
    case text(String)
    case child(Int)
  }

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// Parses `html`; throws with the parser's line and message when it is not well-formed.
  static func parse(_ html: [UInt8]) throws -> HTMLTree {
    let builder = Builder()
    let parser = XMLParser(data: Data(html))
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw ParseError(
        description:
          "not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): "
          + "\(parser.parserError.map { "\($0)" } ?? "no root element")")
    }
    return root
  }

  struct ParseError: Error, CustomStringConvertible {
    var description: String
  }

  subscript(_ attribute: String) -> String? { attributes[attribute] }

  var classes: Set<String> {
    Set((attributes["class"] ?? "").split(separator: " ").map(String.init))
  }

  /// Every descendant (and itself), in document order.
  var all: [HTMLTree] { [self] + children.flatMap(\.all) }

  func all(_ name: String) -> [HTMLTree] { all.filter { $0.name == name } }

  func first(where test: (HTMLTree) -> Bool) -> HTMLTree? { all.first(where: test) }

  /// All the text inside, in order.
  var text: String {
    content.map { part in
      switch part {
      case .text(let text): text
      case .child(let index): children[index].text
      }
    }.joined()
  }

  /// The text outside `.was` spans: the figure as it is now.
  var now: String {
    content.map { part in
      switch part {
      case .text(let text): text
      case .child(let index):
        children[index].classes.contains("was") ? "" : children[index].now
      }
    }.joined().trimmingCharacters(in: .whitespaces)
  }

  /// The text of the first `.was` span, without its arrow: the figure before the batch.
  var was: String? {
    guard let span = first(where: { $0.classes.contains("was") }) else { return nil }
    return span.text.replacingOccurrences(of: "\u{2192}", with: "")
      .trimmingCharacters(in: .whitespaces)
  }

  /// The rows of a table as `data-k` of its column headers to cells.
  var rows: [[String: HTMLTree]] {
    let keys = all("thead").first?.all("th").map { $0["data-k"] ?? "" } ?? []
    return (all("tbody").first?.all("tr") ?? []).map { row in
      let cells = row.children.filter { $0.name == "td" || $0.name == "th" }
      return Dictionary(zip(keys, cells), uniquingKeysWith: { first, _ in first })
    }
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var root: HTMLTree?
    var stack: [HTMLTree] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      let node = HTMLTree(name: name, attributes: attributes)
      if let top = stack.last {
        node.parent = top
        top.content.append(.child(top.children.count))
        top.children.append(node)
      } else {
        root = node
      }
      stack.append(node)
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      stack.last?.content.append(.text(string))
    }
  }
}
