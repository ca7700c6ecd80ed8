import ArgumentParser
import Patchbay
import PatchbayStore

/// `--db`: the provisioning database that every `state` and `interface` command works on.
struct DatabaseOption: ParsableArguments {
  @Option(help: ArgumentHelp("The provisioning database: one SQLite file.", valueName: "db"))
  var db: String

  /// Long enough by default for another command's `approve --all` of a hundred thousand
  /// interfaces (about 9 s) to finish first.
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds to wait for other commands holding the database before giving up (exit 75); "
        + "0 to \(NumberArgument.format(NumberArgument.wait.upperBound)); default 30.",
      valueName: "seconds"),
    transform: NumberArgument.decimal("--wait", NumberArgument.wait, unit: " of seconds"))
  var wait: Double = 30

  /// Opens the database for `state init`, which makes the file when it is missing; a file that
  /// is not a Patchbay database (or a new, empty one) is refused by name.
  func openOrCreate() async throws -> SQLiteStore {
    try await SQLiteStore.create(path: db, busyTimeout: wait)
  }

  /// Opens a database that `state init` made, for a command that writes. A missing file is
  /// refused (exit 66) instead of being made empty, so a mistyped path leaves no stray file
  /// behind; so is a file that is not a Patchbay database.
  func provisioner(allocation: AllocationOptions = AllocationOptions(threads: 1)) async throws
    -> Provisioner
  {
    Provisioner(
      store: try await SQLiteStore(path: db, access: .readWrite, busyTimeout: wait),
      allocation: allocation)
  }

  /// Opens a database that `state init` made, read-only, for `show`, `list`, `history` and
  /// `state export`: nothing is created or migrated, a file this process may only read works,
  /// and a writer at work never makes it wait.
  func reader() async throws -> Provisioner {
    Provisioner(store: try await SQLiteStore(path: db, access: .readOnly, busyTimeout: wait))
  }
}
