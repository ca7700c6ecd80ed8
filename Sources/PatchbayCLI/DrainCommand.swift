import ArgumentParser
@_spi(Tooling) import Patchbay
import PatchbayStore

/// `patchbay drain`: plan moving every live connection off devices (docs/DRAIN.md).
struct DrainCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drain",
    abstract: "Plan moving every live connection off devices, for maintenance or a failure.",
    discussion: """
      Reads the inventory from a file (--inventory) or as it stands in a provisioning database \
      (--db, read only; the interfaces' priorities are used), and plans moving every live \
      connection (a status that holds a port) of the named devices onto other devices of the \
      same access point: as many as can move, higher priority first, then the fewest port \
      changes. A connection of another device may move to make room; it is listed and counted \
      as a port change. A moved connection never shares a device with its redundant partner, \
      never lands on a drained device or a port whose cage does not accept its type, and no \
      port is given twice. A connection that cannot move is listed as stranded, with a code \
      and the numbers. The plan is checked before it is written (a failed check is an \
      internal error, exit 70, and nothing is written). With --db and --apply, the moves are \
      then committed in one transaction, with a history entry for each moved interface, after \
      the database checks them again as it stands (a plan another command made stale is \
      refused whole, exit 1, and nothing is written). The JSON goes to standard output or \
      --output; a one-line summary goes to standard error. Codes and the JSON: docs/DRAIN.md.

      Examples:
        patchbay drain --inventory inventory.json --device hz-yh-b-asw-01
        patchbay drain --inventory inventory.json --device asw-01 --device asw-02 \
      --output moves.json
        patchbay drain --db provisioning.db --device hz-yh-b-asw-01
        patchbay drain --db provisioning.db --device hz-yh-b-asw-01 --apply --output moves.json
      Device ids: patchbay capacity --inventory inventory.json --format json lists each access \
      point's devices.
      """
  )

  @Option(help: "The inventory file (inventory.json); or give --db.")
  var inventory: String?

  @Option(
    help: ArgumentHelp(
      "The provisioning database (an SQLite file or a PostgreSQL URL) whose inventory as it "
        + "stands is drained, with its interfaces' priorities; or give --inventory.",
      valueName: "db"))
  var db: String?

  @Option(
    name: .customLong("device"),
    help: ArgumentHelp(
      "A device to drain; repeat for several (each once).", valueName: "device"))
  var devices: [String] = []

  @Option(help: "Write the plan here (whole or not at all) instead of to standard output.")
  var output: String?

  @Flag(
    help: ArgumentHelp(
      "Commit the moves to the --db database in one transaction, with a history entry for "
        + "each moved interface, then write the plan."))
  var apply = false

  func validate() throws {
    if (inventory == nil) == (db == nil) {
      throw ValidationError("give either --inventory FILE or --db DATABASE (one of them)")
    }
    if devices.isEmpty {
      throw ValidationError(
        "no device to drain: name one or more with --device D (patchbay capacity --format json "
          + "lists each access point's devices)")
    }
    var seen = Set<String>()
    for device in devices where !seen.insert(device).inserted {
      throw ValidationError(
        "--device \(device.escapingControlCharacters) is given twice: name each device once")
    }
    if apply && db == nil {
      throw ValidationError(
        "--apply commits the moves to a provisioning database: give --db DATABASE (an "
          + "inventory file is never changed)")
    }
    if let db {
      do {
        _ = try DatabaseOption.parse(["--db", db])
      } catch {
        throw ValidationError(DatabaseOption.message(for: error))
      }
    }
  }

  func run() async throws {
    // The database is read first, and closed, before the synchronous work.
    var fromDatabase: Result<(Inventory, [ConnectionID: Int]), any Error>?
    if let db {
      do {
        let provisioner = try await DatabaseOption.parse(["--db", db]).reader()
        let model = try await provisioner.exportInventory()
        var priorities: [ConnectionID: Int] = [:]
        for interface in try await provisioner.interfaces() where interface.priority != 0 {
          priorities[ConnectionID(interface.id.rawValue)] = interface.priority
        }
        fromDatabase = .success((model, priorities))
      } catch {
        fromDatabase = .failure(error)
      }
      await OpenStores.shared.closeAll()
    }
    var timer = PhaseTimer()
    var checked: DrainPlan?
    try ExitStatus.run {
      if let output { try StagedFile.check(output) }
      let model: Inventory
      var priorities: [ConnectionID: Int] = [:]
      do {
        if let fromDatabase {
          (model, priorities) = try fromDatabase.get()
        } else {
          model = try timer.readInventory(inventory ?? "")
        }
      } catch {
        throw ExitStatus.databaseRefusal(error) ?? error
      }
      checked = try plan(model, priorities: priorities, timer: &timer)
    }
    guard let plan = checked else { return }
    var committed: Int?
    if apply, let db {
      committed = try await commit(plan, db: db, timer: &timer)
    }
    try ExitStatus.run {
      let bytes = plan.jsonBytes
      do {
        try timer.measure("write") {
          if let output {
            try StagedFile(bytes, forPath: output).commit()
          } else {
            try StandardOutput.write(bytes)
          }
        }
      } catch let error as OutputError where committed != nil {
        // The moves are in the database already: say so, and how to see them.
        StandardError.write(error.description)
        StandardError.write(
          "patchbay: only the plan was lost: its \(committed!) moves are committed in the "
            + "database. See them with `patchbay interface history ID --db DB` or `patchbay "
            + "state export --db DB`.")
        throw ExitStatus.cannotWriteOutput
      }
      let summary = plan.summary
      StandardError.write(
        "patchbay drain: \(summary.toMove) live connections on \(devices.count) "
          + "device\(devices.count == 1 ? "" : "s"), \(summary.moved) moved, \(summary.stranded) "
          + "stranded, \(summary.portChanges) port changes"
          + (plan.optimal ? "" : " (not proven optimal)")
          + (committed.map { ", \($0) moves committed" } ?? "") + " in \(timer.summary)")
    }
  }

  /// Plans and checks; a plan that fails its check is an internal error, never written.
  private func plan(
    _ model: Inventory, priorities: [ConnectionID: Int], timer: inout PhaseTimer
  ) throws -> DrainPlan {
    let ids = devices.map { DeviceID($0) }
    StandardError.progress("planning the drain of \(ids.count) devices")
    let plan: DrainPlan
    do {
      plan = try timer.measure("plan") {
        try DrainPlanner.plan(inventory: model, devices: ids, priorities: priorities)
      }
    } catch let error as DrainError {
      StandardError.endProgress()
      StandardError.write("patchbay: \(error.message)")
      throw ExitCode.validationFailure
    }
    let violations = timer.measure("check") {
      DrainChecker.check(plan, inventory: model, devices: ids)
    }
    StandardError.endProgress()
    guard violations.isEmpty else {
      for violation in violations.prefix(20) {
        StandardError.write(
          "patchbay: internal error: the drain plan breaks a guarantee: \(violation)")
      }
      if violations.count > 20 {
        StandardError.write("patchbay: ... and \(violations.count - 20) more violations")
      }
      StandardError.write("patchbay: nothing was written. Please report this as a bug.")
      throw ExitStatus.internalError
    }
    return plan
  }

  /// `--apply`: the moves in one transaction, checked again by the store against the database
  /// as it stands (a plan made stale by another command is refused whole, exit 1). Returns how
  /// many moves were committed.
  private func commit(_ plan: DrainPlan, db: String, timer: inout PhaseTimer) async throws -> Int {
    let clock = ContinuousClock()
    let start = clock.now
    let outcome: Result<AppliedMoves, any Error>
    do {
      let provisioner = try await DatabaseOption.parse(["--db", db]).provisioner()
      outcome = .success(try await provisioner.applyMoves(plan.moves))
    } catch {
      outcome = .failure(error)
    }
    await OpenStores.shared.closeAll()
    timer.record("apply", clock.now - start)
    var applied = 0
    try ExitStatus.run {
      do {
        applied = try outcome.get().moves.count
      } catch {
        guard let exit = ExitStatus.databaseRefusal(error) else { throw error }
        StandardError.write("patchbay: nothing was committed and no plan was written")
        throw exit
      }
    }
    return applied
  }
}
