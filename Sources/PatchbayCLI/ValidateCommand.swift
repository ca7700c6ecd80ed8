import ArgumentParser
import Patchbay

/// `patchbay validate`: checks the files and every request without allocating.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check the inventory and every request of a batch, without allocating.",
    discussion: """
      Reads the inventory (refusing contradictions) and, with --requests, checks every request \
      against it: regions, access points, line operators, port types and specifications, the \
      40G/100G whitelist, redundant connections and the pending limit. Each rejected request \
      gets a code and a sentence that says what to change.
      """
  )

  @Option(help: "The inventory file (inventory.json).")
  var inventory: String

  @Option(help: "The batch of requests (requests.json or requests.csv).")
  var requests: String?

  @Option(help: "text for people, json for machines (the plan's rejected list and summary).")
  var format: OutputFormat = .text

  @Flag(help: "Exit with status 1 if any request is rejected.")
  var strict = false

  func run() throws {
    try ExitStatus.run {
      var timer = PhaseTimer()
      // The two files are read at once, one on each core, as `allocate` reads them.
      let (inventoryModel, batch): (Inventory, RequestBatch?) =
        if let requests {
          try timer.readBoth(inventory: inventory, requests: requests)
        } else {
          (try timer.readInventory(inventory), nil)
        }
      StandardError.progress("validating \(batch?.requests.count ?? 0) requests")
      let result = timer.measure("validate") {
        let validator = BatchValidator(inventory: inventoryModel)
        return batch.map { validator.validate($0) } ?? validator.validate([])
      }
      StandardError.endProgress()
      let report = ValidationReport(result: result, inventory: InventorySummary(inventoryModel))
      try timer.measure("write") {
        switch format {
        case .json: try StandardOutput.write(report.json)
        case .text:
          try StandardOutput.write(
            ValidationText.render(report, inventoryFile: inventory, requestsFile: requests))
        }
      }
      StandardError.write(
        "patchbay validate: \(result.requestCount) requests, \(result.accepted.count) valid, "
          + "\(result.rejections.count) rejected in \(timer.summary)")
      if strict && !result.rejections.isEmpty { throw ExitStatus.rejectionsFound }
    }
  }
}
