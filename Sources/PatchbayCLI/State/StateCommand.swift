import ArgumentParser

/// `patchbay state`: the provisioning database as a whole.
struct StateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "state",
    abstract: "Make a provisioning database from an inventory, or export its inventory.",
    discussion: """
      The database (SQLite, one file) holds the inventory, the interfaces and their history; \
      `patchbay interface` walks interfaces through their lifecycle on it.
      """,
    subcommands: [StateInitCommand.self, StateExportCommand.self]
  )
}
