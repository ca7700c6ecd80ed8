import ArgumentParser
import Patchbay

/// `patchbay interface`: one interface's lifecycle, as in FORMATS.md "Provisioning state".
struct InterfaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "interface",
    abstract: "Walk physical connection interfaces through their lifecycle.",
    discussion: """
      apply -> apply-loa -> approve (a device port is reserved) -> deliver -> connect -> \
      enable; reject sends an LOA back, cancel gives an interface up before it is enabled, \
      terminate takes it out of service; loa prints the Letter of Authorization of an \
      approved interface (JSON, an HTML page or a PDF). Every other command prints JSON on \
      standard output. A \
      refusal changes nothing, prints {"error": {"code", "message"}} and exits 1; 65 or 66 \
      when a file is invalid or unreadable (or the database cannot be opened, or is not a \
      Patchbay database: database_foreign), 75 when the database stayed busy with other \
      commands (run it again). show, list, history and loa only read: they open the database \
      read-only and never wait for other commands.
      """,
    subcommands: [
      InterfaceApplyCommand.self, InterfaceApplyLOACommand.self, InterfaceRejectCommand.self,
      InterfaceApproveCommand.self, InterfaceDeliverCommand.self, InterfaceConnectCommand.self,
      InterfaceEnableCommand.self, InterfaceCancelCommand.self, InterfaceTerminateCommand.self,
      InterfaceShowCommand.self, InterfaceListCommand.self, InterfaceHistoryCommand.self,
      InterfaceLOACommand.self,
    ]
  )
}

/// The interface a command acts on: the id of the request it was applied with.
struct InterfaceIDArgument: ParsableArguments {
  @Argument(help: ArgumentHelp("The interface's id (its request's id).", valueName: "id"))
  var id: String

  var interfaceID: InterfaceID { InterfaceID(id) }
}
