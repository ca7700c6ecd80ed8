import ArgumentParser
import Foundation
import Patchbay

/// `patchbay interface loa`: the Letter of Authorization of an approved interface, to hand to
/// the installers (docs/PROVISIONING.md, "The LOA document").
struct InterfaceLOACommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "loa",
    abstract: "Print the Letter of Authorization of an interface that holds its port.",
    discussion: """
      The document names the data centre and its address, the device, its cabinet and the \
      port, the port type, the redundant connection and where it landed, the scheduled time, \
      the construction company and the field engineers (certificate numbers masked: at most \
      the last 4 characters, never more than a third, show), the date of issue and a \
      reference that changes whenever the allocation changes. It exists from approvedLOA \
      until the interface is canceled or terminated; before approval (and after) the command \
      is refused with invalid_transition naming the state (exit 1).

      --format json (the default) prints the document as one JSON object; html one \
      self-contained printable page; pdf that page printed by headless Chromium (Debian's \
      package chromium), which must be installed: without it the command exits 69 naming \
      the package. A PDF goes to --output FILE, or to standard output when that is not a \
      terminal. The database is opened read-only.

      Examples:
        patchbay interface loa req-0100 --db provisioning.db
        patchbay interface loa req-0100 --db loa.db --format pdf --output loa.pdf
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  @Option(help: "json for machines, html for a browser (one printable page), pdf to print.")
  var format: LOAFormat = .json

  @Option(help: "Write the document here (whole or not at all) instead of to standard output.")
  var output: String?

  enum LOAFormat: String, ExpressibleByArgument, CaseIterable {
    case json, html, pdf
  }

  func validate() throws {
    if format == .pdf, output == nil, isatty(1) != 0 {
      throw ValidationError(
        "a PDF is not for a terminal: give --output FILE, or redirect standard output")
    }
  }

  func run() async throws {
    if let output { try ExitStatus.run { try StagedFile.check(output) } }
    let document: LOADocument
    do {
      document = try await database.reader().loaDocument(interface.interfaceID)
    } catch {
      // Refusals and database failures print and exit as every interface command's do.
      try await ExitStatus.runProvisioning { throw error }
      return
    }
    await OpenStores.shared.closeAll()
    let bytes: [UInt8]
    switch format {
    case .json: bytes = document.jsonBytes
    case .html: bytes = document.htmlBytes
    case .pdf:
      StandardError.progress("printing the LOA with headless Chromium")
      do {
        bytes = try await ChromiumPrinter().pdf(of: document.htmlBytes)
      } catch {
        StandardError.endProgress()
        StandardError.write("patchbay: \(error.code): \(error.description)")
        throw ExitStatus.unavailable
      }
      StandardError.endProgress()
    }
    try ExitStatus.run {
      if let output {
        try StagedFile(bytes, forPath: output).commit()
      } else {
        try StandardOutput.write(bytes)
      }
    }
  }
}

extension ExitStatus {
  /// A program Patchbay needs is missing or failed (EX_UNAVAILABLE): headless Chromium for a
  /// PDF. FORMATS.md extended, docs/FORMATS.md.
  static let unavailable = ExitCode(69)
}
