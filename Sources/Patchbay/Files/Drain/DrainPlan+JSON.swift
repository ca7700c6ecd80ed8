/// `patchbay drain`'s JSON (PLANNING.md "Drain and failure", docs/DRAIN.md):
/// `moves`, `stranded` and `summary` as PLANNING.md gives them, one move or stranded connection
/// per line, each list in inventory order of the connections; then `devices` (the drained
/// devices, as given) and `optimal`. The same bytes for the same input.
extension DrainPlan {
  /// The plan as JSON text, ending in a newline.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.reserveCapacity(200 + moves.count * 120 + stranded.count * 200)
    writer.raw("{\n")
    writer.array("moves", moves, indent: 2) { writer, move in
      writer.inlineObject(writing: [
        ("connection", { $0.string(move.connection.rawValue) }),
        ("from", { move.from.write(&$0) }),
        ("to", { move.to.write(&$0) }),
      ])
    }
    writer.raw(",\n")
    writer.array("stranded", stranded, indent: 2) { writer, entry in
      writer.inlineObject([
        ("connection", .string(entry.connection.rawValue)),
        ("code", .string(entry.code.rawValue)),
        ("message", .string(entry.message)),
      ])
    }
    writer.raw(",\n  \"summary\": ")
    writer.inlineObject([
      ("toMove", .int(summary.toMove)),
      ("moved", .int(summary.moved)),
      ("stranded", .int(summary.stranded)),
      ("portChanges", .int(summary.portChanges)),
    ])
    writer.raw(",\n  \"devices\": ")
    writer.inlineArray(drainedDevices) { writer, device in writer.string(device.rawValue) }
    writer.raw(",\n  \"optimal\": ")
    writer.scalar(.bool(optimal))
    writer.raw("\n}\n")
    return writer.bytes
  }
}

extension ConnectionMove.End {
  /// `{ "device": "d1", "port": "1/1/1" }`.
  fileprivate func write(_ writer: inout JSONWriter) {
    writer.inlineObject([("device", .string(device.rawValue)), ("port", .string(port))])
  }
}
