import Foundation

/// Interfaces as `patchbay interface` prints them, and as the provisioning service answers: one
/// object per interface on one line, every member always present (`null` when not known yet),
/// so scripts can read a field without checking whether it exists.
extension Interface {
  /// The interface as a JSON object and a newline.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writeJSON(into: &writer)
    writer.raw("\n")
    return writer.bytes
  }

  /// Members in the order of FORMATS.md's "Provisioning state": who and where, then what the
  /// customer gave, then the times (ISO 8601, UTC).
  package func writeJSON(into writer: inout JSONWriter) {
    writer.inlineObject(writing: [
      ("id", { $0.string(id.rawValue) }),
      ("state", { $0.string(state.rawValue) }),
      ("consoleName", { $0.string(state.consoleName) }),
      ("status", { $0.string(state.apiStatus.rawValue) }),
      ("loaStatus", { $0.optionalString(state.loaStatus?.rawValue) }),
      ("account", { $0.string(account.rawValue) }),
      ("region", { $0.string(region.rawValue) }),
      ("accessPoint", { $0.string(accessPoint.rawValue) }),
      ("lineOperator", { $0.string(lineOperator.rawValue) }),
      ("portSpec", { $0.string(portSpec.rawValue) }),
      ("portType", { $0.string(portType.rawValue) }),
      ("redundantConnection", { $0.optionalString(redundantConnection?.rawValue) }),
      ("priority", { $0.scalar(.int(priority)) }),
      ("device", { $0.optionalString(device?.rawValue) }),
      ("port", { $0.optionalString(port) }),
      (
        "loa",
        { writer in
          if let loa { loa.writeJSON(into: &writer) } else { writer.scalar(.null) }
        }
      ),
      ("rejectionReason", { $0.optionalString(rejectionReason) }),
      (
        "delivery",
        { writer in
          if let delivery { delivery.writeJSON(into: &writer) } else { writer.scalar(.null) }
        }
      ),
      ("createdAt", { $0.string(ISO8601Time.format(createdAt)) }),
      ("updatedAt", { $0.string(ISO8601Time.format(updatedAt)) }),
    ])
  }
}

extension [Interface] {
  /// A JSON array, one interface per line (`patchbay interface list`).
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.interfaceList(self, indent: 0)
    writer.raw("\n")
    return writer.bytes
  }
}

extension LetterOfAuthorization {
  /// The LOA as `loa.json` has it. `time` writes the construction time: whole seconds for
  /// people, milliseconds in the store, which must give back the same `Date`.
  package func writeJSON(
    into writer: inout JSONWriter, time: (Date) -> String = ISO8601Time.format
  ) {
    let scheduled = time(scheduledConstructionTime)
    writer.inlineObject(writing: [
      ("companyName", { $0.string(companyName) }),
      ("constructionCompany", { $0.string(constructionCompany) }),
      ("constructionType", { $0.string(constructionType.rawValue) }),
      ("scheduledConstructionTime", { $0.string(scheduled) }),
      ("location", { $0.optionalString(location) }),
      ("bandwidthMbps", { $0.scalar(bandwidthMbps.map { .int($0) } ?? .null) }),
      (
        "fieldEngineers",
        { writer in
          writer.inlineArray(fieldEngineers) { writer, engineer in
            writer.inlineObject([
              ("name", .string(engineer.name)),
              ("contact", .string(engineer.contact)),
              ("certificateType", .string(engineer.certificateType.rawValue)),
              ("certificateNumber", .string(engineer.certificateNumber)),
            ])
          }
        }
      ),
    ])
  }
}

extension DeliveryReport {
  package func writeJSON(into writer: inout JSONWriter) {
    writer.inlineObject(writing: [
      ("lineCode", { $0.string(lineCode) }),
      ("cableLabels", { $0.inlineArray(cableLabels) { $0.string($1) } }),
    ])
  }
}

extension JSONWriter {
  package mutating func optionalString(_ value: String?) {
    scalar(value.map { .string($0) } ?? .null)
  }

  /// `[` then one interface per line, then `]`; `indent` is the indentation of the brackets'
  /// line when the list is a member of an object.
  package mutating func interfaceList(_ interfaces: [Interface], indent: Int) {
    guard !interfaces.isEmpty else {
      raw("[]")
      return
    }
    let pad = String(repeating: " ", count: indent)
    raw("[\n")
    for (index, interface) in interfaces.enumerated() {
      raw(pad + "  ")
      interface.writeJSON(into: &self)
      raw(index + 1 < interfaces.count ? ",\n" : "\n")
    }
    raw(pad + "]")
  }
}
