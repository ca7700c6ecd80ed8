import ArgumentParser
import Patchbay

/// `patchbay interface apply`: a new interface from one request, or one per request of a
/// backlog in one transaction.
struct InterfaceApplyCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "apply",
    abstract: "Apply for an interface with one request, or for a whole backlog (toApplyForLOA).",
    discussion: """
      With --request: REQ holds one request object, as an element of requests.json. It is \
      validated against the inventory as it stands, with the rejection codes of `patchbay \
      validate` (a field of the wrong type is malformed_request); an id already used by an \
      interface or a connection is duplicate_interface. A file that is not JSON, not an object \
      or has no id exits 65.

      With --requests: FILE is a batch as `patchbay allocate` reads it (requests.json, or \
      requests.csv by its extension), applied in one transaction. Each request is checked as \
      --request checks one, in file order, with the earlier ones of the file already applied: \
      they count against their account's pending limit, and a request may name an earlier one \
      as its redundantConnection (naming a later one, or one that was refused, is \
      unknown_redundant_connection, and the message says where the other one is). A refused \
      request is left out and the others go on. The answer is {"applied": N, \
      "refused": M, "results": [...]}, one result per request in file order: {"request", \
      "outcome": "applied", "interface": {...}} or {"request", "outcome": "refused", "code", \
      "message"}. It exits 0 even when requests were refused (1 with --strict); a file that is \
      invalid (65) or unreadable (66), or a database that stays busy (75) or fails, applies \
      none of them.

      Examples:
        echo '{"id": "req-0100", "account": "1001", "region": "cn-hangzhou", \
      "accessPoint": "ap-cn-hangzhou-yh-B", "lineOperator": "CT", "portSpec": "10G", \
      "portType": "10GBase-LR"}' > req.json
        patchbay interface apply --db provisioning.db --request req.json
        patchbay interface apply --db provisioning.db --requests backlog.csv --strict
      """
  )

  @OptionGroup var database: DatabaseOption

  @Option(help: ArgumentHelp("A file holding one request object.", valueName: "request"))
  var request: String?

  @Option(
    help: ArgumentHelp(
      "A batch of requests to apply in one transaction (requests.json or requests.csv).",
      valueName: "requests"))
  var requests: String?

  @Flag(help: "With --requests: exit with status 1 if any request is refused.")
  var strict = false

  func validate() throws {
    switch (request, requests) {
    case (nil, nil):
      throw ValidationError(
        "give --request REQ (one request object) or --requests FILE (a batch)")
    case (.some, .some):
      throw ValidationError(
        "--request and --requests cannot be used together: give one request with --request, "
          + "or a batch with --requests")
    default:
      if request != nil, strict { throw ValidationError("--strict applies to --requests only") }
    }
  }

  func run() async throws {
    guard let requests else {
      try await ExitStatus.runProvisioning {
        let model = try RequestsDecoder.readSingle(path: request ?? "")
        return try await database.provisioner().apply(model).jsonBytes
      }
      return
    }
    var refused = 0
    try await ExitStatus.runProvisioning {
      StandardError.progress("reading \(requests)")
      let batch = try RequestsDecoder.read(path: requests)
      let outcomes = try await database.provisioner().apply(all: batch) { done, total in
        // At most a hundred updates, however long the backlog.
        guard done == total || done % max(1, total / 100) == 0 else { return }
        StandardError.progress("applying \(requests): \(done) of \(total) requests")
      }
      StandardError.endProgress()
      let refusals = outcomes.compactMap(\.refusal)
      refused = refusals.count
      StandardError.write(
        "patchbay interface apply --requests: \(outcomes.count - refused) applied, "
          + "\(refused) refused\(Self.byCode(refusals))")
      return outcomes.jsonBytes
    }
    if strict && refused > 0 { throw ExitStatus.rejectionsFound }
  }

  /// " (pending_limit_exceeded 150, whitelist_required 38)": the refusals' codes, most
  /// frequent first, so that an operator sees what to fix in the backlog.
  static func byCode(_ refusals: [LifecycleError]) -> String {
    guard !refusals.isEmpty else { return "" }
    var counts: [String: Int] = [:]
    for refusal in refusals { counts[refusal.code, default: 0] += 1 }
    let ordered = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    return " (" + ordered.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
  }
}
