extension Plan {
  /// The plan as FORMATS.md's `plan.json`, one entry per line, ending in a newline. The same
  /// plan always gives the same bytes.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    // About 250 bytes per request listed (an assignment line is 230 to 280).
    writer.reserveCapacity(4096 + 256 * (assignments.count + rejected.count + unplaced.count))
    writer.raw("{\n")
    writer.array("assignments", assignments, indent: 2) { writer, assignment in
      var members: [(String, JSONScalar)] = [
        ("request", .string(assignment.request.rawValue)),
        ("accessPoint", .string(assignment.accessPoint.rawValue)),
        ("device", .string(assignment.device.rawValue)),
        ("port", .string(assignment.port)),
        ("portType", .string(assignment.portType.rawValue)),
        ("account", .string(assignment.account.rawValue)),
      ]
      members.append(
        ("redundantConnection", assignment.redundantConnection.map { .string($0) } ?? .null))
      members.append(("priority", .int(assignment.priority)))
      writer.inlineObject(members)
    }
    writer.raw(",\n")
    writeOutcomes(into: &writer)
    writer.raw("\n}\n")
    return writer.bytes
  }

  /// The members after `assignments` (`rejected` to `summary`), one per line without a
  /// trailing comma: `approve --all` prints them after the interfaces it approved.
  package func writeOutcomes(into writer: inout JSONWriter) {
    writer.array("rejected", rejected, indent: 2) { writer, rejection in
      writer.inlineObject([
        ("request", .string(rejection.request.rawValue)),
        ("code", .string(rejection.code.rawValue)),
        ("message", .string(rejection.message)),
      ])
    }
    writer.raw(",\n")
    writer.array("unplaced", unplaced, indent: 2) { writer, unplacement in
      writer.inlineObject([
        ("request", .string(unplacement.request.rawValue)),
        ("code", .string(unplacement.code.rawValue)),
        ("message", .string(unplacement.message)),
      ])
    }
    writer.raw(",\n")
    writer.array("accessPoints", accessPoints, indent: 2) { writer, outcome in
      writer.inlineObject([
        ("id", .string(outcome.id.rawValue)),
        ("requests", .int(outcome.requests)),
        ("placed", .int(outcome.placed)),
        ("method", .string(outcome.method.rawValue)),
        ("optimal", .bool(outcome.optimal)),
      ])
      if let gap = outcome.gap {
        // Only for an answer that is not proven: `"gap": { ... }` inside the same object.
        writer.dropLast(2)
        writer.raw(", \"gap\": ")
        writer.inlineObject([
          ("priority", .int(gap.priority)), ("placed", .int(gap.placed)),
          ("atMost", .int(gap.atMost)),
        ])
        writer.raw(" }")
      }
    }
    writer.raw(",\n  \"summary\": ")
    writer.inlineObject([
      ("requests", .int(summary.requests)),
      ("placed", .int(summary.placed)),
      ("rejected", .int(summary.rejected)),
      ("unplaced", .int(summary.unplaced)),
      ("optimal", .bool(summary.optimal)),
    ])
  }
}
