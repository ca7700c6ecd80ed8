import ArgumentParser
import Patchbay

// The steps that take nothing but the interface: connect, enable, cancel, terminate.

/// `patchbay interface connect`: the cable is patched to the reserved port.
struct InterfaceConnectCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "connect",
    abstract: "The cable is patched to the port (waitingForConnection -> waitingForPayment).",
    discussion: """
      Example:
        patchbay interface connect req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.provisioner().connect(interface.interfaceID).jsonBytes
    }
  }
}

/// `patchbay interface enable`: the port's fee is paid.
struct InterfaceEnableCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "enable",
    abstract: "The fee is paid; the interface is in service (waitingForPayment -> enabled).",
    discussion: """
      Example:
        patchbay interface enable req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.provisioner().enable(interface.interfaceID).jsonBytes
    }
  }
}

/// `patchbay interface cancel`: gives the interface up before it is enabled.
struct InterfaceCancelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cancel",
    abstract: "Give the interface up before it is enabled (-> canceled); its port is freed.",
    discussion: """
      Example:
        patchbay interface cancel req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.provisioner().cancel(interface.interfaceID).jsonBytes
    }
  }
}

/// `patchbay interface terminate`: takes an enabled interface out of service.
struct InterfaceTerminateCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "terminate",
    abstract: "Take the interface out of service (enabled -> terminated); its port is freed.",
    discussion: """
      Example:
        patchbay interface terminate req-0100 --db provisioning.db
      """
  )

  @OptionGroup var interface: InterfaceIDArgument
  @OptionGroup var database: DatabaseOption

  func run() async throws {
    try await ExitStatus.runProvisioning {
      try await database.provisioner().terminate(interface.interfaceID).jsonBytes
    }
  }
}
