import Foundation
import Patchbay

/// The small JSON bodies of the lifecycle's steps, read with their problems at JSON pointers:
/// a reason, a delivery report, a list of interfaces.
enum SmallBodies {
  /// The body as a JSON object; an empty body is an empty object.
  static func object(_ bytes: [UInt8]) throws -> [String: Any] {
    guard !bytes.isEmpty else { return [:] }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    } catch {
      throw Problem.malformed(
        "the body is not JSON: \((error as NSError).localizedDescription)",
        errors: [.init(detail: "not JSON", pointer: "")])
    }
    guard let object = root as? [String: Any] else {
      throw Problem.malformed(
        "the body must be a JSON object", errors: [.init(detail: "expected an object", pointer: "")])
    }
    return object
  }

  /// `{"reason": "..."}` for `reject`; an empty reason is the lifecycle's `missing_reason`.
  static func reason(_ bytes: [UInt8]) throws -> String {
    let object = try object(bytes)
    switch object["reason"] {
    case nil, is NSNull: return ""
    case let reason as String: return reason
    default:
      throw Problem(
        .badRequest, code: "missing_reason", detail: "\"reason\" must be a string",
        errors: [.init(detail: "expected a string", pointer: "/reason")])
    }
  }

  /// `{"lineCode": "...", "cableLabels": ["..."]}`; the report's own rules are
  /// ``DeliveryReport``'s initializer's.
  static func deliveryReport(_ bytes: [UInt8]) throws -> DeliveryReport {
    let object = try object(bytes)
    var errors: [Problem.Detail] = []
    let lineCode = object["lineCode"] as? String
    if lineCode == nil {
      errors.append(.init(detail: "\"lineCode\" is required, as a string", pointer: "/lineCode"))
    }
    var labels: [String] = []
    if let list = object["cableLabels"] as? [Any] {
      for (index, item) in list.enumerated() {
        if let label = item as? String {
          labels.append(label)
        } else {
          errors.append(.init(detail: "expected a string", pointer: "/cableLabels/\(index)"))
        }
      }
    } else {
      errors.append(
        .init(
          detail: "\"cableLabels\" is required, as an array of strings", pointer: "/cableLabels"))
    }
    guard errors.isEmpty, let lineCode else {
      throw Problem(
        .badRequest, code: "invalid_delivery_report",
        detail: errors.map(\.detail).joined(separator: "; "), errors: errors)
    }
    return try DeliveryReport(lineCode: lineCode, cableLabels: labels)
  }

  /// `{"interfaces": [ids]}` for a batch approval of chosen interfaces; `nil` for every one.
  static func interfaceList(_ bytes: [UInt8]) throws -> [InterfaceID]? {
    let object = try object(bytes)
    guard let value = object["interfaces"], !(value is NSNull) else { return nil }
    guard let list = value as? [Any] else {
      throw Problem.malformed(
        "\"interfaces\" must be an array of interface ids",
        errors: [.init(detail: "expected an array of strings", pointer: "/interfaces")])
    }
    var ids: [InterfaceID] = []
    var errors: [Problem.Detail] = []
    for (index, item) in list.enumerated() {
      if let id = item as? String, !id.isEmpty {
        ids.append(InterfaceID(id))
      } else {
        errors.append(.init(detail: "expected an interface id", pointer: "/interfaces/\(index)"))
      }
    }
    guard errors.isEmpty else {
      throw Problem.malformed("\"interfaces\" must list interface ids", errors: errors)
    }
    return ids
  }
}
