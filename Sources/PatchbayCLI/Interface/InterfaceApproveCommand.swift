import ArgumentParser
import Patchbay

/// `patchbay interface approve`: approves one LOA, or every one in application as a batch.
struct InterfaceApproveCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve the LOA and reserve a device port (inApplication -> approvedLOA).",
    discussion: """
      With an id: the interface is validated again against the inventory as it stands and \
      placed on the device with the most free ports of its type, never on its redundant \
      connection's device; when none is left it is refused with the unplaced code \
      (no_free_port, no_diverse_device, ...). With --all: every interface in application is \
      placed as one batch by the allocator, in one transaction, and the answer is \
      {"approved": [...]} followed by the plan's rejected, unplaced, accessPoints and \
      summary; interfaces left out stay in application.

      Examples:
        patchbay interface approve req-0100 --db provisioning.db
        patchbay interface approve --all --db provisioning.db --threads 2
      """
  )

  @Argument(help: ArgumentHelp("The interface's id; leave out with --all.", valueName: "id"))
  var id: String?

  @Flag(help: "Approve every interface in application, as one batch.")
  var all = false

  @OptionGroup var database: DatabaseOption

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "With --all: subproblems solved at once (1 to \(NumberArgument.threads.upperBound); "
        + "default: the number of cores)."),
    transform: NumberArgument.integer("--threads", NumberArgument.threads))
  var threads: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "With --all: longest exact search per access point, in seconds (more than 0, up to "
        + "\(NumberArgument.format(NumberArgument.timeLimit.upperBound)); default 10)."),
    transform: NumberArgument.decimal(
      "--time-limit", NumberArgument.timeLimit, aboveLowerBound: true, unit: " of seconds"))
  var timeLimit: Double?

  func validate() throws {
    if all == (id != nil) { throw ValidationError("give either an interface id or --all") }
    if !all, threads != nil || timeLimit != nil {
      throw ValidationError("--threads and --time-limit apply to --all only")
    }
  }

  func run() async throws {
    try await ExitStatus.runProvisioning {
      guard all else {
        return try await database.provisioner().approve(InterfaceID(id ?? "")).jsonBytes
      }
      let options = AllocationOptions(
        threads: threads, timeLimit: .milliseconds(Int((timeLimit ?? 10) * 1000)))
      // The answer is encoded while the approvals are written, and printed only once the
      // transaction has committed.
      let (summary, bytes) = try await database.batchProvisioner(allocation: options).approveAll(
        progress: { stage in
          switch stage {
          case .reading:
            StandardError.progress("reading the interfaces in application")
          case .placing(let interfaces, let solved, let total):
            // At most a hundred updates, however many subproblems there are.
            guard solved == total || solved % max(1, total / 100) == 0 else { return }
            StandardError.progress(
              "placing \(interfaces) interfaces: \(solved) of \(total) subproblems")
          case .recording(let done, let total):
            StandardError.progress("recording approvals: \(done) of \(total)")
          }
        }) { batch in
          (
            "patchbay interface approve --all: \(batch.approved.count) approved, "
              + "\(batch.plan.summary.rejected) rejected, \(batch.plan.summary.unplaced) unplaced",
            batch.jsonBytes
          )
        }
      StandardError.endProgress()
      StandardError.write(summary)
      return bytes
    }
  }
}
