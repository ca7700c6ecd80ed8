import ArgumentParser
@_spi(Tooling) import Patchbay
import PatchbayServer

/// `patchbay token`: the callers of `patchbay serve`.
struct TokenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "token",
    abstract: "Manage the tokens file of `patchbay serve`.",
    subcommands: [TokenCreateCommand.self]
  )
}

/// `patchbay token create`: a new caller, its token printed once.
struct TokenCreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Make a new bearer token: print it once, keep only its SHA-256 in the tokens file.",
    discussion: """
      The token is printed on standard output and nowhere else; the tokens file (made when \
      missing) keeps its SHA-256, its role, its name and a customer's account. Restart \
      `patchbay serve` to let the new token in. Names must be unique in the file: idempotency \
      keys and log lines are kept by name.

      Examples:
        patchbay token create --tokens tokens.json --role operator --name noc
        patchbay token create --tokens tokens.json --role customer --account 1001 --name console
      """
  )

  @Option(help: ArgumentHelp("The tokens file to add to.", valueName: "tokens"))
  var tokens: String

  @Option(help: ArgumentHelp("operator or customer.", valueName: "role"))
  var role: String

  @Option(help: ArgumentHelp("A customer's account (customers only).", valueName: "account"))
  var account: String?

  @Option(help: ArgumentHelp("Who holds the token, unique in the file.", valueName: "name"))
  var name: String

  func validate() throws {
    guard let role = Caller.Role(rawValue: role) else {
      throw ValidationError("--role: \"\(role)\" is neither operator nor customer")
    }
    switch (role, account) {
    case (.customer, nil), (.customer, ""):
      throw ValidationError("--role customer needs --account, the account the token acts for")
    case (.operator, .some):
      throw ValidationError("--account is for customers; an operator acts for every account")
    default: break
    }
    guard !name.isEmpty else { throw ValidationError("--name: give who holds the token") }
  }

  func run() throws {
    try ExitStatus.run {
      let token = try TokenFile.create(
        path: tokens, role: Caller.Role(rawValue: role) ?? .customer,
        account: account.map { AccountID($0) }, name: name)
      try StandardOutput.write(token + "\n")
      StandardError.write(
        "patchbay token create: \(name) (\(role)\(account.map { " of account \($0)" } ?? "")) "
          + "added to \(tokens); the token above is shown once and kept nowhere")
    }
  }
}
