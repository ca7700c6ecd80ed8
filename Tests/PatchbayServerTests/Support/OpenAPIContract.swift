import AsyncHTTPClient
import Foundation

@testable import PatchbayServer

/// The OpenAPI document as a checker: given a response the server gave (method, concrete path,
/// status, content type, body), it says whether the document describes it and where the body
/// departs from the schema, so that the server and its contract cannot drift.
///
/// It implements the subset of OpenAPI 3.0's schema objects that the document uses (`type`,
/// `nullable`, `required`, `properties`, `additionalProperties`, `items`, `enum`, `minimum`,
/// `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`, `pattern`, `format: date-time`,
/// `oneOf`, `anyOf`, `allOf`, `$ref`); ``unsupportedKeywords()`` lists any other keyword the
/// document uses, so that a keyword the checker would silently ignore fails a test instead.
struct OpenAPIContract: Sendable {
  /// A place where a response departs from the document: a JSON pointer into the body (`""` for
  /// the whole response) and what is wrong there.
  struct Mismatch: Error, Sendable, Hashable, CustomStringConvertible {
    var pointer: String
    var message: String

    var description: String { "\(pointer.isEmpty ? "(response)" : pointer): \(message)" }
  }

  /// One operation of the document, such as `POST /v1/interfaces/{id}/approve`.
  struct Operation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Upper case, as on the wire.
    var method: String
    /// The path template as the document writes it.
    var path: String

    var description: String { "\(method) \(path)" }

