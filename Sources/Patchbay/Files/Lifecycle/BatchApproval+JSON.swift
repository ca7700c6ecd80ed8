extension BatchApproval {
  /// `approve --all`'s answer: `approved` (the interfaces, one per line) followed by the plan's
  /// `rejected`, `unplaced`, `accessPoints` and `summary` exactly as `plan.json` writes them, so
  /// a script that reads plans reads these too.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    // About a kilobyte an interface with its LOA: the buffer is not copied as it grows.
    writer.reserveCapacity(approved.count * 1_024 + 4_096)
    writer.raw("{\n  \"approved\": ")
    writer.interfaceList(approved, indent: 2)
    writer.raw(",\n")
    plan.writeOutcomes(into: &writer)
    writer.raw("\n}\n")
    return writer.bytes
  }
}
