import ArgumentParser
@_spi(Tooling) import Patchbay

/// `patchbay apply`: commits a plan, turning its assignments into `Allocated` connections.
struct ApplyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Commit a plan: its assignments become connections in Allocated.",
    discussion: """
      Writes a new inventory with one connection per assignment (the request's id, account, \
      access point, device, port, port type, status Allocated and redundant connection). The \
      plan is refused as a whole, listing every problem, when an assignment names a port that is \
      held, given twice, missing or of the wrong type, a connection id that exists, a redundant \
      connection that is neither in the inventory nor in the plan, or has no account. The output \
      is written whole or not at all. Exit status 0 when applied, 1 when the plan cannot be \
      applied, 65 or 66 when a file is invalid or unreadable, 73 when the output cannot be \
      written. Run patchbay verify first to check the plan against the requests.
      """
  )

  @Option(help: "The inventory the plan was made for (inventory.json).")
  var inventory: String

  @Option(help: "The plan to commit (plan.json).")
  var plan: String

  @Option(help: "Where to write the new inventory (may be the same file as --inventory).")
  var output: String

  func run() throws {
    try ExitStatus.run {
      var timer = PhaseTimer()
      let before = try timer.readInventory(inventory)
      let planModel = try timer.measure("read plan") { try PlanDecoder.read(path: plan) }
      let applied = timer.measure("apply") {
        Result { () throws(PlanApplication.Error) in
          try PlanApplication.apply(planModel, to: before)
        }
      }
      let after: Inventory
      switch applied {
      case .success(let inventory): after = inventory
      case .failure(let error):
        StandardError.write(
          "\(plan): cannot be applied to \(inventory); nothing was written. "
            + "\(error.problems.count) \(error.problems.count == 1 ? "problem" : "problems"):")
        for problem in error.problems { StandardError.write("\(plan): \(problem)") }
        throw ExitStatus.planNotApplicable
      }
      let bytes = timer.measure("encode") { InventoryEncoder.jsonBytes(after) }
      try timer.measure("write") { try AtomicFile.write(bytes, toPath: output) }
      StandardError.write(
        "patchbay apply: \(planModel.assignments.count) assignments became Allocated "
          + "connections; \(output) has \(after.connections.count) connections, "
          + "\(InventorySummary(after).freePorts) free ports, in \(timer.summary)")
    }
  }
}

extension ExitStatus {
  /// `apply` was given a plan that cannot be committed (exit code 1, as `verify`'s violations).
  static let planNotApplicable = ExitCode(1)
}
