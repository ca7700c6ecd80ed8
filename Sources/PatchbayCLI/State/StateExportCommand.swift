import ArgumentParser
@_spi(Tooling) import Patchbay

/// `patchbay state export`: the inventory as it stands, for `allocate`, `verify` and `apply`.
struct StateExportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the inventory as it stands, every interface that holds a port included.",
    discussion: """
      Each interface that holds a port (approvedLOA to enabled) becomes a connection in its \
      state's API status (Allocated, Confirmed, Enabled) on its device and port, so \
      `patchbay allocate` and `patchbay verify` see the ports as taken. The inventory goes to \
      standard output, or to --output, written whole or not at all (exit 73 when it cannot \
      be written).

      Example:
        patchbay state export --db provisioning.db --output inventory-now.json
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(help: "Write the inventory here instead of to standard output.")
  var output: String?

  func run() async throws {
    try await ExitStatus.runProvisioning {
      let inventory = try await database.reader().exportInventory()
      let bytes = InventoryEncoder.jsonBytes(inventory)
      guard let output else { return bytes }
      try AtomicFile.write(bytes, toPath: output)
      let summary = InventorySummary(inventory)
      StandardError.write(
        "patchbay state export: \(output) has \(summary.connections) connections, "
          + "\(summary.freePorts) of \(summary.ports) ports free")
      return []
    }
  }
}
