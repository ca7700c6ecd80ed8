/// `requests.json`: `{ "requests": [ { "id": ..., ... }, ... ] }`.
enum RequestsJSONDecoder {
  static func decode(_ bytes: [UInt8], file: String) throws(InputError) -> [Request] {
    let document = try JSONDocument.parse(bytes, file: file)
    let root = document.root
    guard root.kind == .object else {
      throw InputError(
        file: file, place: "line 1",
        message: "a requests file must be a JSON object like {\"requests\": [...]}; "
          + "found \(root.typeDescription)")
    }
    guard let list = root.member("requests") else {
      throw InputError(
        file: file, place: "(top level)",
        message: "\"requests\" is missing; a requests file is {\"requests\": [...]}")
    }
    guard list.kind == .array else {
      throw InputError(
        file: file, place: "requests",
        message: "must be an array of request objects; found \(list.typeDescription)")
    }
    var requests: [Request] = []
    requests.reserveCapacity(list.count)
    var problems: [InputError.Problem] = []
    var strings = SharedStrings()
    for (index, element) in list.elements.enumerated() {
      let source = SourceLocation.jsonElement(array: "requests", index: index)
      switch decodeRequest(element, source: source, strings: &strings) {
      case .success(let request): requests.append(request)
      case .failure(let problem): problems.append(problem)
      }
    }
    if !problems.isEmpty { throw InputError(file: file, problems: problems) }
    return requests
  }

  /// One request object alone, as `patchbay interface apply` reads it: the same fields and
  /// problems as an element of `requests`.
  static func decodeSingle(_ bytes: [UInt8], file: String) throws(InputError) -> Request {
    let document = try JSONDocument.parse(bytes, file: file)
    guard document.root.kind == .object else {
      throw InputError(
        file: file, place: "line 1",
        message: "a request file holds one request object like {\"id\": ..., \"account\": "
          + "...}; found \(document.root.typeDescription)")
    }
    var strings = SharedStrings()
    switch decodeRequest(document.root, source: .unknown, strings: &strings, isWholeFile: true) {
    case .success(let request): return request
    case .failure(let problem): throw InputError(file: file, problems: [problem])
    }
  }

  /// Places are the element's path (`requests[3].id`), or the member's name alone for a file
  /// that is the request; built only for a problem, since a batch may hold a million requests.
  private static func decodeRequest(
    _ element: JSONValue, source: SourceLocation, strings: inout SharedStrings,
    isWholeFile: Bool = false
  ) -> Result<Request, InputError.Problem> {
    var path: String { isWholeFile ? "(top level)" : source.description }
    var idPlace: String { isWholeFile ? "id" : "\(path).id" }
    guard element.kind == .object else {
      return .failure(
        .init(
          place: path,
          message: "each request must be a JSON object; found \(element.typeDescription)"))
    }
    var id: String?
    var request = Request(id: "", source: source)
    // A member given twice never gets here: the parser refuses the file (FORMATS.md).
    for (name, value) in element.members {
      guard let field = RequestField(name) else {
        continue  // Unknown members are allowed: the format grows by adding fields.
      }
      if field == .id {
        guard let text = value.string, !text.isEmpty else {
          return .failure(
            .init(
              place: idPlace,
              message: "a request id must be a non-empty string; found \(value.typeDescription)"))
        }
        if let problem = IdentifierRule.problem(text) {
          return .failure(.init(place: idPlace, message: problem))
        }
        id = text
        continue
      }
      if value.isNull { continue }
      if field != .priority {
        if let text = field.repeats ? strings.string(of: value) : value.string {
          if field.isIdentifier, let problem = IdentifierRule.problem(text) {
            let place = isWholeFile ? field.name : "\(path).\(field.name)"
            return .failure(.init(place: place, message: problem))
          }
          if !text.isEmpty { field.set(text, in: &request) }
        } else {
          request.fieldProblems.append(
            FieldProblem(
              field: field.name, problem: "must be a string; found \(value.typeDescription)"))
        }
      } else if let priority = value.integer {
        request.priority = priority
      } else {
        let found =
          switch value.kind {
          case .string: "\"\(value.string ?? "")\""
          case .number: value.literalText
          default: value.typeDescription
          }
        request.fieldProblems.append(RequestsDecoder.priorityProblem(found: found))
      }
    }
    guard let id else {
      return .failure(
        .init(
          place: path,
          message: "the request has no \"id\"; every request needs a unique id"))
    }
    request.id = RequestID(id)
    return .success(request)
  }
}

