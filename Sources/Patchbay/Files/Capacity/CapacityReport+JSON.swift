/// `patchbay capacity --format json` (docs/CAPACITY.md): PLANNING.md's members in inventory
/// order, with more beside them (region, utilization, counts per port type, per-device N+1),
/// one access point per few lines and one device per line, the same bytes for the same input.
extension CapacityReport {
  /// The report as JSON text, ending in a newline.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    writeBody(&writer, indent: 2)
    writer.raw("\n}\n")
    return writer.bytes
  }

  /// `"accessPoints": [...], "summary": {...}, "thresholds": {...}` at `indent` spaces.
  func writeBody(_ writer: inout JSONWriter, indent: Int) {
    let pad = String(repeating: " ", count: indent)
    writer.raw(pad)
    writer.string("accessPoints")
    if accessPoints.isEmpty {
      writer.raw(": []")
    } else {
      writer.raw(": [\n")
      for (index, accessPoint) in accessPoints.enumerated() {
        accessPoint.write(&writer, indent: indent + 2)
        writer.raw(index + 1 < accessPoints.count ? ",\n" : "\n")
      }
      writer.raw(pad + "]")
    }
    writer.raw(",\n\(pad)\"summary\": ")
    writer.inlineObject(writing: [
      ("accessPoints", { $0.scalar(.int(summary.accessPoints)) }),
      ("full", { $0.scalar(.int(summary.full)) }),
      ("hot", { $0.scalar(.int(summary.hot)) }),
      ("recommended", { $0.scalar(.int(summary.recommended)) }),
      ("disabled", { $0.scalar(.int(summary.disabled)) }),
      ("statusChanges", { $0.scalar(.int(summary.statusChanges)) }),
      ("nPlusOneShortfall", { $0.scalar(.int(summary.nPlusOneShortfall)) }),
      ("ports", { summary.ports.write(&$0) }),
    ])
    writer.raw(",\n\(pad)\"thresholds\": ")
    writer.inlineObject(writing: [
      ("hotUtilization", { $0.raw(JSONDecimal.text(thresholds.hotUtilization)) }),
      ("hotPairs", { $0.scalar(.int(thresholds.hotPairs)) }),
    ])
  }
}

extension CapacityWhatIf {
  /// The report after the batch at the top (as `patchbay capacity` without a batch, so scripts
  /// read one shape), then the batch's counts and the report before it.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    after.writeBody(&writer, indent: 2)
    writer.raw(",\n  \"batch\": ")
    writer.inlineObject([
      ("requests", .int(plan.summary.requests)),
      ("placed", .int(plan.summary.placed)),
      ("rejected", .int(plan.summary.rejected)),
      ("unplaced", .int(plan.summary.unplaced)),
    ])
    writer.raw(",\n  \"before\": {\n")
    before.writeBody(&writer, indent: 4)
    writer.raw("\n  }\n}\n")
    return writer.bytes
  }
}

extension AccessPointCapacity {
  fileprivate func write(_ writer: inout JSONWriter, indent: Int) {
    let pad = String(repeating: " ", count: indent)
    writer.raw(pad + "{ ")
    writer.raw("\"id\": ")
    writer.string(id.rawValue)
    writer.raw(", \"region\": ")
    writer.string(region.rawValue)
    writer.raw(", \"declaredStatus\": ")
    writer.string(declaredStatus.rawValue)
    writer.raw(", \"suggestedStatus\": ")
    writer.string(suggestedStatus.rawValue)
    writer.raw(",\n\(pad)  \"ports\": ")
    ports.write(&writer)
    writer.raw(",\n\(pad)  \"portTypes\": ")
    writer.inlineArray(portTypes) { writer, counts in counts.write(&writer) }
    writer.raw(",\n")
    writer.array("devices", devices, indent: indent + 2) { writer, device in
      writer.inlineObject(writing: [
        ("id", { $0.string(device.id.rawValue) }),
        ("total", { $0.scalar(.int(device.ports.total)) }),
        ("held", { $0.scalar(.int(device.ports.held)) }),
        ("free", { $0.scalar(.int(device.ports.free)) }),
        ("utilization", { $0.raw(JSONDecimal.text(device.ports.utilization)) }),
        ("liveConnections", { $0.scalar(.int(device.liveConnections)) }),
        ("nPlusOneShortfall", { $0.scalar(.int(device.nPlusOneShortfall)) }),
        (
          "portTypes",
          { writer in
            writer.inlineArray(device.portTypes) { writer, counts in counts.write(&writer) }
          }
        ),
      ])
    }
    writer.raw(",\n\(pad)  \"headroom\": ")
    writer.inlineArray(headroom) { writer, entry in
      writer.inlineObject([
        ("portType", .string(entry.portType.rawValue)),
        ("singles", .int(entry.singles)),
        ("pairs", .int(entry.pairs)),
      ])
    }
    writer.raw(",\n\(pad)  \"nPlusOne\": ")
    writer.inlineObject([
      ("worstDevice", nPlusOne.worstDevice.map { .string($0.rawValue) } ?? .null),
      ("shortfall", .int(nPlusOne.shortfall)),
    ])
    writer.raw(" }")
  }
}

extension PortCounts {
  /// `{ "total": 96, "held": 80, "free": 16, "utilization": 0.8333 }`.
  fileprivate func write(_ writer: inout JSONWriter) {
    writer.inlineObject(writing: [
      ("total", { $0.scalar(.int(total)) }),
      ("held", { $0.scalar(.int(held)) }),
      ("free", { $0.scalar(.int(free)) }),
      ("utilization", { $0.raw(JSONDecimal.text(utilization)) }),
    ])
  }
}

extension PortTypeCounts {
  /// `{ "portType": "10GBase-LR", "total": 48, "held": 41, "free": 7 }`.
  fileprivate func write(_ writer: inout JSONWriter) {
    writer.inlineObject([
      ("portType", .string(portType.rawValue)),
      ("total", .int(ports.total)),
      ("held", .int(ports.held)),
      ("free", .int(ports.free)),
    ])
  }
}

/// A ratio as JSON: at most four decimals, rounded, without trailing zeros (`0.8333`, `0.8`,
/// `1`), so that the text does not depend on how a platform prints a `Double`.
package enum JSONDecimal {
  package static func text(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let scaled = Int((abs(value) * 10_000).rounded())
    let sign = value < 0 && scaled != 0 ? "-" : ""
    let whole = scaled / 10_000
    var fraction = String(scaled % 10_000)
    fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
  }
}