    static func < (lhs: Self, rhs: Self) -> Bool {
      (lhs.path, lhs.method) < (rhs.path, rhs.method)
    }
  }

  /// The document read into ``Value``s.
  let document: Value

  /// The project's document (`OpenAPIDocument.bytes`).
  static let project: OpenAPIContract = {
    do {
      return try OpenAPIContract(bytes: OpenAPIDocument.bytes)
    } catch {
      preconditionFailure("openapi.json is not a JSON object: \(error)")
    }
  }()

  init(bytes: [UInt8]) throws {
    document = try Value.parse(bytes)
    guard case .object = document else {
      throw ContractError(message: "an OpenAPI document must be a JSON object")
    }
  }

  // MARK: Operations

  static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

  /// Every (method, path template) of the document, sorted by path then method: what the
  /// server's route table must hold, no more and no less.
  func operations() -> [Operation] {
    guard case .object(let paths) = document["paths"] else { return [] }
    var result: [Operation] = []
    for (path, item) in paths {
      for method in Self.methods where item[method] != nil {
        result.append(Operation(method: method.uppercased(), path: path))
      }
    }
    return result.sorted()
  }

  /// The path template that `path` (a concrete path; any query is ignored) matches: a template
  /// without parameters first, as OpenAPI says, then one whose `{name}` segments take the rest.
  func template(matching path: String) -> String? {
    guard case .object(let paths) = document["paths"] else { return nil }
    let bare = String(path.prefix { $0 != "?" && $0 != "#" })
    if paths[bare] != nil { return bare }
    let segments = bare.split(separator: "/", omittingEmptySubsequences: false)
    let candidates = paths.keys.sorted().filter { template in
      let parts = template.split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == segments.count else { return false }
      return zip(parts, segments).allSatisfy { part, segment in
        part.hasPrefix("{") && part.hasSuffix("}") ? !segment.isEmpty : part == segment
      }
    }
    // The template with the most literal segments is the most specific.
    return candidates.max { literalCount($0) < literalCount($1) }
  }

  private func literalCount(_ template: String) -> Int {
    template.split(separator: "/").count { !$0.hasPrefix("{") }
  }

  // MARK: Responses

  /// Whether the document describes `status` for the operation (its own entry, a range such as
  /// `4XX`, or `default`).
  func isDocumented(method: String, path: String, status: Int) -> Bool {
    if case .success = response(method: method, path: path, status: status) { return true }
    return false
  }

  /// Everything wrong with a response: an operation or status the document does not have, a
  /// content type it does not list, a required header missing (when `headers` is given; names
  /// compared without case), a body that is not JSON or departs from the schema. Empty: the
  /// response is as documented.
  func check(
    method: String, path: String, status: Int, contentType: String?, body: [UInt8],
    headers: [String: String]? = nil
  ) -> [Mismatch] {
    let found = response(method: method, path: path, status: status)
    guard case .success(let response) = found else {
      if case .failure(let mismatch) = found { return [mismatch] }
      return []
    }
    var mismatches: [Mismatch] = []
    if let headers {
      mismatches += checkHeaders(response, headers)
    }
    guard case .object(let content) = response["content"], !content.isEmpty else {
      if !body.isEmpty {
        mismatches.append(
          Mismatch(
            pointer: "", message: "status \(status) documents no body; found \(body.count) bytes"))
      }
      return mismatches
    }
    let mediaType =
      (contentType ?? "").split(separator: ";").first
      .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    guard let media = content[mediaType] else {
      let listed = content.keys.sorted().joined(separator: ", ")
      mismatches.append(
        Mismatch(
          pointer: "",
          message: "content type \"\(contentType ?? "(none)")\" is not documented for status "
            + "\(status); the document lists \(listed)"))
      return mismatches
    }
    guard let schema = media["schema"] else { return mismatches }
    if mediaType == "application/json" || mediaType.hasSuffix("+json") {
      do {
        mismatches += validate(try Value.parse(body), against: schema)
      } catch {
        mismatches.append(Mismatch(pointer: "", message: "the body is not JSON: \(error)"))
      }
    } else if schema["format"] != .string("binary"),
      String(validating: body, as: UTF8.self) == nil
    {
      // Text (HTML, Prometheus) must be UTF-8; a `format: binary` body (a PDF) is bytes.
      mismatches.append(Mismatch(pointer: "", message: "the \(mediaType) body is not UTF-8"))
    }
    return mismatches
  }

  /// The response object for the status, with `$ref`s resolved, or the mismatch that says why
  /// there is none.
  private func response(method: String, path: String, status: Int) -> Result<Value, Mismatch> {
    guard let template = template(matching: path), let item = document["paths"]?[template] else {
      return .failure(Mismatch(pointer: "", message: "no path of the document matches \(path)"))
    }
    guard let operation = item[method.lowercased()] else {
      return .failure(
        Mismatch(pointer: "", message: "\(method.uppercased()) \(template) is not in the document"))
    }
    let responses = operation["responses"]
    let range = "\(status / 100)XX"
    guard
      let entry = responses?[String(status)] ?? responses?[range] ?? responses?[range.lowercased()]
        ?? responses?["default"]
    else {
      return .failure(
        Mismatch(
          pointer: "",
          message: "status \(status) is not documented for \(method.uppercased()) \(template)"))
    }
    return .success(resolve(entry))
  }

  private func checkHeaders(_ response: Value, _ headers: [String: String]) -> [Mismatch] {
    guard case .object(let documented) = response["headers"] else { return [] }
    let given = Dictionary(
      headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    var mismatches: [Mismatch] = []
    for (name, header) in documented.sorted(by: { $0.key < $1.key }) {
      let header = resolve(header)
      guard let value = given[name.lowercased()] else {
        if header["required"] == .bool(true) {
          mismatches.append(Mismatch(pointer: "", message: "the \(name) header is missing"))
        }
        continue
      }
      guard let schema = header["schema"] else { continue }
      // A header is text: an integer header must be written as one.
      let parsed: Value =
        resolve(schema)["type"] == .string("integer")
        ? Int(value).map { .int($0) } ?? .string(value) : .string(value)
      mismatches += validate(parsed, against: schema).map {
        Mismatch(pointer: "", message: "the \(name) header \"\(value)\": \($0.message)")
      }
    }
    return mismatches
  }

  // MARK: Schemas

  /// `#/components/schemas/NAME`, for tests that check a value against one schema.
  func schema(named name: String) -> Value {
    .object(["$ref": .string("#/components/schemas/\(name)")])
  }

  /// Where `value` departs from `schema`; empty when it conforms.
  func validate(_ value: Value, against schema: Value, at pointer: String = "") -> [Mismatch] {
    if case .string(let reference) = schema["$ref"] {
      guard let target = lookUp(reference) else {
        return [Mismatch(pointer: pointer, message: "the document has no \(reference)")]
      }
      return validate(value, against: target, at: pointer)
    }
    if value == .null {
      if schema["nullable"] == .bool(true) { return [] }
      if schema["oneOf"] == nil, schema["anyOf"] == nil, schema["allOf"] == nil {
        return [Mismatch(pointer: pointer, message: "is null, which the schema does not allow")]
      }
    }
    var mismatches: [Mismatch] = []
    if case .array(let branches) = schema["allOf"] {
      for branch in branches { mismatches += validate(value, against: branch, at: pointer) }
    }
    if case .array(let branches) = schema["oneOf"] {
      let results = branches.map { validate(value, against: $0, at: pointer) }
      let matching = results.count(where: \.isEmpty)
      if matching != 1 {
        let why = results.compactMap(\.first).map(\.description).joined(separator: "; ")
        mismatches.append(
          Mismatch(
            pointer: pointer,
            message: matching == 0
              ? "matches none of oneOf's \(branches.count) schemas (\(why))"
              : "matches \(matching) of oneOf's schemas; exactly one must match"))
      }
    }
    if case .array(let branches) = schema["anyOf"] {
      let results = branches.map { validate(value, against: $0, at: pointer) }
      if !results.contains(where: \.isEmpty) {
        let why = results.compactMap(\.first).map(\.description).joined(separator: "; ")
        mismatches.append(
          Mismatch(pointer: pointer, message: "matches none of anyOf's schemas (\(why))"))
      }
    }
    if case .string(let type) = schema["type"], !value.hasType(type) {
      mismatches.append(
        Mismatch(pointer: pointer, message: "is \(value.typeName), the schema wants \(type)"))
      return mismatches
    }
    if case .array(let allowed) = schema["enum"], !allowed.contains(value) {
      mismatches.append(
        Mismatch(
          pointer: pointer,
          message: "\(value.compactText) is not one of "
            + allowed.map(\.compactText).joined(separator: ", ")))
    }
    switch value {
    case .int, .double:
      mismatches += checkNumber(value, schema, pointer)
    case .string(let text):
      mismatches += checkString(text, schema, pointer)
    case .array(let elements):
      mismatches += checkArray(elements, schema, pointer)
    case .object(let members):
      mismatches += checkObject(members, schema, pointer)
    case .null, .bool:
      break
    }
    return mismatches
  }

  private func checkNumber(_ value: Value, _ schema: Value, _ pointer: String) -> [Mismatch] {
    let number: Double =
      switch value {
      case .int(let int): Double(int)
      case .double(let double): double
      default: 0
      }
    var mismatches: [Mismatch] = []
    if let minimum = schema["minimum"]?.number, number < minimum {
      mismatches.append(
        Mismatch(pointer: pointer, message: "\(value.compactText) is below \(minimum.formatted)"))
    }
    if let maximum = schema["maximum"]?.number, number > maximum {
      mismatches.append(
        Mismatch(pointer: pointer, message: "\(value.compactText) is above \(maximum.formatted)"))
    }
    return mismatches
  }

  private func checkString(_ text: String, _ schema: Value, _ pointer: String) -> [Mismatch] {
    var mismatches: [Mismatch] = []
    // JSON Schema counts characters as code points.
    let length = text.unicodeScalars.count
    if case .int(let minimum) = schema["minLength"], length < minimum {
      mismatches.append(
        Mismatch(
          pointer: pointer, message: "is \(length) characters long, at least \(minimum) wanted"))
    }
    if case .int(let maximum) = schema["maxLength"], length > maximum {
      mismatches.append(
        Mismatch(
          pointer: pointer, message: "is \(length) characters long, at most \(maximum) wanted"))
    }
    if case .string(let pattern) = schema["pattern"] {
      let expression = try? NSRegularExpression(pattern: pattern)
      let range = NSRange(text.startIndex..., in: text)
      if expression?.firstMatch(in: text, range: range) == nil {
        mismatches.append(
          Mismatch(pointer: pointer, message: "\"\(text)\" does not match \(pattern)"))
      }
    }
    if schema["format"] == .string("date-time"), !Self.isDateTime(text) {
      mismatches.append(
        Mismatch(pointer: pointer, message: "\"\(text)\" is not an RFC 3339 date-time"))
    }
    return mismatches
  }

  private func checkArray(_ elements: [Value], _ schema: Value, _ pointer: String) -> [Mismatch] {
    var mismatches: [Mismatch] = []
    if case .int(let minimum) = schema["minItems"], elements.count < minimum {
      mismatches.append(
        Mismatch(
          pointer: pointer, message: "has \(elements.count) items, at least \(minimum) wanted"))
    }
    if case .int(let maximum) = schema["maxItems"], elements.count > maximum {
      mismatches.append(
        Mismatch(
          pointer: pointer, message: "has \(elements.count) items, at most \(maximum) wanted"))
    }
    if let items = schema["items"] {
      for (index, element) in elements.enumerated() {
        mismatches += validate(element, against: items, at: "\(pointer)/\(index)")
      }
    }
    return mismatches
  }

  private func checkObject(
    _ members: [String: Value], _ schema: Value, _ pointer: String
  ) -> [Mismatch] {
    var mismatches: [Mismatch] = []
    if case .array(let required) = schema["required"] {
      for case .string(let name) in required where members[name] == nil {
        mismatches.append(
          Mismatch(pointer: "\(pointer)/\(Self.escape(name))", message: "is required but missing"))
      }
    }
    let properties: [String: Value]
    if case .object(let declared) = schema["properties"] {
      properties = declared
    } else {
      properties = [:]
    }
    for (name, member) in members.sorted(by: { $0.key < $1.key }) {
      let place = "\(pointer)/\(Self.escape(name))"
      if let property = properties[name] {
        mismatches += validate(member, against: property, at: place)
        continue
      }
      switch schema["additionalProperties"] {
      case .bool(false):
        mismatches.append(Mismatch(pointer: place, message: "is not a member the schema allows"))
      case .object(let additional):
        mismatches += validate(member, against: .object(additional), at: place)
      default:
        break
      }
    }
    return mismatches
  }

  /// RFC 3339's date-time: the encoders write whole seconds in UTC (`2026-11-28T19:05:30Z`).
  static func isDateTime(_ text: String) -> Bool {
    (try? Date(text, strategy: wholeSeconds)) != nil
      || (try? Date(text, strategy: fractionalSeconds)) != nil
  }

  private static let wholeSeconds = Date.ISO8601FormatStyle()
  private static let fractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

  /// A member name as a JSON pointer writes it (RFC 6901).
  static func escape(_ name: String) -> String {
    name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }

  /// Follows `$ref`s (`#/...` only) until an object that is not a reference.
  private func resolve(_ value: Value) -> Value {
    var current = value
    var seen: Set<String> = []
    while case .string(let reference) = current["$ref"], seen.insert(reference).inserted,
      let target = lookUp(reference)
    {
      current = target
    }
    return current
  }

  private func lookUp(_ reference: String) -> Value? {
    guard reference.hasPrefix("#/") else { return nil }
    var current: Value? = document
    for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
      let name = token.replacingOccurrences(of: "~1", with: "/")
        .replacingOccurrences(of: "~0", with: "~")
      current = current?[name]
    }
    return current
  }

  // MARK: Keywords

  /// Every keyword a schema object may use for this checker; others are reported by
  /// ``unsupportedKeywords()``.
  static let supportedKeywords: Set<String> = [
    "type", "nullable", "required", "properties", "additionalProperties", "items", "enum",
    "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "format",
    "oneOf", "anyOf", "allOf", "$ref", "description", "default", "example", "title",
  ]

  /// Keywords of the document's schema objects that the checker does not implement, each with
  /// its place in the document (`/components/schemas/Plan/properties/x: uniqueItems`).
  func unsupportedKeywords() -> [String] {
    var found: [String] = []
    func walkSchema(_ schema: Value, _ place: String) {
      guard case .object(let members) = schema else { return }
      for (keyword, value) in members.sorted(by: { $0.key < $1.key }) {
        let here = "\(place)/\(Self.escape(keyword))"
        if !Self.supportedKeywords.contains(keyword) { found.append("\(place): \(keyword)") }
        switch keyword {
        case "properties":
          if case .object(let properties) = value {
            for (name, property) in properties {
              walkSchema(property, "\(here)/\(Self.escape(name))")
            }
          }
        case "items", "additionalProperties": walkSchema(value, here)
        case "oneOf", "anyOf", "allOf":
          if case .array(let branches) = value {
            for (index, branch) in branches.enumerated() { walkSchema(branch, "\(here)/\(index)") }
          }
        default: break
        }
      }
    }
    // Schemas sit under `schema` members (parameters, headers, media types) and in components.
    func walk(_ value: Value, _ place: String) {
      switch value {
      case .object(let members):
        for (key, member) in members {
          let here = "\(place)/\(Self.escape(key))"
          if key == "schema" {
            walkSchema(member, here)
          } else if place == "/components/schemas" {
            walkSchema(member, here)
          } else {
            walk(member, here)
          }
        }
      case .array(let elements):
        for (index, element) in elements.enumerated() { walk(element, "\(place)/\(index)") }
      default: break
      }
    }
    walk(document, "")
    return found.sorted()
  }
}

