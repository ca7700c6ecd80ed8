extension [ApplyOutcome] {
  /// `patchbay interface apply --requests`'s answer: the counts, then one result per request in
  /// the file's order, on one line each. An applied request carries its interface exactly as
  /// `interface apply` prints it, a refused one the code and message of the refusal that
  /// `interface apply` would print, so a script reads either answer the same way.
  ///
  /// ```json
  /// {
  ///   "applied": 1,
  ///   "refused": 1,
  ///   "results": [
  ///     { "request": "req-0100", "outcome": "applied", "interface": { "id": "req-0100", ... } },
  ///     { "request": "req-0101", "outcome": "refused", "code": "whitelist_required", "message": "..." }
  ///   ]
  /// }
  /// ```
  public var jsonBytes: [UInt8] {
    let refused = count { $0.refusal != nil }
    var writer = JSONWriter()
    // An interface line is about 600 bytes: one allocation for a backlog of any size.
    writer.reserveCapacity(128 + count * 700)
    writer.raw("{\n  \"applied\": \(count - refused),\n  \"refused\": \(refused),\n")
    writer.array("results", self, indent: 2) { writer, outcome in
      switch outcome {
      case .applied(let interface):
        writer.inlineObject(writing: [
          ("request", { $0.string(interface.id.rawValue) }),
          ("outcome", { $0.string("applied") }),
          ("interface", { interface.writeJSON(into: &$0) }),
        ])
      case .refused(let request, let error):
        writer.inlineObject([
          ("request", .string(request.rawValue)),
          ("outcome", .string("refused")),
          ("code", .string(error.code)),
          ("message", .string(error.description)),
        ])
      }
    }
    writer.raw("\n}\n")
    return writer.bytes
  }
}
