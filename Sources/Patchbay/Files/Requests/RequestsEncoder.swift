/// Writes a batch as FORMATS.md's `requests.json`, one request per line, absent fields left out.
public enum RequestsEncoder: Sendable {
  /// The batch, in batch order, as the UTF-8 bytes of `requests.json`, ending with a newline.
  public static func jsonBytes(_ requests: [Request]) -> [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    writer.array("requests", requests, indent: 2) { writer, request in
      var members: [(String, JSONScalar)] = [("id", .string(request.id.rawValue))]
      let fields: [(String, String?)] = [
        ("account", request.account), ("region", request.region),
        ("accessPoint", request.accessPoint), ("lineOperator", request.lineOperator),
        ("portSpec", request.portSpec), ("portType", request.portType),
        ("redundantConnection", request.redundantConnection),
      ]
      for (name, value) in fields {
        if let value { members.append((name, .string(value))) }
      }
      members.append(("priority", .int(request.priority)))
      writer.inlineObject(members)
    }
    writer.raw("\n}\n")
    return writer.bytes
  }
}
