/// The LOA document as JSON (`patchbay interface loa --format json`, `GET
/// /v1/interfaces/{id}/loa`): one object, every member always present (`null` when the inventory
/// does not record it), members named as in the interface's JSON where they mean the same.
extension LOADocument {
  /// The document as a JSON object and a newline.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    let members: [(String, (inout JSONWriter) -> Void)] = [
      ("reference", { $0.string(reference) }),
      ("interface", { $0.string(interface.rawValue) }),
      ("state", { $0.string(state.rawValue) }),
      ("issuedAt", { $0.string(ISO8601Time.format(issuedAt)) }),
      ("account", { $0.string(account.rawValue) }),
      ("companyName", { $0.string(companyName) }),
      ("constructionCompany", { $0.string(constructionCompany) }),
      ("constructionType", { $0.string(constructionType.rawValue) }),
      ("scheduledConstructionTime", { $0.string(ISO8601Time.format(scheduledConstructionTime)) }),
      ("lineOperator", { $0.string(lineOperator.rawValue) }),
      ("region", { $0.string(region.rawValue) }),
      ("regionName", { $0.optionalString(regionName) }),
      ("accessPoint", { $0.string(accessPoint.rawValue) }),
      ("accessPointName", { $0.optionalString(accessPointName) }),
      ("location", { $0.optionalString(location) }),
      ("device", { $0.string(device.rawValue) }),
      ("cabinet", { $0.optionalString(cabinet) }),
      ("port", { $0.string(port) }),
      ("portType", { $0.string(portType.rawValue) }),
      ("portSpec", { $0.string(portSpec.rawValue) }),
      (
        "redundantConnection",
        { writer in
          guard let partner = redundantConnection else { return writer.scalar(.null) }
          writer.inlineObject([
            ("id", .string(partner.id.rawValue)),
            ("otherAccount", .bool(partner.isOtherAccount)),
            ("status", partner.status.map { .string($0.rawValue) } ?? .null),
            ("accessPoint", partner.accessPoint.map { .string($0.rawValue) } ?? .null),
            ("device", partner.device.map { .string($0.rawValue) } ?? .null),
            ("cabinet", partner.cabinet.map { .string($0) } ?? .null),
            ("port", partner.port.map { .string($0) } ?? .null),
          ])
        }
      ),
      (
        "fieldEngineers",
        { writer in
          writer.raw("[\n")
          for (index, engineer) in fieldEngineers.enumerated() {
            writer.raw("    ")
            writer.inlineObject([
              ("name", .string(engineer.name)),
              ("contact", .string(engineer.contact)),
              ("certificateType", .string(engineer.certificateType.rawValue)),
              ("maskedCertificateNumber", .string(engineer.maskedCertificateNumber)),
            ])
            writer.raw(index + 1 < fieldEngineers.count ? ",\n" : "\n")
          }
          writer.raw("  ]")
        }
      ),
    ]
    for (index, (name, write)) in members.enumerated() {
      writer.raw("  ")
      writer.string(name)
      writer.raw(": ")
      write(&writer)
      writer.raw(index + 1 < members.count ? ",\n" : "\n")
    }
    writer.raw("}\n")
    return writer.bytes
  }
}
