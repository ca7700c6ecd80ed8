import ArgumentParser
import Patchbay

/// `patchbay interface apply`: a new interface from one request.
struct InterfaceApplyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Apply for an interface with one request (toApplyForLOA).",
    discussion: """
      REQ holds one request object, as an element of requests.json. It is validated against \
      the inventory as it stands, with the rejection codes of `patchbay validate` (a field of \
      the wrong type is malformed_request); an id already used by an interface or a \
      connection is duplicate_interface. A file that is not JSON, not an object or has no id \
      exits 65.

      Example:
        echo '{"id": "req-0100", "account": "1001", "region": "cn-hangzhou", \
      "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", \
      "portType": "10GBase-LR"}' > req.json
        patchbay interface apply --db provisioning.db --request req.json
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(help: "A file holding one request object.")
  var request: String

  func run() async throws {
    try await ExitStatus.runProvisioning {
      let model = try RequestsDecoder.readSingle(path: request)
      return try await database.provisioner().apply(model).jsonBytes
    }
  }
}
