import ArgumentParser
import Foundation
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

  /// Opens the database for `state init`, which makes the file when it is missing.
  func openOrCreate() throws -> SQLiteStore {
    try SQLiteStore(path: db, busyTimeout: wait)
  }

  /// Opens a database that `state init` made. A missing file is refused (exit 66) instead of
  /// being made empty, so a mistyped path leaves no stray file behind.
  func provisioner(allocation: AllocationOptions = AllocationOptions(threads: 1)) throws
    -> Provisioner
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: db, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else {
      throw StoreError.unavailable(
        db, reason: "no such file; make it with `patchbay state init --db \(db) --inventory INV`")
    }
    return Provisioner(store: try SQLiteStore(path: db, busyTimeout: wait), allocation: allocation)
  }
}
