import ArgumentParser
import Foundation
@_spi(Tooling) import Patchbay
import PatchbayNetBox

/// `patchbay import netbox`: a live NetBox in, an inventory out (NETBOX.md, docs/NETBOX.md).
struct ImportNetBoxCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "netbox",
    abstract: "Make an inventory from a live NetBox (3.x or 4.x) through its REST API.",
    discussion: """
      Reads the sites (--site, or all), the active devices of the --device-role roles at those \
      sites, and their interfaces, page by page, and writes an inventory that `patchbay \
      validate` accepts: sites become access points, interfaces of the port-type map's types \
      become ports, interfaces with a cable or marked connected become Enabled connections. \
      What was imported and skipped (by reason) is summed up on standard error. The token comes \
      from --token-file, or else from NETBOX_TOKEN, and is never printed. Nothing is written \
      unless the whole import succeeds.

      Each request times out after --timeout seconds; a 429, a 5xx, a timeout or a failed \
      connection is tried again up to --retries times (waiting 1, 2, 4, 8 s ..., or what \
      Retry-After says, up to 60 s).

      Exit codes: 0 done; 64 usage (no token, a bad --url); 65 the port-type map is invalid, or \
      NetBox's answers are not NetBox's (not JSON, a listing that never ends, an unknown line \
      operator); 66 NetBox refused (401, 403, 404, a redirect) or a file cannot be read; 73 the \
      output cannot be written; 75 NetBox cannot be reached, timed out, or stayed busy (run it \
      again later).

      Examples:
        NETBOX_TOKEN=... patchbay import netbox --url https://netbox.example.com \\
          --device-role access-switch --output inventory.json
        patchbay import netbox --url https://netbox.example.com --token-file ~/.netbox-token \\
          --device-role access-switch --device-role core-switch --site dm-akron \\
          --port-types port-types.json --output inventory.json
      """
  )

  @Option(
    help: ArgumentHelp("NetBox's address, such as https://netbox.example.com.", valueName: "url"))
  var url: String

  @Option(
    help: ArgumentHelp(
      "A file holding the API token (else NETBOX_TOKEN is read).", valueName: "file"))
  var tokenFile: String?

  @Option(
    help: ArgumentHelp(
      "A device role's slug whose devices are imported (repeat for more roles).",
      valueName: "slug"))
  var deviceRole: [String] = []

  @Option(
    help: ArgumentHelp(
      "A site's slug to import (repeat for more; all sites without it).", valueName: "slug"))
  var site: [String] = []

  @Option(
    help: ArgumentHelp(
      "A JSON object from NetBox interface types to port types, replacing the default map.",
      valueName: "map.json"))
  var portTypes: String?

  @Option(
    help: ArgumentHelp(
      "Where to write the inventory (standard output without it).", valueName: "inv"))
  var output: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Seconds one request to NetBox may take.", valueName: "seconds"),
    transform: NumberArgument.decimal(
      "--timeout", 0...3600, aboveLowerBound: true, unit: " of seconds"))
  var timeout: Double = 30

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Times a request is tried again after a 429, a 5xx, a timeout or a failed connection.",
      valueName: "count"),
    transform: NumberArgument.integer("--retries", 0...10))
  var retries = 4

  func validate() throws {
    guard !deviceRole.isEmpty else {
      throw ValidationError(
        "Missing --device-role: name the role (its slug) of the devices to import, such as "
          + "--device-role access-switch.")
    }
    for slug in deviceRole + site where slug.isEmpty {
      throw ValidationError("--device-role and --site take a slug, not an empty text.")
    }
  }

  func run() async throws {
    let outcome: Result<NetBoxImport, NetBoxError>
    do throws(NetBoxError) {
      outcome = .success(try await importInventory())
    } catch {
      outcome = .failure(error)
    }
    StandardError.endProgress()
    try ExitStatus.run {
      let result: NetBoxImport
      switch outcome {
      case .success(let imported): result = imported
      case .failure(let error):
        StandardError.write(error.description)
        StandardError.write("patchbay import netbox: nothing was written.")
        throw ExitStatus.exitCode(for: error.kind)
      }
      let bytes = InventoryEncoder.jsonBytes(result.inventory)
      if let output {
        try AtomicFile.write(bytes, toPath: output)
      } else {
        try StandardOutput.write(bytes)
      }
      for line in result.summary.lines { StandardError.write("patchbay import netbox: \(line)") }
    }
  }

  private func importInventory() async throws(NetBoxError) -> NetBoxImport {
    let address = try NetBoxAddress(url)
    let token = try NetBoxToken.resolve(
      file: tokenFile, environment: ProcessInfo.processInfo.environment)
    let map = try portTypes.map { path throws(NetBoxError) in try NetBoxPortTypeMap.read(path: path)
    }
    var settings = NetBoxClientSettings()
    settings.requestTimeout = .milliseconds(Int64((timeout * 1000).rounded()))
    settings.attempts = retries + 1
    let client = NetBoxClient(
      address: address, token: token, settings: settings,
      progress: { StandardError.progress("netbox: \($0)") })
    let result: Result<NetBoxImport, NetBoxError>
    do throws(NetBoxError) {
      result = .success(
        try await NetBoxImporter.run(
          client: client,
          selection: NetBoxSelection(
            deviceRoles: Set(deviceRole), sites: site.isEmpty ? nil : Set(site),
            portTypes: map ?? .default)))
    } catch {
      result = .failure(error)
    }
    await client.shutdown()
    return try result.get()
  }
}

extension ExitStatus {
  /// docs/NETBOX.md "Exit codes".
  static func exitCode(for kind: NetBoxError.Kind) -> ExitCode {
    switch kind {
    case .usage: ExitCode(64)
    case .invalidAnswer, .invalidFile: invalidInput
    case .refused, .unreadableFile: unreadableInput
    case .unavailable: ExitCode(75)
    }
  }
}
