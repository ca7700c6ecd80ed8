import ArgumentParser
import Patchbay

/// `patchbay interface apply-loa`: files the LOA application.
struct InterfaceApplyLOACommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply-loa",
    abstract: "Apply for the LOA (toApplyForLOA or loaRejected -> inApplication).",
    discussion: """
      LOA is a JSON object: companyName, constructionCompany, constructionType (MSTP, \
      MPLSVPN, FIBRE, Others), scheduledConstructionTime (ISO 8601, in the future), optional \
      location and bandwidthMbps, and fieldEngineers (1 to 16 of name, contact, \
      certificateType IDCard or Passport, certificateNumber). Missing or wrong fields are \
      invalid_loa, each named; a file that is not a JSON object exits 65.

      Example:
        patchbay interface apply-loa req-0100 --db provisioning.db --loa loa.json
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  @Option(help: "The LOA application (loa.json).")
  var loa: String

  func run() async throws {
    try await ExitStatus.runProvisioning {
      let letter = try LOADecoder.read(path: loa)
      return try await database.provisioner().applyForLOA(interface.interfaceID, loa: letter)
        .jsonBytes
    }
  }
}
