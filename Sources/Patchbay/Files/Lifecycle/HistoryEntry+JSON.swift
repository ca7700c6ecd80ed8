extension [HistoryEntry] {
  /// An interface's history as a JSON array, oldest first, one entry per line
  /// (`patchbay interface history`). `from` is `null` for the application.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    guard !isEmpty else {
      writer.raw("[]\n")
      return writer.bytes
    }
    writer.raw("[\n")
    for (index, entry) in enumerated() {
      writer.raw("  ")
      writer.inlineObject(writing: [
        ("interface", { $0.string(entry.interface.rawValue) }),
        ("sequence", { $0.scalar(.int(entry.sequence)) }),
        ("at", { $0.string(ISO8601Time.format(entry.at)) }),
        ("action", { $0.string(entry.action.rawValue) }),
        ("from", { $0.optionalString(entry.from?.rawValue) }),
        ("to", { $0.string(entry.to.rawValue) }),
        ("detail", { $0.optionalString(entry.detail) }),
      ])
      writer.raw(index + 1 < count ? ",\n" : "\n")
    }
    writer.raw("]\n")
    return writer.bytes
  }
}
