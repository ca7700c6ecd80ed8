import CSV

/// `requests.csv`: the fields of `requests.json` as columns, a header row first, an empty cell for
/// an absent field. Parsing is CSV.swift's; this adds what a user needs around it: the line of
/// every record, invalid UTF-8 and unterminated quotes reported with their place, and rows of
/// the wrong width refused.
enum RequestsCSVDecoder {
  static let columns = [
    "id", "account", "region", "accessPoint", "lineOperator", "portSpec", "portType",
    "redundantConnection", "priority",
  ]

  /// Columns that hold ids, accounts and references (``IdentifierRule``).
  static let identifierColumns: Set<String> = [
    "id", "account", "region", "accessPoint", "redundantConnection",
  ]

  static func decode(_ bytes: [UInt8], file: String) throws(InputError) -> [Request] {
    if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
      let (line, column) = JSONDocument.lineAndColumn(of: offset, in: bytes)
      throw InputError(
        file: file, place: "line \(line), column \(column)",
        message: "invalid UTF-8; save the file as UTF-8")
    }
    if let line = unterminatedQuoteLine(in: bytes) {
      throw InputError(
        file: file, place: "line \(line)",
        message: "a quoted field starts here and is never closed; add the closing '\"'")
    }
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    guard !text.allSatisfy(\.isWhitespace) else {
      throw InputError(
        file: file, place: nil,
        message: "the file is empty; a requests CSV starts with a header row naming the columns "
          + columns.joined(separator: ","))
    }
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: false)
    } catch {
      throw InputError(file: file, place: "line 1", message: "not readable as CSV: \(error)")
    }
    guard let header = reader.next() else {
      throw InputError(file: file, place: "line 1", message: "the header row is missing")
    }
    let fieldOfColumn = try mapHeader(header, file: file)
    var requests: [Request] = []
    var problems: [InputError.Problem] = []
    var line = 1 + newlines(in: header) + 1
    while let row = reader.next() {
      let rowLine = line
      line += 1 + newlines(in: row)
      if row.count == 1 && row[0].isEmpty { continue }  // a blank line
      guard row.count == header.count else {
        problems.append(
          .init(
            place: "line \(rowLine)",
            message: "has \(row.count) fields but the header has \(header.count); "
              + "quote fields that contain commas"))
        continue
      }
      switch makeRequest(row, fieldOfColumn: fieldOfColumn, line: rowLine) {
      case .success(let request): requests.append(request)
      case .failure(let problem): problems.append(problem)
      }
    }
    if let error = reader.error {
      problems.append(.init(place: "line \(line)", message: "not readable as CSV: \(error)"))
    }
    if !problems.isEmpty { throw InputError(file: file, problems: problems) }
    return requests
  }

  /// Column index -> field name; refuses unknown and repeated columns and a missing `id`.
  private static func mapHeader(_ header: [String], file: String) throws(InputError) -> [String] {
    var seen: Set<String> = []
    var problems: [InputError.Problem] = []
    for (index, name) in header.enumerated() {
      let column = "line 1, column \(index + 1)"
      if !columns.contains(name) {
        problems.append(
          .init(
            place: column,
            message: "unknown column \"\(name)\"; the columns are "
              + columns.joined(separator: ", ")))
      } else if !seen.insert(name).inserted {
        problems.append(.init(place: column, message: "column \"\(name)\" appears twice"))
      }
    }
    if !seen.contains("id") {
      problems.append(
        .init(
          place: "line 1",
          message: "the header has no \"id\" column; every request needs a unique id"))
    }
    if !problems.isEmpty { throw InputError(file: file, problems: problems) }
    return header
  }

  private static func makeRequest(_ row: [String], fieldOfColumn: [String], line: Int)
    -> Result<Request, InputError.Problem>
  {
    var request = Request(id: "", source: .csv(line: line))
    var id: String?
    for (column, cell) in row.enumerated() where !cell.isEmpty {
      if identifierColumns.contains(fieldOfColumn[column]),
        let problem = IdentifierRule.problem(cell)
      {
        return .failure(
          .init(
            place: "line \(line), column \(column + 1) (\(fieldOfColumn[column]))", message: problem
          ))
      }
      switch fieldOfColumn[column] {
      case "id": id = cell
      case "account": request.account = cell
      case "region": request.region = cell
      case "accessPoint": request.accessPoint = cell
      case "lineOperator": request.lineOperator = cell
      case "portSpec": request.portSpec = cell
      case "portType": request.portType = cell
      case "redundantConnection": request.redundantConnection = cell
      case "priority":
        switch RequestsDecoder.parsePriority(cell) {
        case .success(let value): request.priority = value
        case .failure(let problem): request.fieldProblems.append(problem)
        }
      default: break
      }
    }
    guard let id else {
      return .failure(
        .init(
          place: "line \(line)",
          message: "the request has no id; every request needs a unique id"))
    }
    request.id = RequestID(id)
    return .success(request)
  }

  private static func newlines(in row: [String]) -> Int {
    row.reduce(0) { count, field in
      count + field.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    }
  }

  /// The line where a quoted field opens and never closes, or `nil`. Doubled quotes inside a
  /// field toggle twice, so counting quotes is enough.
  static func unterminatedQuoteLine(in bytes: [UInt8]) -> Int? {
    var line = 1
    var quoted = false
    var openedAt = 1
    for byte in bytes {
      if byte == UInt8(ascii: "\"") {
        quoted.toggle()
        if quoted { openedAt = line }
      } else if byte == UInt8(ascii: "\n") {
        line += 1
      }
    }
    return quoted ? openedAt : nil
  }
}
