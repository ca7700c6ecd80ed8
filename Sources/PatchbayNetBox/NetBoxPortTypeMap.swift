import Patchbay

/// Which NetBox interface types become ports, and the Patchbay port types such a port accepts
/// (NETBOX.md). `--port-types MAP.json` replaces the whole default map.
package struct NetBoxPortTypeMap: Sendable, Hashable {
  /// NetBox type value -> accepted port types, in the order given: the first is the type a held
  /// port's connection is recorded with.
  package var types: [String: [PortType]]

  package init(_ types: [String: [PortType]]) { self.types = types }

  /// NETBOX.md's table.
  package static let `default` = NetBoxPortTypeMap([
    "100base-tx": [.base100T],
    "1000base-t": [.base1000T],
    "1000base-x-sfp": [.base1000LX],
    "10gbase-t": [.base10GT],
    "10gbase-x-sfpp": [.base10GLR],
    "25gbase-x-sfp28": [.base10GLR],
    "40gbase-x-qsfpp": [.base40GLR],
    "100gbase-x-qsfp28": [.base100GLR],
  ])

  /// The port types an interface of NetBox type `type` accepts, or `nil` when it is not mapped.
  package func accepts(_ type: String) -> [PortType]? { types[type] }

  /// Reads a map file: one JSON object whose members are NetBox type values and whose values
  /// list Patchbay port types (`{"1000base-t": ["1000Base-T"], "10gbase-x-sfpp": ["10GBase-LR",
  /// "10GBase-T"]}`); a single string stands for a list of one.
  ///
  /// - Throws: ``NetBoxError`` naming the file and the member, of kind `.unreadableFile` or
  ///   `.invalidFile`.
  package static func read(path: String) throws(NetBoxError) -> NetBoxPortTypeMap {
    let bytes = try SmallFile.bytes(path, what: "port-type map", maximum: 1 << 20)
    return try decode(bytes, file: path)
  }

  package static func decode(_ bytes: [UInt8], file: String) throws(NetBoxError)
    -> NetBoxPortTypeMap
  {
    func invalid(_ place: String?, _ message: String) -> NetBoxError {
      let at = place.map { " \($0):" } ?? ""
      return NetBoxError(.invalidFile, "port-type map \(file):\(at) \(message)")
    }
    let document: JSONDocument
    do throws(JSONSyntaxError) {
      document = try JSONDocument(bytes: bytes)
    } catch {
      let place = error.path ?? "line \(error.line), column \(error.column)"
      throw invalid(place, "\(error.message); the map is a JSON object")
    }
    let root = document.root
    guard root.kind == .object else {
      throw invalid(
        nil,
        "is \(root.typeDescription); write one JSON object from NetBox interface types to lists "
          + "of port types, such as {\"1000base-t\": [\"1000Base-T\"]}")
    }
    let known = PortType.allCases.map(\.rawValue).joined(separator: ", ")
    var types: [String: [PortType]] = [:]
    for (name, value) in root.members {
      let key = name.string ?? ""
      let place = "\"\(key.escapingControlCharacters)\""
      guard !key.isEmpty else { throw invalid(place, "a NetBox interface type cannot be empty") }
      let elements: [JSONValue]
      switch value.kind {
      case .string: elements = [value]
      case .array: elements = Array(value.elements)
      default:
        throw invalid(
          place, "is \(value.typeDescription); give a list of port types (\(known))")
      }
      guard !elements.isEmpty else {
        throw invalid(
          place,
          "lists no port type; give at least one (\(known)), or leave the type out so that such "
            + "interfaces are skipped")
      }
      var accepted: [PortType] = []
      for (index, element) in elements.enumerated() {
        let text = element.string ?? ""
        guard let type = PortType(rawValue: text) else {
          let what =
            element.kind == .string
            ? "\"\(text.escapingControlCharacters)\"" : element.typeDescription
          let hint = PortType.closeMatch(to: text).map { "did you mean \"\($0.rawValue)\"? " } ?? ""
          throw invalid(
            "\(place)[\(index)]", "\(what) is not a port type; \(hint)the port types are \(known)")
        }
        if !accepted.contains(type) { accepted.append(type) }
      }
      types[key] = accepted
    }
    return NetBoxPortTypeMap(types)
  }
}
