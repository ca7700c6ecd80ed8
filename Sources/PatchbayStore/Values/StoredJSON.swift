import Foundation
import Patchbay

/// The LOA's JSON column: `loa.json` as FORMATS.md gives it, the time in ISO 8601 UTC with
/// milliseconds. Written with the library's JSON writer and read back with ``LOADecoder``, the
/// same reader as the file: Foundation's `JSONEncoder` and `JSONDecoder` were a fifth of
/// `approve --all`, which reads and writes every LOA of the batch.
enum LOAJSON {
  static func text(_ loa: LetterOfAuthorization) -> String {
    var writer = JSONWriter()
    loa.writeJSON(into: &writer, time: StoredValues.text)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  static func loa(_ text: String, _ what: String) throws -> LetterOfAuthorization {
    do {
      return try LOADecoder.decode(text, file: "\(what) loa")
    } catch {
      throw UnreadableValue(description: "\(what) loa is not the expected JSON: \(error)")
    }
  }
}

/// The delivery report's JSON column: the line code and the cable labels in the order given.
struct DeliveryJSON: Codable {
  var lineCode: String
  var cableLabels: [String]

  static func text(_ report: DeliveryReport) throws -> String {
    try JSONText.encode(DeliveryJSON(lineCode: report.lineCode, cableLabels: report.cableLabels))
  }

  static func report(_ text: String, _ what: String) throws -> DeliveryReport {
    let record = try JSONText.decode(DeliveryJSON.self, text, "\(what) delivery")
    do {
      return try DeliveryReport(lineCode: record.lineCode, cableLabels: record.cableLabels)
    } catch {
      throw UnreadableValue(description: "\(what) delivery: \(error)")
    }
  }
}

/// JSON text with sorted keys, so the same value is always the same text.
enum JSONText {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String, _ what: String) throws -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw UnreadableValue(description: "\(what) is not the expected JSON: \(error)")
    }
  }
}
