import ArgumentParser
import Patchbay

/// `patchbay interface deliver`: the customer files the delivery report.
struct InterfaceDeliverCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deliver",
    abstract: "File the delivery report (approvedLOA -> waitingForConnection).",
    discussion: """
      The leased line's code and the labels on the cable at the cloud's data centre, one \
      --cable-label each; an empty code or label is invalid_delivery_report.

      Example:
        patchbay interface deliver req-0100 --db provisioning.db --line-code CT-HZ-0042 \
      --cable-label HZ-B-0042-A --cable-label HZ-B-0042-B
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  @Option(help: "The carrier's code for the leased line.")
  var lineCode: String

  @Option(help: "A label on the cable; give one or more.")
  var cableLabel: [String] = []

  func run() async throws {
    try await ExitStatus.runProvisioning {
      let report = try DeliveryReport(lineCode: lineCode, cableLabels: cableLabel)
      return try await database.provisioner().deliver(interface.interfaceID, report: report)
        .jsonBytes
    }
  }
}
