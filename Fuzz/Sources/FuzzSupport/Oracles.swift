import Patchbay

#if canImport(Glibc)
  import Glibc
#endif

/// Whether the guarantees that issue 9 added to the contract are checked too: a message prints
/// one line per problem, the input's control characters escaped ("escape what is printed"), and
/// a JSON object that names a member twice is refused ("refuse them everywhere"). On unless
/// PATCHBAY_FUZZ_LENIENT is set (`make fuzz FUZZ_LENIENT=1`), to look past them for other
/// findings in a build that breaks them.
public let strict = getenv("PATCHBAY_FUZZ_LENIENT") == nil

/// A violated guarantee. It traps, so that libFuzzer reports a crash and saves the input that
/// caused it; the message says which guarantee.
public func finding(_ message: String) -> Never {
  fatalError("fuzz finding: \(message)")
}

/// The bytes libFuzzer passes, as the decoders take them.
public func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  guard let data, size > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A decoder refused its input: the only acceptable way to do so is an ``InputError`` that names
/// the file it was given and says at least one thing. Its message must print; with ``strict``,
/// each problem on one line, so that an input cannot fake a line of output (a raw newline or
/// carriage return inside a quoted value, followed by text that looks like another message).
public func checkRefusal(_ error: InputError, file: String) {
  guard error.file == file else {
    finding("an input error names the file \(error.file), not \(file)")
  }
  guard !error.problems.isEmpty else { finding("an input error for \(file) lists no problem") }
  _ = error.description
  guard strict else { return }
  for problem in error.problems {
    checkOneLine(problem.description, what: "a problem with \(file)")
  }
}

/// With ``strict``, a message the product prints as one line holds no line break.
public func checkOneLine(_ message: String, what: String) {
  guard strict, message.contains(where: \.isNewline) else { return }
  finding("\(what) prints over several lines: \(message.debugDescription)")
}

/// With ``strict``, a JSON file a decoder accepted names no member twice in any object.
public func checkNoDuplicateMembers(_ bytes: [UInt8], file: String) {
  guard strict, let member = DuplicateMembers.first(in: bytes) else { return }
  finding("\(file) was accepted with the member \(member) twice")
}

/// Calls a decoder: it either returns, or throws its ``InputError`` for `file`.
public func decoding<Value>(
  file: String, _ decode: (String) throws(InputError) -> Value
) -> Value? {
  do {
    return try decode(file)
  } catch {
    checkRefusal(error, file: file)
    return nil
  }
}

/// A request as its JSON encoding keeps it: where it was in its file, and the fields that were
/// present with the wrong type (written as absent), are not part of the request's data.
public func comparable(_ request: Request) -> Request {
  var request = request
  request.source = .unknown
  request.fieldProblems = []
  return request
}

/// The requests encoder writes what the decoder reads back as the same batch.
public func checkRoundTrip(_ requests: [Request]) {
  let bytes = RequestsEncoder.jsonBytes(requests)
  let again: [Request]
  do {
    again = try RequestsDecoder.decode(bytes, file: "encoded.json", format: .json)
  } catch {
    finding("the requests decoder refuses what the encoder wrote: \(error)")
  }
  guard again.map(comparable) == requests.map(comparable) else {
    finding("a batch written and read back is not the same batch")
  }
}

/// Past this many ports an inventory is only decoded, not checked further: the round trip and
/// the checks after it cost seconds per million ports in a sanitized build, so a large but legal
/// inventory (a few `names` runs of 65,536 ports) would look like a hang. The decoder itself
/// must still finish within the timeout.
public let checkedPorts = 100_000

/// The most ports a fuzzed inventory may name (`InventoryDecoder.decode`'s `maximumPorts`): the
/// decoder's own bound (10 million) is legal but takes tens of seconds and gigabytes in a
/// sanitized build, which libFuzzer would report as a hang or an out-of-memory. A million keeps
/// every input within the limits and still reaches the bound's refusal.
public let fuzzedPortBound = 1_000_000

/// Ports an inventory holds, runs expanded.
public func portCount(_ inventory: Inventory) -> Int {
  inventory.devices.reduce(0) { $0 + $1.ports.count }
}

/// The inventory encoder writes what the decoder reads back as the same inventory, written the
/// same way again (``Inventory`` is not `Equatable`; its encoding is canonical).
public func checkRoundTrip(_ inventory: Inventory) {
  let bytes = InventoryEncoder.jsonBytes(inventory)
  let again: Inventory
  do {
    again = try InventoryDecoder.decode(bytes, file: "encoded.json")
  } catch {
    finding("the inventory decoder refuses what the encoder wrote: \(error)")
  }
  guard InventoryEncoder.jsonBytes(again) == bytes else {
    finding("an inventory written and read back is not the same inventory")
  }
}

/// The plan writer writes what the plan decoder reads back as the same plan.
public func checkRoundTrip(_ plan: Plan) {
  let again: Plan
  do {
    again = try PlanDecoder.decode(plan.jsonBytes, file: "encoded.json")
  } catch {
    finding("the plan decoder refuses what the plan writer wrote: \(error)")
  }
  guard again == plan else { finding("a plan written and read back is not the same plan") }
}

/// Validation sorts a batch into accepted and rejected requests, each request once; with
/// ``strict``, every rejection's message prints on one line.
public func checkValidation(_ requests: [Request], inventory: Inventory) {
  let validation = BatchValidator(inventory: inventory).validate(requests)
  guard validation.accepted.count + validation.rejections.count == requests.count else {
    finding(
      "validation of \(requests.count) requests accepted \(validation.accepted.count) and "
        + "rejected \(validation.rejections.count)")
  }
  for rejection in validation.rejections {
    checkOneLine(rejection.message, what: "the rejection of \(rejection.request)")
  }
}
