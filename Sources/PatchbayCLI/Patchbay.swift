import ArgumentParser

/// The `patchbay` command: parses arguments, reads files, calls the library, prints.
@main
struct PatchbayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patchbay",
    abstract: "Places physical connection interfaces on access devices and ports.",
    discussion: """
      Exit codes: 0 done; 1 verify found violations, validate --strict found rejected \
      requests, apply refused a plan, or a state or interface command was refused; 64 usage \
      error; 65 an input file is invalid (the message names the file and the place); 66 an \
      input file or the database cannot be read, or NetBox refused; 70 internal error; 73 an \
      output file, or standard output, cannot be written; 75 the database stayed busy with \
      other commands, or NetBox cannot be reached (run it again).
      File formats and rejection codes: docs/FORMATS.md.
      """,
    version: PatchbayVersion.current,
    subcommands: [
      ValidateCommand.self, AllocateCommand.self, VerifyCommand.self, ApplyCommand.self,
      GenerateCommand.self, StateCommand.self, InterfaceCommand.self, ServeCommand.self,
      TokenCommand.self, CapacityCommand.self, DrainCommand.self, ImportCommand.self,
    ]
  )

  /// Prepares the standard streams (a broken pipe is an error, not a signal) before parsing.
  /// Async, so that it runs the commands' own `main` whether they are async or not.
  static func main() async {
    StandardStreams.prepare()
    await main(nil)
  }
}

/// The version `--version` prints.
enum PatchbayVersion {
  static let current = "0.1.0"
}
