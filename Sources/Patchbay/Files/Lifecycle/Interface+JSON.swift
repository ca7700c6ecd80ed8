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
    var times = ISO8601Texts()
    writeJSON(into: &writer, times: &times)
  }

  /// ``writeJSON(into:)`` with the times spelled through `times`, which a list shares: the
  /// interfaces of a batch mostly have the same few times, and Foundation's formatting was most
  /// of an interface's cost. Written member by member (no closure per member, whose captures
  /// were retained and released for each one), the same bytes as ``JSONWriter/inlineObject(_:)``
  /// writes.
  package func writeJSON(into writer: inout JSONWriter, times: inout ISO8601Texts) {
    writer.raw("{ \"id\": ")
    writer.string(id.rawValue)
    writer.raw(", \"state\": ")
    writer.string(state.rawValue)
    writer.raw(", \"consoleName\": ")
    writer.string(state.consoleName)
    writer.raw(", \"status\": ")
    writer.string(state.apiStatus.rawValue)
    writer.raw(", \"loaStatus\": ")
    writer.optionalString(state.loaStatus?.rawValue)
    writer.raw(", \"account\": ")
    writer.string(account.rawValue)
    writer.raw(", \"region\": ")
    writer.string(region.rawValue)
    writer.raw(", \"accessPoint\": ")
    writer.string(accessPoint.rawValue)
    writer.raw(", \"lineOperator\": ")
    writer.string(lineOperator.rawValue)
    writer.raw(", \"portSpec\": ")
    writer.string(portSpec.rawValue)
    writer.raw(", \"portType\": ")
    writer.string(portType.rawValue)
    writer.raw(", \"redundantConnection\": ")
    writer.optionalString(redundantConnection?.rawValue)
    writer.raw(", \"priority\": ")
    writer.scalar(.int(priority))
    writer.raw(", \"device\": ")
    writer.optionalString(device?.rawValue)
    writer.raw(", \"port\": ")
    writer.optionalString(port)
    writer.raw(", \"loa\": ")
    if let loa {
      loa.writeJSON(into: &writer) { times.text($0) }
    } else {
      writer.scalar(.null)
    }
    writer.raw(", \"rejectionReason\": ")
    writer.optionalString(rejectionReason)
    writer.raw(", \"delivery\": ")
    if let delivery { delivery.writeJSON(into: &writer) } else { writer.scalar(.null) }
    writer.raw(", \"createdAt\": ")
    writer.string(times.text(createdAt))
    writer.raw(", \"updatedAt\": ")
    writer.string(times.text(updatedAt))
    writer.raw(" }")
  }
}

/// ``ISO8601Time/format(_:)`` of the last few times asked for, kept: the interfaces of a list
/// share their times (a batch applied at once, approved at once, with one LOA date), and
/// Foundation's formatting costs microseconds each.
package struct ISO8601Texts {
  private var recent: [(date: Date, text: String)] = []
  private var next = 0

  package init() {}

  package mutating func text(_ date: Date) -> String {
    for entry in recent where entry.date == date { return entry.text }
    let text = ISO8601Time.format(date)
    if recent.count < 4 {
      recent.append((date, text))
    } else {
      recent[next] = (date, text)
      next = (next + 1) % recent.count
    }
    return text
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
    // Member by member, as ``JSONWriter/inlineObject(_:)`` lays them out: a list of closures
    // or of pairs per LOA cost more than the writing.
    writer.raw("{ \"companyName\": ")
    writer.string(companyName)
    writer.raw(", \"constructionCompany\": ")
    writer.string(constructionCompany)
    writer.raw(", \"constructionType\": ")
    writer.string(constructionType.rawValue)
    writer.raw(", \"scheduledConstructionTime\": ")
    writer.string(time(scheduledConstructionTime))
    writer.raw(", \"location\": ")
    writer.optionalString(location)
    writer.raw(", \"bandwidthMbps\": ")
    writer.scalar(bandwidthMbps.map { .int($0) } ?? .null)
    writer.raw(", \"fieldEngineers\": [")
    for (index, engineer) in fieldEngineers.enumerated() {
      writer.raw(index > 0 ? ", { \"name\": " : "{ \"name\": ")
      writer.string(engineer.name)
      writer.raw(", \"contact\": ")
      writer.string(engineer.contact)
      writer.raw(", \"certificateType\": ")
      writer.string(engineer.certificateType.rawValue)
      writer.raw(", \"certificateNumber\": ")
      writer.string(engineer.certificateNumber)
      writer.raw(" }")
    }
    writer.raw("] }")
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
    var times = ISO8601Texts()
    for (index, interface) in interfaces.enumerated() {
      raw(pad + "  ")
      interface.writeJSON(into: &self, times: &times)
      raw(index + 1 < interfaces.count ? ",\n" : "\n")
    }
    raw(pad + "]")
  }
}
