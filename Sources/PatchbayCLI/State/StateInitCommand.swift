import ArgumentParser
import Patchbay

/// `patchbay state init`: loads an inventory into a new provisioning database.
struct StateInitCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Make a provisioning database from an inventory.",
    discussion: """
      Reads the inventory (as `patchbay validate` does) and loads it into the database in one \
      transaction; a database that already holds an inventory is refused \
      (database_initialized). An SQLite file must be new or empty (or a Patchbay database \
      without an inventory): any other file is refused by name (database_foreign, exit 66) \
      and left as it was. A PostgreSQL database must exist; Patchbay makes its schema \
      `patchbay` in it (the role needs CREATE on the database). Prints the database and the \
      inventory's counts as JSON.

      Examples:
        patchbay state init --db provisioning.db --inventory inventory.json
        patchbay state init --db postgres://patchbay@db.example/provisioning \
      --inventory inventory.json
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(help: "The inventory to load (inventory.json).")
  var inventory: String

  func run() async throws {
    try await ExitStatus.runProvisioning {
      let model = try InventoryDecoder.read(path: inventory)
      try await database.openOrCreate().importInventory(model)
      let summary = InventorySummary(model)
      var writer = JSONWriter()
      writer.raw("{ \"database\": ")
      writer.string(database.name)
      writer.raw(", \"inventory\": ")
      writer.inlineObject([
        ("regions", .int(summary.regions)),
        ("accessPoints", .int(summary.accessPoints)),
        ("devices", .int(summary.devices)),
        ("ports", .int(summary.ports)),
        ("freePorts", .int(summary.freePorts)),
        ("connections", .int(summary.connections)),
      ])
      writer.raw(" }\n")
      return writer.bytes
    }
  }
}
