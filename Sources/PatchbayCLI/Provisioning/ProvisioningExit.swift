import ArgumentParser
import Patchbay
import PatchbayStore

/// How `state` and `interface` commands end (FORMATS.md "Provisioning state", "Exit codes").
extension ExitStatus {
  /// The lifecycle or the store refused the command; nothing was changed.
  static let refused = ExitCode(1)
  /// The database stayed busy with other writers past the store's bound (EX_TEMPFAIL): running
  /// the command again may succeed. FORMATS.md extended, docs/FORMATS.md.
  static let temporaryFailure = ExitCode(75)

  /// Runs a provisioning command whose body returns the JSON to print. A refusal prints
  /// `{"error": {"code", "message"}}` on standard output, for scripts, and the message on
  /// standard error, for people; files that are bad or unreadable end as in every command.
  /// When the answer cannot be printed, the command has already been carried out: that is said
  /// on standard error with how to see the result, and the exit status is 73.
  static func runProvisioning(_ body: () async throws -> [UInt8]) async throws {
    let outcome: Result<[UInt8], any Error>
    do {
      outcome = .success(try await body())
    } catch {
      outcome = .failure(error)
    }
    // The stores close while the answer is printed: an SQLite store that writes its log into
    // the file only then (`approve --all`) does so on the other core. Either way the command's
    // transaction has committed before its answer is printed.
    async let closing: Void = OpenStores.shared.closeAll()
    let printed = Result { try printAnswer(outcome) }
    await closing
    try printed.get()
  }

  /// The answer on standard output, or the refusal; throws the exit status.
  private static func printAnswer(_ outcome: Result<[UInt8], any Error>) throws {
    try run {
      let answer: [UInt8]
      do {
        answer = try outcome.get()
      } catch let error as LifecycleError {
        try refuse(code: error.code, message: error.description, status: refused)
        return
      } catch let error as StoreError {
        try refuse(code: error.code, message: error.description, status: status(for: error))
        return
      }
      do {
        try StandardOutput.write(answer)
      } catch {
        StandardError.write("\(error)")
        StandardError.write(
          "patchbay: only the answer was lost: the command itself was carried out, and any "
            + "change it made is committed in the database. See the result with `patchbay "
            + "interface show ID --db DB` (or `interface list`, `interface history ID`).")
        throw cannotWriteOutput
      }
    }
  }

  /// Says on standard error why the database or the lifecycle refused, and gives the exit
  /// status for it; `nil` for any other error (the commands that read a database's inventory).
  static func databaseRefusal(_ error: any Error) -> ExitCode? {
    let (code, message, exit): (String, String, ExitCode)
    switch error {
    case let error as StoreError:
      (code, message, exit) = (error.code, error.description, status(for: error))
    case let error as LifecycleError:
      (code, message, exit) = (error.code, error.description, refused)
    default: return nil
    }
    StandardError.write("patchbay: \(code): \(message.escapingControlCharacters)")
    return exit
  }

  private static func refuse(code: String, message: String, status: ExitCode) throws {
    // The exit status and standard error still say why when standard output cannot take it.
    try? StandardOutput.write(RefusalJSON.bytes(code: code, message: message))
    StandardError.write("patchbay: \(code): \(message.escapingControlCharacters)")
    throw status
  }

  /// A busy database is worth retrying (75), and so is a PostgreSQL server that cannot be
  /// reached or went away; an SQLite file that cannot be opened, or a database that is not a
  /// Patchbay database, is like an unreadable input file (66); the rest are refusals of this
  /// command on this database (1).
  static func status(for error: StoreError) -> ExitCode {
    switch error.kind {
    case .busy: temporaryFailure
    case .unavailable where PostgresURL.isPostgres(error.database ?? ""): temporaryFailure
    case .unavailable, .newerSchema, .foreign: unreadableInput
    default: refused
    }
  }
}
