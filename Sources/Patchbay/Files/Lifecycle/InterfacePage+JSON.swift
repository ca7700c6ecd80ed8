extension InterfacePage {
  /// The page as the provisioning service answers a listing:
  /// `{"interfaces": [...], "nextPageToken": "..." | null}`, each interface the object of
  /// ``Interface/jsonBytes`` on a line of its own.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n  \"interfaces\": ")
    writer.interfaceList(interfaces, indent: 2)
    writer.raw(",\n  \"nextPageToken\": ")
    writer.optionalString(next?.description)
    writer.raw("\n}\n")
    return writer.bytes
  }
}
