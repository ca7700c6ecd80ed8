/// Reads a batch of requests from `requests.json` or `requests.csv` (FORMATS.md). Both forms give
/// the same ``Request`` values. A request that is not an object, lacks `id` or repeats an id makes
/// the file invalid; any other problem stays with its request, for validation to reject.
public enum RequestsDecoder: Sendable {
  /// The forms a requests file can take.
  public enum Format: String, Sendable, CaseIterable {
    /// `requests.json`: an object with a `requests` array.
    case json
    /// `requests.csv`: the same fields as columns, a header row first.
    case csv

    /// `.csv` for a path ending in `.csv` (any case), otherwise `.json`.
    public init(path: String) {
      self = path.lowercased().hasSuffix(".csv") ? .csv : .json
    }
  }

  /// Reads and decodes the requests file at `path`, choosing the form by its extension.
  public static func read(path: String, format: Format? = nil) throws(InputError) -> [Request] {
    try readBatch(path: path, format: format).requests
  }

  /// Decodes a batch in the given form; `file` names it in messages.
  public static func decode(_ bytes: [UInt8], file: String, format: Format) throws(InputError)
    -> [Request]
  {
    try decodeBatch(bytes, file: file, format: format).requests
  }

  /// ``read(path:format:)``, with the index of ids that checking them made, for validation.
  package static func readBatch(path: String, format: Format? = nil) throws(InputError)
    -> RequestBatch
  {
    try decodeBatch(
      FileReading.bytes(atPath: path), file: path, format: format ?? Format(path: path))
  }

  /// ``decode(_:file:format:)``, with the index of ids that checking them made.
  package static func decodeBatch(_ bytes: [UInt8], file: String, format: Format)
    throws(InputError) -> RequestBatch
  {
    let requests =
      switch format {
      case .json: try RequestsJSONDecoder.decode(bytes, file: file)
      case .csv: try RequestsCSVDecoder.decode(bytes, file: file)
      }
    return RequestBatch(requests: requests, positions: try positions(of: requests, file: file))
  }

  /// Reads a file that holds one request object (FORMATS.md "Provisioning state"). A file that
  /// is not JSON, not an object, or has no `id` is an ``InputError``; any other problem stays
  /// with the request, for validation to reject as `malformed_request`.
  public static func readSingle(path: String) throws(InputError) -> Request {
    try decodeSingle(FileReading.bytes(atPath: path), file: path)
  }

  /// Decodes one request object; `file` names it in messages.
  public static func decodeSingle(_ bytes: [UInt8], file: String) throws(InputError) -> Request {
    try RequestsJSONDecoder.decodeSingle(bytes, file: file)
  }

  /// Request ids are keys: a repeated id is an input error naming both places. Otherwise the
  /// position of each id, which validation needs too.
  static func positions(of requests: [Request], file: String) throws(InputError)
    -> RequestPositions
  {
    var problems: [InputError.Problem] = []
    let positions = RequestPositions(requests) { position, first in
      problems.append(
        .init(
          place: requests[position].source.description,
          message: "duplicate request id \"\(requests[position].id)\"; \(requests[first].source) "
            + "has it already. Request ids must be unique within a batch"))
    }
    if !problems.isEmpty { throw InputError(file: file, problems: problems) }
    return positions
  }

  /// Turns the text of a `priority` field into a number, or describes what is wrong.
  static func parsePriority(_ text: String) -> Result<Int, FieldProblem> {
    if let value = Int(text.trimmingSpaces) { return .success(value) }
    let found = Double(text.trimmingSpaces) != nil ? text : "\"\(text)\""
    return .failure(priorityProblem(found: found))
  }

  /// The one wording of a bad priority, whichever form the file has.
  static func priorityProblem(found: String) -> FieldProblem {
    FieldProblem(
      field: "priority", problem: "must be a whole number such as 0 or 2; found \(found)")
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let start = firstIndex(where: { !isSpace($0) }),
      let end = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return self[start...end]
  }
}
