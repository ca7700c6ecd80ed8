import ArgumentParser
import Foundation
@_spi(Tooling) import Patchbay

/// `patchbay allocate`: plans a batch. The plan goes to a file or standard output; a summary
/// for people goes to standard error.
struct AllocateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "allocate",
    abstract: "Place a batch of requests on devices and ports, and write the plan.",
    discussion: """
      Validates every request, then places as many as possible, higher priority first, with \
      redundant connections at one access point on different devices and redundancy groups \
      placed all or nothing. Each access point is solved greedily, and exactly (GLPK) where \
      the greedy leaves requests out; the plan says for each whether its answer is proven \
      optimal. The plan is byte-identical for the same input, whatever --threads says.
      """
  )

  @Option(help: "The inventory file (inventory.json).")
  var inventory: String

  @Option(help: "The batch of requests (requests.json or requests.csv).")
  var requests: String

  @Option(help: "Write the plan here (whole or not at all) instead of to standard output.")
  var output: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Subproblems solved at once (1 to \(NumberArgument.threads.upperBound); default: the "
        + "number of cores)."),
    transform: NumberArgument.integer("--threads", NumberArgument.threads))
  var threads: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Longest exact search per access point, in seconds (more than 0, up to "
        + "\(NumberArgument.format(NumberArgument.timeLimit.upperBound)); default 10)."),
    transform: NumberArgument.decimal(
      "--time-limit", NumberArgument.timeLimit, aboveLowerBound: true, unit: " of seconds"))
  var timeLimit: Double = 10

  @Option(
    help: ArgumentHelp(
      "Also write every integer programme solved to this folder, in CPLEX LP format (made and "
        + "checked before any work; file names from the access point ids, made safe).",
      valueName: "dir"))
  var exportModel: String?

  func run() throws {
    try ExitStatus.run {
      // Before any work: an output file or a model folder that cannot be written ends the run
      // now (73), rather than after a long solve whose result is then lost.
      if let exportModel { try OutputFolder.prepare(exportModel) }
      if let output { try StagedFile.check(output) }
      var timer = PhaseTimer()
      let (inventoryModel, batch) = try timer.readBoth(inventory: inventory, requests: requests)
      StandardError.progress("validating \(batch.requests.count) requests")
      let validation = timer.measure("validate") {
        BatchValidator(inventory: inventoryModel).validate(batch)
      }
      StandardError.progress("placing \(validation.accepted.count) requests")
      let options = AllocationOptions(
        threads: threads, timeLimit: .milliseconds(Int(timeLimit * 1000)),
        exportModelDirectory: exportModel)
      let result = timer.measure("solve") {
        Allocator(inventory: inventoryModel, options: options).allocate(validated: validation) {
          solved, total in
          // At most a hundred updates, however many subproblems there are.
          guard solved == total || solved % max(1, total / 100) == 0 else { return }
          StandardError.progress(
            "placing \(validation.accepted.count) requests: \(solved) of \(total) subproblems")
        }
      }
      StandardError.progress("checking and encoding the plan")
      // The same checker as `patchbay verify`, on one core while the other encodes the plan and
      // writes it to a temporary file, which takes the output's place only once the check has
      // passed: a plan that breaks a guarantee is never written. The checker reuses the batch's
      // validation (not the allocator's work), which `verify` does again on its own.
      let plan = result.plan
      let output = self.output
      let (violations, encoded) = timer.measure(
        output == nil ? "verify and encode" : "verify, encode and write"
      ) {
        bothAtOnce(
          {
            PlanChecker.check(plan, inventory: inventoryModel, batch: batch, validation: validation)
          },
          { () -> (bytes: [UInt8], staged: Result<StagedFile, OutputError>?) in
            let bytes = plan.jsonBytes
            guard let output else { return (bytes, nil) }
            return ([], Result { () throws(OutputError) in try StagedFile(bytes, forPath: output) })
          })
      }
      StandardError.endProgress()
      guard violations.isEmpty else {
        if case .success(let staged) = encoded.staged { staged.discard() }
        for violation in violations.prefix(20) {
          StandardError.write("patchbay: internal error: the plan breaks a guarantee: \(violation)")
        }
        StandardError.write("patchbay: no plan was written. Please report this as a bug.")
        throw ExitStatus.internalError
      }
      if let staged = encoded.staged {
        try staged.get().commit()
      } else {
        try timer.measure("write") { try StandardOutput.write(encoded.bytes) }
      }
      for error in result.solverErrors {
        StandardError.write("patchbay: the exact solver failed at \(error); kept the greedy answer")
      }
      StandardError.write(PlanSummaryText.render(result.plan, timer: timer))
      // The plan is whole and written; the models asked for are an output too, so a model that
      // could not be written fails the command (73) rather than pass unnoticed.
      if !result.modelExportFailures.isEmpty {
        for failure in result.modelExportFailures.prefix(20) {
          StandardError.write("patchbay: cannot write the model \(failure)")
        }
        StandardError.write(
          "patchbay: the plan was written, but \(result.modelExportFailures.count) of the models "
            + "for --export-model were not; free space in \(exportModel ?? "") or choose another "
            + "folder, and run again")
        throw ExitStatus.cannotWriteOutput
      }
    }
  }
}
