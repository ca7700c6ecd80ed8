/// One JSON object being read as a record, with its path for messages and a shared list of
/// problems. Readers record a problem and return `nil` rather than stopping at the first one, so
/// a user fixing an inventory sees every contradiction at once.
struct JSONRecord {
  let value: JSONValue
  let place: JSONPlace

  init(value: JSONValue, place: JSONPlace) {
    self.value = value
    self.place = place
  }

  init(value: JSONValue, path: String) {
    self.init(value: value, place: JSONPlace(parent: path, index: nil))
  }

  /// The record's JSON path, made when a message needs it.
  var path: String { place.description }

  /// `path` for a member of this record (`devices[3].ports`).
  func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func member(_ key: StaticString) -> JSONValue? {
    guard let found = value.member(key), !found.isNull else { return nil }
    return found
  }

  /// A string member; a problem if required and missing, or present with another type.
  func string(_ key: StaticString, required: Bool, problems: inout [InputError.Problem])
    -> String?
  {
    guard let member = member(key) else {
      if required {
        problems.append(.init(place: path, message: "\"\(key)\" is missing; it is required"))
      }
      return nil
    }
    guard let text = member.string else {
      problems.append(
        .init(
          place: path(of: "\(key)"),
          message: "must be a string; found \(member.typeDescription)"))
      return nil
    }
    if text.isEmpty && required {
      problems.append(.init(place: path(of: "\(key)"), message: "must not be empty"))
      return nil
    }
    return text
  }

  /// A string member that is an identifier, an account, a reference or a port name: a problem,
  /// too, if it breaks ``IdentifierRule`` (a control character).
  func identifier(_ key: StaticString, required: Bool, problems: inout [InputError.Problem])
    -> String?
  {
    guard let text = string(key, required: required, problems: &problems) else { return nil }
    if let problem = IdentifierRule.problem(text) {
      problems.append(.init(place: path(of: "\(key)"), message: problem))
      return nil
    }
    return text
  }

  /// An array member as records or values, with each element's path.
  func array(_ key: StaticString, required: Bool, problems: inout [InputError.Problem])
    -> [(value: JSONValue, path: JSONPlace)]?
  {
    guard let (elements, base) = arrayElements(key, required: required, problems: &problems)
    else { return nil }
    return elements.enumerated().map { ($1, JSONPlace(parent: base, index: $0)) }
  }

  /// An array member's elements and the path they are under, to be walked in place: a reader
  /// of a million elements should not first copy them, each with its path, into an array.
  func arrayElements(_ key: StaticString, required: Bool, problems: inout [InputError.Problem])
    -> (elements: JSONElements, base: String)?
  {
    guard let member = member(key) else {
      if required {
        problems.append(
          .init(place: path, message: "\"\(key)\" is missing; it must be an array"))
      }
      return nil
    }
    guard member.kind == .array else {
      problems.append(
        .init(
          place: path(of: "\(key)"),
          message: "must be an array; found \(member.typeDescription)"))
      return nil
    }
    return (member.elements, path(of: "\(key)"))
  }

  /// Elements of an array member that must each be a known enumeration value.
  func enumArray<Value: RawRepresentable & CaseIterable>(
    _ key: StaticString, of type: Value.Type, problems: inout [InputError.Problem]
  ) -> [Value]? where Value.RawValue == String {
    guard let elements = array(key, required: true, problems: &problems) else { return nil }
    var values: [Value] = []
    for (element, elementPath) in elements {
      guard let text = element.string else {
        problems.append(
          .init(
            place: elementPath.description,
            message: "must be a string; found \(element.typeDescription)"))
        continue
      }
      guard let value = Value(rawValue: text) else {
        problems.append(
          .init(
            place: elementPath.description,
            message: "unknown value \"\(text)\"; expected one of "
              + Value.allCases.map(\.rawValue).joined(separator: ", ")))
        continue
      }
      values.append(value)
    }
    return values
  }

  /// Reads `element` as a record; a problem if it is not an object.
  static func object(_ element: JSONValue, path: String, problems: inout [InputError.Problem])
    -> JSONRecord?
  {
    object(element, place: JSONPlace(parent: path, index: nil), problems: &problems)
  }

  static func object(
    _ element: JSONValue, place: JSONPlace, problems: inout [InputError.Problem]
  ) -> JSONRecord? {
    guard element.kind == .object else {
      problems.append(
        .init(
          place: place.description, message: "must be an object; found \(element.typeDescription)"
        ))
      return nil
    }
    return JSONRecord(value: element, place: place)
  }
}

extension JSONDocument {
  /// Parses a whole file, reporting a syntax error as an ``InputError`` with line and column.
  static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> JSONDocument {
    do {
      return try JSONDocument(bytes: bytes)
    } catch {
      if let path = error.path {
        throw InputError(file: file, place: path, message: error.message)
      }
      throw InputError(
        file: file, place: "line \(error.line), column \(error.column)",
        message: "not valid JSON: \(error.message)")
    }
  }
}

/// A JSON path made only when a message needs it: the parent's path and an element's index.
/// Reading a million connections should not cost a million path strings.
struct JSONPlace: CustomStringConvertible, Sendable {
  let parent: String
  let index: Int?

  var description: String { index.map { "\(parent)[\($0)]" } ?? parent }
}