extension OpenAPIContract {
  /// ``check(method:path:status:contentType:body:headers:)`` of a response as AsyncHTTPClient
  /// gives it, with its body collected.
  func check(
    method: String, path: String, response: HTTPClientResponse, body: [UInt8]
  ) -> [Mismatch] {
    var headers: [String: String] = [:]
    for (name, value) in response.headers where headers[name.lowercased()] == nil {
      headers[name.lowercased()] = value
    }
    return check(
      method: method, path: path, status: Int(response.status.code),
      contentType: response.headers.first(name: "content-type"), body: body, headers: headers)
  }
}

struct ContractError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

extension OpenAPIContract {
  /// A JSON value with booleans, integers and other numbers told apart (Foundation's
  /// `NSNumber` answers `true` to `is Bool` for `1` and `is Int` for `true`).
  enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    static func parse(_ bytes: [UInt8]) throws -> Value {
      let object = try JSONSerialization.jsonObject(
        with: Data(bytes), options: [.fragmentsAllowed])
      return try Value(foundation: object)
    }

    /// From `JSONSerialization`'s output.
    init(foundation object: Any) throws {
      switch object {
      case is NSNull: self = .null
      case let text as String: self = .string(text)
      case let array as [Any]: self = .array(try array.map(Value.init(foundation:)))
      case let dictionary as [String: Any]:
        self = .object(try dictionary.mapValues(Value.init(foundation:)))
      case let number as NSNumber:
        // `c` (char) is how Foundation types a JSON boolean, on Linux as on Darwin.
        switch String(cString: number.objCType) {
        case "c", "B": self = .bool(number.boolValue)
        case "d", "f": self = .double(number.doubleValue)
        default: self = .int(number.intValue)
        }
      default:
        throw ContractError(message: "unexpected \(type(of: object)) from JSONSerialization")
      }
    }

    subscript(key: String) -> Value? {
      if case .object(let members) = self { return members[key] }
      if case .array(let elements) = self, let index = Int(key), elements.indices.contains(index) {
        return elements[index]
      }
      return nil
    }

    var number: Double? {
      switch self {
      case .int(let int): Double(int)
      case .double(let double): double
      default: nil
      }
    }

    func hasType(_ type: String) -> Bool {
      switch (type, self) {
      case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool),
        ("integer", .int), ("number", .int), ("number", .double):
        true
      default: false
      }
    }

    var typeName: String {
      switch self {
      case .null: "null"
      case .bool: "a boolean"
      case .int: "an integer"
      case .double: "a number with a fraction"
      case .string: "a string"
      case .array: "an array"
      case .object: "an object"
      }
    }

    /// The value in a message: scalars as JSON, containers by kind.
    var compactText: String {
      switch self {
      case .null: "null"
      case .bool(let bool): "\(bool)"
      case .int(let int): "\(int)"
      case .double(let double): "\(double)"
      case .string(let text): "\"\(text)\""
      case .array, .object: typeName
      }
    }
  }
}

extension Double {
  fileprivate var formatted: String {
    rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
