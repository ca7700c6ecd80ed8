import ArgumentParser
import Patchbay

/// `patchbay interface reject`: the LOA review refuses the application.
struct InterfaceRejectCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reject",
    abstract: "Refuse the LOA (inApplication -> loaRejected), with a reason.",
    discussion: """
      The reason is shown to the customer, who may apply for the LOA again; an empty reason \
      is missing_reason.

      Example:
        patchbay interface reject req-0100 --db provisioning.db \
      --reason "the field engineer's certificate number is unreadable"
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  @Option(help: "Why, in words the customer can act on.")
  var reason: String

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.provisioner().reject(interface.interfaceID, reason: reason).jsonBytes
    }
  }
}
