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
    for (index, element) in list.elements.enumerated() {
      let source = SourceLocation.jsonElement(array: "requests", index: index)
      switch decodeRequest(element, source: source) {
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
    switch decodeRequest(document.root, source: .unknown, isWholeFile: true) {
    case .success(let request): return request
    case .failure(let problem): throw InputError(file: file, problems: [problem])
    }
  }

  /// Places are the element's path (`requests[3].id`), or the member's name alone for a file
  /// that is the request; built only for a problem, since a batch may hold a million requests.
  private static func decodeRequest(
    _ element: JSONValue, source: SourceLocation, isWholeFile: Bool = false
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
      if let keyPath = field.keyPath {
        if let text = value.string {
          if field.isIdentifier, let problem = IdentifierRule.problem(text) {
            let place = isWholeFile ? field.name : "\(path).\(field.name)"
            return .failure(.init(place: place, message: problem))
          }
          if !text.isEmpty { request[keyPath: keyPath] = text }
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

  /// Where a string field goes; `nil` for `id` and `priority`, which are read differently.
  var keyPath: WritableKeyPath<Request, String?>? {
    switch self {
    case .account: \.account
    case .region: \.region
    case .accessPoint: \.accessPoint
    case .lineOperator: \.lineOperator
    case .portSpec: \.portSpec
    case .portType: \.portType
    case .redundantConnection: \.redundantConnection
    case .id, .priority: nil
    }
  }
}
