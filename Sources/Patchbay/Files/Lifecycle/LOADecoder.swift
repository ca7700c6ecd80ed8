import Foundation

/// Reads `loa.json` (FORMATS.md "Provisioning state"). A file that is not a JSON object is an
/// ``InputError`` (exit 65); an object with missing or wrong fields is
/// a ``LifecycleError`` of kind ``LifecycleError/Kind/invalidLOA`` listing every problem by field, so the customer fixes them
/// all at once.
public enum LOADecoder: Sendable {
  /// Reads and decodes the LOA file at `path` (at most 1 GiB, as every input).
  public static func read(path: String) throws -> LetterOfAuthorization {
    try decode(FileReading.bytes(atPath: path), file: path)
  }

  /// Decodes LOA JSON; `file` names it in messages. The LOA's rules are
  /// ``LetterOfAuthorization``'s initializer's, which this calls.
  public static func decode(_ bytes: [UInt8], file: String) throws -> LetterOfAuthorization {
    if let letter = bytes.withUnsafeBufferPointer(PlainLOAReader.letter(in:)) { return letter }
    return try explaining(bytes, file: file)
  }

  /// ``decode(_:file:)`` of a text, as the store keeps LOAs: its bytes are read where they are
  /// (not copied into an array), and `file` is made only when there is something to report.
  package static func decode(_ text: String, file: @autoclosure () -> String) throws
    -> LetterOfAuthorization
  {
    let plain = text.utf8.withContiguousStorageIfAvailable(PlainLOAReader.letter(in:))
    if let letter = plain ?? nil { return letter }
    return try explaining(Array(text.utf8), file: file())
  }

  /// The reader that takes every file and explains every problem; ``PlainLOAReader`` takes the
  /// common case first and leaves everything else to this.
  static func explaining(_ bytes: [UInt8], file: String) throws -> LetterOfAuthorization {
    let document = try JSONDocument.parse(bytes, file: file)
    guard document.root.kind == .object else {
      throw InputError(
        file: file, place: "line 1",
        message: "an LOA must be a JSON object like {\"companyName\": ..., \"fieldEngineers\": "
          + "[...]}; found \(document.root.typeDescription)")
    }
    var problems: [InputError.Problem] = []
    let record = JSONRecord(value: document.root, path: "")
    let company = record.string("companyName", required: true, problems: &problems)
    let installer = record.string("constructionCompany", required: true, problems: &problems)
    let type = constructionType(record, problems: &problems)
    let time = scheduledTime(record, problems: &problems)
    let location = record.string("location", required: false, problems: &problems)
    let bandwidth = bandwidthMbps(record, problems: &problems)
    let engineers = fieldEngineers(record, problems: &problems)
    guard problems.isEmpty, let company, let installer, let type, let time else {
      throw LifecycleError.invalidLOA(problems)
    }
    // The rules of a letter are the initializer's; the decoder adds only the file's shape.
    return try LetterOfAuthorization(
      companyName: company, constructionCompany: installer, constructionType: type,
      scheduledConstructionTime: time, location: location, bandwidthMbps: bandwidth,
      fieldEngineers: engineers)
  }

  private static func constructionType(
    _ record: JSONRecord, problems: inout [InputError.Problem]
  ) -> ConstructionType? {
    guard let text = record.string("constructionType", required: true, problems: &problems)
    else { return nil }
    if let type = ConstructionType(rawValue: text) { return type }
    let allowed = ConstructionType.allCases.map(\.rawValue).joined(separator: ", ")
    let message =
      text.uppercased() == "SDH"
      ? "SDH lines are not supported (155M CPOS, V.35, G.703); use one of \(allowed)"
      : "\"\(text)\" is not a construction type; use one of \(allowed)"
    problems.append(.init(place: "constructionType", message: message))
    return nil
  }

  private static func scheduledTime(_ record: JSONRecord, problems: inout [InputError.Problem])
    -> Date?
  {
    guard
      let text = record.string("scheduledConstructionTime", required: true, problems: &problems)
    else { return nil }
    switch ISO8601Time.check(text) {
    case .success(let date): return date
    case .failure(let error):
      problems.append(.init(place: "scheduledConstructionTime", message: "\"\(text)\" \(error)"))
      return nil
    }
  }

  private static func bandwidthMbps(_ record: JSONRecord, problems: inout [InputError.Problem])
    -> Int?
  {
    guard let value = record.member("bandwidthMbps"), !value.isNull else { return nil }
    if let number = value.integer, number > 0 { return number }
    problems.append(
      .init(
        place: "bandwidthMbps",
        message: "must be a positive whole number of Mbps; found \(value.typeDescription)"))
    return nil
  }

  private static func fieldEngineers(_ record: JSONRecord, problems: inout [InputError.Problem])
    -> [FieldEngineer]
  {
    guard let list = record.array("fieldEngineers", required: true, problems: &problems) else {
      return []
    }
    let limit = LetterOfAuthorization.maxFieldEngineers
    guard (1...limit).contains(list.count) else {
      problems.append(
        .init(
          place: "fieldEngineers",
          message: "name 1 to \(limit) field engineers; found \(list.count)"))
      return []
    }
    var engineers: [FieldEngineer] = []
    for (element, place) in list {
      let path = place.description
      guard let engineer = JSONRecord.object(element, place: place, problems: &problems) else {
        continue
      }
      let name = engineer.string("name", required: true, problems: &problems)
      let contact = engineer.string("contact", required: true, problems: &problems)
      let number = engineer.string("certificateNumber", required: true, problems: &problems)
      var certificate: CertificateType?
      if let text = engineer.string("certificateType", required: true, problems: &problems) {
        certificate = CertificateType(rawValue: text)
        if certificate == nil {
          let allowed = CertificateType.allCases.map(\.rawValue).joined(separator: " or ")
          problems.append(
            .init(
              place: "\(path).certificateType",
              message: "\"\(text)\" is not a certificate type; use \(allowed)"))
        }
      }
      guard let name, let contact, let number, let certificate else { continue }
      do {
        engineers.append(
          try FieldEngineer(
            name: name, contact: contact, certificateType: certificate, certificateNumber: number))
      } catch {
        problems += error.problems.map {
          InputError.Problem(place: "\(path).\($0.place ?? "")", message: $0.message)
        }
      }
    }
    return engineers
  }
}
