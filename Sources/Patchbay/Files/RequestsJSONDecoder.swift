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
      switch decodeRequest(element, path: "requests[\(index)]") {
      case .success(let request): requests.append(request)
      case .failure(let problem): problems.append(problem)
      }
    }
    if !problems.isEmpty { throw InputError(file: file, problems: problems) }
    return requests
  }

  private static func decodeRequest(_ element: JSONValue, path: String)
    -> Result<Request, InputError.Problem>
  {
    guard element.kind == .object else {
      return .failure(
        .init(
          place: path, message: "each request must be a JSON object; found \(element.typeDescription)"))
    }
    var id: String?
    var request = Request(id: "", source: .json(path: path))
    var seen: Set<String> = []
    for (name, value) in element.members {
      let field: WritableKeyPath<Request, String?>?
      if name.isString("id") {
        guard let text = value.string, !text.isEmpty else {
          return .failure(
            .init(
              place: "\(path).id",
              message: "a request id must be a non-empty string; found \(value.typeDescription)"))
        }
        id = text
        continue
      } else if name.isString("account") {
        field = \.account
      } else if name.isString("region") {
        field = \.region
      } else if name.isString("accessPoint") {
        field = \.accessPoint
      } else if name.isString("lineOperator") {
        field = \.lineOperator
      } else if name.isString("portSpec") {
        field = \.portSpec
      } else if name.isString("portType") {
        field = \.portType
      } else if name.isString("redundantConnection") {
        field = \.redundantConnection
      } else if name.isString("priority") {
        field = nil
      } else {
        continue  // Unknown members are allowed: the format grows by adding fields.
      }
      let key = name.string ?? ""
      if !seen.insert(key).inserted {
        request.fieldProblems.append(
          FieldProblem(field: key, problem: "appears twice in the request; give it once"))
        continue
      }
      if value.isNull { continue }
      if let field {
        if let text = value.string {
          if !text.isEmpty { request[keyPath: field] = text }
        } else {
          request.fieldProblems.append(
            FieldProblem(field: key, problem: "must be a string; found \(value.typeDescription)"))
        }
      } else if let priority = value.integer {
        request.priority = priority
      } else {
        request.fieldProblems.append(
          FieldProblem(
            field: "priority",
            problem: "must be a whole number such as 0 or 2; found \(value.typeDescription)"))
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
