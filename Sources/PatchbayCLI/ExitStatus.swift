import ArgumentParser
@_spi(Tooling) import Patchbay

/// The exit codes of FORMATS.md. The library reports errors; only the command line maps them.
enum ExitStatus {
  static let rejectionsFound = ExitCode(1)
  static let invalidInput = ExitCode(65)
  static let unreadableInput = ExitCode(66)
  static let internalError = ExitCode(70)
  /// An output cannot be written (EX_CANTCREAT): an output file or folder, a model for
  /// `--export-model`, or standard output (full, closed, or a reader that has gone); the
  /// message says the cause. FORMATS.md extended, docs/FORMATS.md and docs/FILES.md.
  static let cannotWriteOutput = ExitCode(73)

  /// Runs a command's body, printing library errors to standard error and turning them into
  /// exit codes; anything unexpected is an internal error (70), never a stack trace.
  static func run(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as InputError {
      StandardError.write(error.description)
      throw error.kind == .unreadable ? unreadableInput : invalidInput
    } catch let error as OutputError {
      StandardError.write(error.description)
      throw cannotWriteOutput
    } catch let exit as ExitCode {
      throw exit
    } catch {
      StandardError.write("patchbay: internal error: \(error). Please report this as a bug.")
      throw internalError
    }
  }
}