/// The members of a request object, recognised without building a `String` for the name.
private enum RequestField: Int {
  case id, account, region, accessPoint, lineOperator, portSpec, portType, redundantConnection
  case priority

  init?(_ name: JSONValue) {
    switch name.byteCount {
    case 2 where name.isString("id"): self = .id
    case 6 where name.isString("region"): self = .region
    case 7 where name.isString("account"): self = .account
    case 8 where name.isString("portSpec"): self = .portSpec
    case 8 where name.isString("portType"): self = .portType
    case 8 where name.isString("priority"): self = .priority
    case 11 where name.isString("accessPoint"): self = .accessPoint
    case 12 where name.isString("lineOperator"): self = .lineOperator
    case 19 where name.isString("redundantConnection"): self = .redundantConnection
    default:
      guard name.hasEscapes, let text = name.string else { return nil }
      let all: [RequestField] = [
        .id, .account, .region, .accessPoint, .lineOperator, .portSpec, .portType,
        .redundantConnection, .priority,
      ]
      guard let field = all.first(where: { $0.name == text }) else { return nil }
      self = field
    }
  }

  var name: String {
    switch self {
    case .id: "id"
    case .account: "account"
    case .region: "region"
    case .accessPoint: "accessPoint"
    case .lineOperator: "lineOperator"
    case .portSpec: "portSpec"
    case .portType: "portType"
    case .redundantConnection: "redundantConnection"
    case .priority: "priority"
    }
  }

  /// Ids, accounts and references, which follow ``IdentifierRule``: a control character in
  /// one makes the file invalid. The other fields are checked against known values by
  /// validation.
  var isIdentifier: Bool {
    switch self {
    case .id, .account, .region, .accessPoint, .redundantConnection: true
    case .lineOperator, .portSpec, .portType, .priority: false
    }
  }

  /// Fields whose values repeat across a batch (a few hundred access points for a million
  /// requests): made once each and shared (``SharedStrings``).
  var repeats: Bool {
    switch self {
    case .region, .accessPoint, .lineOperator, .portSpec, .portType: true
    case .id, .account, .redundantConnection, .priority: false
    }
  }

  /// Stores a string field in its place (a switch: a key path's write costs a lookup of the
  /// path each time, for a million requests); `id` and `priority` are read differently.
  func set(_ text: String, in request: inout Request) {
    switch self {
    case .account: request.account = text
    case .region: request.region = text
    case .accessPoint: request.accessPoint = text
    case .lineOperator: request.lineOperator = text
    case .portSpec: request.portSpec = text
    case .portType: request.portType = text
    case .redundantConnection: request.redundantConnection = text
    case .id, .priority: break
    }
  }
}

/// The strings of a batch that repeat from request to request, each made once: a request's
/// access point is longer than a small string, so making it anew for each of a million
/// requests meant a million allocations; the bytes are looked up instead, without a `String`.
struct SharedStrings {
  private var strings: [String] = []
  private var index = IdentifierIndex()

  /// The text of a string value, escapes decoded; `nil` for other kinds, as
  /// ``JSONValue/string``.
  mutating func string(of value: JSONValue) -> String? {
    let document = value.document
    let node = document.nodes[value.index]
    guard node.kind == .string, !node.hasEscapes else { return value.string }
    let range = Int(node.start)..<Int(node.end)
    return document.bytes.withUnsafeBufferPointer { all in
      let bytes = UnsafeBufferPointer(rebasing: all[range])
      if let found = index.position(ofUTF8: bytes, key: { strings[$0] }) {
        return strings[found]
      }
      let made = String(decoding: bytes, as: UTF8.self)
      Self.add(made, to: &index, &strings)
      return made
    }
  }

  private static func add(
    _ text: String, to index: inout IdentifierIndex, _ strings: inout [String]
  ) {
    strings.append(text)
    index.insert(text, at: strings.count - 1, key: { strings[$0] })
  }
}
