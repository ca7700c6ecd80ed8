import ArgumentParser
import Patchbay

// The commands that only read: show, list, history.

/// `patchbay interface show`: one interface.
struct InterfaceShowCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print one interface.",
    discussion: """
      Example:
        patchbay interface show req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.reader().interface(interface.interfaceID).jsonBytes
    }
  }
}

/// `patchbay interface list`: every interface, or those in one state.
struct InterfaceListCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "Print the interfaces as a JSON array, in the order they were applied for.",
    discussion: """
      Example:
        patchbay interface list --db provisioning.db --state inApplication
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(
    help: ArgumentHelp(
      "Only interfaces in this state: "
        + InterfaceState.allCases.map(\.rawValue).joined(separator: ", ") + ".",
      valueName: "state"))
  var state: InterfaceState?

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.reader().interfaces(in: state).jsonBytes
    }
  }
}

/// `patchbay interface history`: every step of one interface, oldest first.
struct InterfaceHistoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "Print an interface's history: each step, when, from which state to which.",
    discussion: """
      Example:
        patchbay interface history req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.reader().history(of: interface.interfaceID).jsonBytes
    }
  }
}

extension InterfaceState: ExpressibleByArgument {}
