/// An input file that cannot be used at all: unreadable, not JSON or CSV, the wrong shape, or an
/// inventory that contradicts itself. Problems with one request are rejections instead.
///
/// Every problem names the file and the place (a JSON path such as
/// `devices[3].ports[1].portTypes[0]`, or a line and column), what is wrong, and what would fix it.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Whether the file could not be read or was read and is wrong. A struct rather than an enum,
  /// so that a new kind does not break a caller's exhaustive `switch`.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    private let name: String

    /// The file does not exist or cannot be read (exit code 66).
    public static let unreadable = Kind(name: "unreadable")
    /// The file is not valid JSON or CSV, has the wrong shape, or contradicts itself (exit 65).
    public static let invalid = Kind(name: "invalid")

    public var description: String { name }
  }

  /// One thing wrong, at one place.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// A JSON path (`devices[3].ports[1]`), or `line 4, column 7`; `nil` for the whole file.
    public var place: String?
    /// What is wrong and what would fix it, as a sentence for people.
    public var message: String

    /// An empty place is the top level of the file (the path of its root object), said as no
    /// place at all rather than as an empty one.
    public init(place: String?, message: String) {
      self.place = place?.isEmpty == true ? nil : place
      self.message = message
    }

    /// One line: control characters from the input (a quoted value, a path) are escaped, so a
    /// file cannot fake lines of output.
    public var description: String {
      (place.map { "\($0): \(message)" } ?? message).escapingControlCharacters
    }
  }

  /// Whether the file could not be read or is wrong: it decides the exit code.
  public var kind: Kind
  /// The file as the user named it.
  public var file: String
  /// At least one problem; contradictions in an inventory are all listed, up to a bound.
  public var problems: [Problem]

  /// An error of `file` with these problems; give at least one.
  public init(kind: Kind = .invalid, file: String, problems: [Problem]) {
    self.kind = kind
    self.file = file
    self.problems = problems
  }

  /// An error of `file` with one problem, at `place` (`nil` for the whole file).
  public init(kind: Kind = .invalid, file: String, place: String?, message: String) {
    self.init(kind: kind, file: file, problems: [Problem(place: place, message: message)])
  }

  /// How many problems a message lists before it says how many more there are.
  public static let problemsShown = 20

  public var description: String {
    let file = self.file.escapingControlCharacters
    let shown = problems.prefix(InputError.problemsShown).map { "\(file): \($0)" }
    let more = problems.count - shown.count
    return (shown + (more > 0 ? ["\(file): ... and \(more) more problems"] : []))
      .joined(separator: "\n")
  }
}
