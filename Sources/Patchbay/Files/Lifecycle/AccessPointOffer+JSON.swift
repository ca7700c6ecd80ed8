extension [AccessPointOffer] {
  /// `{"accessPoints": [...]}`, one access point per line (`GET /v1/access-points`): `freePorts`
  /// is an object keyed by port type, from the slowest type, with every offered type present.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    writer.array("accessPoints", self, indent: 2) { writer, offer in
      writer.inlineObject(writing: [
        ("id", { $0.string(offer.id.rawValue) }),
        ("region", { $0.string(offer.region.rawValue) }),
        ("name", { $0.optionalString(offer.name) }),
        ("status", { $0.string(offer.status.rawValue) }),
        ("lineOperators", { $0.inlineArray(offer.lineOperators) { $0.string($1.rawValue) } }),
        ("portTypes", { $0.inlineArray(offer.portTypes) { $0.string($1.rawValue) } }),
        (
          "freePorts",
          { writer in
            writer.inlineObject(
              offer.portTypes.map { ($0.rawValue, .int(offer.freePorts[$0] ?? 0)) })
          }
        ),
      ])
    }
    writer.raw("\n}\n")
    return writer.bytes
  }
}
