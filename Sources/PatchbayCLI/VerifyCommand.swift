import ArgumentParser
import Patchbay

/// `patchbay verify`: checks a plan against FORMATS.md's guarantees 1 to 3 and the one-list rule.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a plan against the guarantees and the one-list rule; list each violation.",
    discussion: """
      Validates the batch again and checks the plan independently of the allocator: every \
      request in exactly one of assignments, rejected and unplaced; rejections as validation \
      gives them; each assignment on a free port of a device at the request's own access point \
      that accepts its port type, no port given twice; redundant connections on different \
      devices; redundancy groups placed all or nothing; the counts. Exit status 0 when the plan \
      is valid, 1 when it has violations, 65 or 66 when a file is invalid or unreadable.
      """
  )

  @Option(help: "The inventory the plan was made for (inventory.json).")
  var inventory: String

  @Option(help: "The batch of requests the plan answers (requests.json or requests.csv).")
  var requests: String

  @Option(help: "The plan to check (plan.json).")
  var plan: String

  @Option(help: "text for people (one violation per line), json for machines.")
  var format: OutputFormat = .text

  func run() throws {
    try ExitStatus.run {
      var timer = PhaseTimer()
      let inventoryModel = try timer.readInventory(inventory)
      let batch = try timer.readRequests(requests)
      StandardError.progress("reading \(plan)")
      let planModel = try timer.measure("read plan") { try PlanDecoder.read(path: plan) }
      StandardError.progress("checking \(planModel.assignments.count) assignments")
      let violations = timer.measure("check") {
        PlanChecker.check(planModel, inventory: inventoryModel, requests: batch)
      }
      StandardError.endProgress()
      try timer.measure("write") {
        switch format {
        case .json: try StandardOutput.write(VerificationText.json(violations))
        case .text: try StandardOutput.write(VerificationText.text(violations, plan: planModel))
        }
      }
      let verdict =
        switch violations.count {
        case 0: "valid"
        case 1: "1 violation"
        default: "\(violations.count) violations"
        }
      StandardError.write("patchbay verify: \(plan): \(verdict) in \(timer.summary)")
      if !violations.isEmpty { throw ExitStatus.violationsFound }
    }
  }
}

extension ExitStatus {
  /// `verify` found violations (FORMATS.md: exit code 1).
  static let violationsFound = ExitCode(1)
}

/// What `patchbay verify` prints on standard output.
enum VerificationText {
  /// One violation per line (`kind: sentence`), or one line saying the plan is valid.
  static func text(_ violations: [PlanViolation], plan: Plan) -> String {
    guard !violations.isEmpty else {
      return "plan is valid: \(plan.assignments.count) assignments, \(plan.rejected.count) "
        + "rejected, \(plan.unplaced.count) unplaced; every request listed once, guarantees 1 "
        + "to 3 hold\n"
    }
    return violations.map { $0.description.escapingControlCharacters + "\n" }.joined()
  }

  /// `{"violations": [{"kind", "request", "message"}], "summary": {"violations": N}}`.
  static func json(_ violations: [PlanViolation]) -> String {
    var writer = JSONWriter()
    writer.raw("{\n")
    writer.array("violations", violations, indent: 2) { writer, violation in
      writer.inlineObject([
        ("kind", .string(violation.kind.rawValue)),
        ("request", violation.request.map { .string($0.rawValue) } ?? .null),
        ("message", .string(violation.message)),
      ])
    }
    writer.raw(",\n  \"summary\": ")
    writer.inlineObject([("violations", .int(violations.count))])
    writer.raw("\n}\n")
    return writer.text
  }
}
