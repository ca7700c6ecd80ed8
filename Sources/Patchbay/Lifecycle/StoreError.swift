/// A store failure that is not the lifecycle's refusal: the database is busy, missing, foreign,
/// of another version, or refuses a port given twice.
///
/// A struct with an opaque ``Kind`` rather than an enumeration, as `GLPKError` is: a later
/// Patchbay (or another backend) may add kinds without breaking a caller's `switch`. ``code`` is
/// the stable string scripts match on (FORMATS.md "Provisioning state").
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure this is; an opaque code, so new kinds do not break callers' switches.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
      case busy
      case notInitialized
      case alreadyInitialized
      case newerSchema
      case portTaken
      case unavailable
      case foreign
    }

    let code: Code

    /// Other writers held the database longer than the store waits
    /// (``StoreError/waitedSeconds``); nothing was changed, trying again may succeed.
    public static let busy = Kind(code: .busy)
    /// The database has no inventory yet.
    public static let notInitialized = Kind(code: .notInitialized)
    /// `state init` on a database that already has an inventory.
    public static let alreadyInitialized = Kind(code: .alreadyInitialized)
    /// The database was written by a newer Patchbay (``StoreError/detail`` names the schema
    /// versions found).
    public static let newerSchema = Kind(code: .newerSchema)
    /// A port would be given twice; the change was refused (``StoreError/device``,
    /// ``StoreError/port``, ``StoreError/holder``).
    public static let portTaken = Kind(code: .portTaken)
    /// The database cannot be opened, read or written (``StoreError/detail`` says why).
    public static let unavailable = Kind(code: .unavailable)
    /// The file is not a Patchbay database: another program's SQLite file, an empty one, or
    /// not SQLite at all. Nothing was written to it.
    public static let foreign = Kind(code: .foreign)

    public var description: String {
      switch code {
      case .busy: "busy"
      case .notInitialized: "not initialized"
      case .alreadyInitialized: "already initialized"
      case .newerSchema: "newer schema"
      case .portTaken: "port taken"
      case .unavailable: "unavailable"
      case .foreign: "not a Patchbay database"
      }
    }
  }

  /// What kind of failure this is.
  public let kind: Kind
  /// The code scripts match on: `database_busy`, `database_not_initialized`, ...
  public let code: String
  /// The sentence for people: what failed and what to do.
  public let description: String
  /// The database, as the caller named it (a file path, a URL without its password); `nil`
  /// for ``Kind/busy`` and ``Kind/portTaken``.
  public let database: String?
  /// For ``Kind/busy``: how long the store waited.
  public let waitedSeconds: Double?
  /// For ``Kind/unavailable``, ``Kind/foreign`` and ``Kind/newerSchema``: the cause, or the
  /// schema versions found.
  public let detail: String?
  /// For ``Kind/portTaken``: the device of the port.
  public let device: DeviceID?
  /// For ``Kind/portTaken``: the port's name on ``device``.
  public let port: String?
  /// For ``Kind/portTaken``: who holds the port ("connection ID", "interface ID").
  public let holder: String?

  private init(
    _ kind: Kind, code: String, description: String, database: String? = nil,
    waitedSeconds: Double? = nil, detail: String? = nil, device: DeviceID? = nil,
    port: String? = nil, holder: String? = nil
  ) {
    self.kind = kind
    self.code = code
    self.description = description
    self.database = database
    self.waitedSeconds = waitedSeconds
    self.detail = detail
    self.device = device
    self.port = port
    self.holder = holder
  }

  // MARK: Failures a store reports

  /// Other writers held the database for `seconds`, as long as the store waits.
  public static func busy(waitedSeconds seconds: Double) -> StoreError {
    StoreError(
      .busy, code: "database_busy",
      description: "the database stayed busy with other commands for \(seconds) s; nothing was "
        + "changed, run the command again",
      waitedSeconds: seconds)
  }

  /// The database at `path` has no inventory yet.
  public static func notInitialized(_ path: String) -> StoreError {
    StoreError(
      .notInitialized, code: "database_not_initialized",
      description:
        "\(path) holds no inventory; run `patchbay state init --db \(path) --inventory INV` first",
      database: path)
  }

  /// `state init` on the database at `path`, which has an inventory already.
  public static func alreadyInitialized(_ path: String) -> StoreError {
    StoreError(
      .alreadyInitialized, code: "database_initialized",
      description: "\(path) already holds an inventory; use a new database file", database: path)
  }

  /// The database records migrations this build does not know (`found`); `expected` is the
  /// newest this build knows.
  public static func newerSchema(_ path: String, found: String, expected: String? = nil)
    -> StoreError
  {
    let known = expected.map { "; this Patchbay knows up to schema \($0)" } ?? ""
    return StoreError(
      .newerSchema, code: "database_newer",
      description: "\(path) was written by a newer Patchbay (schema \(found)\(known)); use that "
        + "version",
      database: path, detail: found)
  }

  /// The port is held by `holder` already; the change that wanted it was refused.
  public static func portTaken(device: DeviceID, port: String, holder: String) -> StoreError {
    StoreError(
      .portTaken, code: "port_taken",
      description: "port \(port) of \(device) is already held by \(holder); nothing was changed",
      device: device, port: port, holder: holder)
  }

  /// The database cannot be opened, read or written; `reason` says why, in words that name the
  /// real cause (no such file, permission denied, ...).
  public static func unavailable(_ path: String, reason: String) -> StoreError {
    StoreError(
      .unavailable, code: "database_unavailable",
      description: "cannot use the database \(path): \(reason)", database: path, detail: reason)
  }

  /// `reason` says what the file is instead ("no Patchbay schema", "an empty file", ...).
  public static func foreign(_ path: String, reason: String) -> StoreError {
    StoreError(
      .foreign, code: "database_foreign",
      description: "\(path) is not a Patchbay database (\(reason)); give the file made by "
        + "`patchbay state init`, or a new file to `state init`",
      database: path, detail: reason)
  }
}
