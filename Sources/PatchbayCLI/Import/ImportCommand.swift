import ArgumentParser

/// `patchbay import`: inventories from where operators keep them.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Make an inventory from another system's records.",
    discussion: """
      `patchbay import netbox` reads a live NetBox (docs/NETBOX.md).
      """,
    subcommands: [ImportNetBoxCommand.self]
  )
}
