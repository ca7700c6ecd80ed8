import Patchbay

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// `patchbay-probe decode-loa`: LOAs in the shape the store keeps them (PatchbayStore's LOA
// column, written by `LetterOfAuthorization.writeJSON(into:time:)` with milliseconds), decoded
// one by one as `approve --all` reads the interfaces in application (BENCHMARKS.md, "Decoding
// stored LOAs"). Only `decodeEach` is the measured part.

/// `count` stored LOA texts: the fixture's letter (fixtures/provisioning/loa.json) with a few
/// members varied, so that not every text is the same bytes.
func storedLOATexts(count: Int) throws -> [String] {
  let times = [
    "2099-03-01T09:00:00.000Z", "2099-03-02T14:30:00.000Z", "2099-04-15T08:00:00.500Z",
  ]
  return try (0..<count).map { index in
    let engineers = try (0...(index % 3)).map { number in
      try FieldEngineer(
        name: number == 0 ? "Li Wei" : "Engineer \(number)", contact: "+86 138 0000 000\(number)",
        certificateType: number == 2 ? .passport : .idCard,
        certificateNumber: "33010019900101\(1000 + index % 9000)")
    }
    let loa = try LetterOfAuthorization(
      companyName: "Example Trading Co. \(index % 1000)",
      constructionCompany: "Hangzhou Cabling Ltd",
      constructionType: index % 4 == 0 ? .mstp : .fibre,
      scheduledConstructionTime: ISO8601Time.parse(times[index % times.count])!,
      location: index % 5 == 0 ? nil : "Yuhang B, room \(index % 7)",
      bandwidthMbps: index % 7 == 0 ? nil : 10_000, fieldEngineers: engineers)
    var writer = JSONWriter()
    loa.writeJSON(into: &writer) { _ in times[index % times.count] }
    return String(decoding: writer.bytes, as: UTF8.self)
  }
}

/// The measured part: each text decoded as the store's column reader decoded it before it
/// passed the text itself (the text's bytes copied into an array, the interface named in the
/// file argument), through the public `decode(_:file:)`. Returns a sum of what
/// was read, so that nothing can be left out. Never inlined, so that callgrind can count it.
@inline(never)
func decodeEach(_ texts: [String]) throws -> Int {
  var sum = 0
  for (index, text) in texts.enumerated() {
    let loa = try LOADecoder.decode(Array(text.utf8), file: "interface req-\(index) loa")
    sum &+= loa.fieldEngineers.count &+ loa.companyName.utf8.count &+ (loa.bandwidthMbps ?? 1)
  }
  return sum
}

/// ``decodeEach(_:)`` as PatchbayStore's LOA column reader calls the decoder now: the text
/// read where it is, the file's name made only for a message.
@inline(never)
func decodeEachStored(_ texts: [String]) throws -> Int {
  var sum = 0
  for (index, text) in texts.enumerated() {
    let loa = try LOADecoder.decode(text, file: "interface req-\(index) loa")
    sum &+= loa.fieldEngineers.count &+ loa.companyName.utf8.count &+ (loa.bandwidthMbps ?? 1)
  }
  return sum
}

/// The process's CPU time in seconds.
func cpuSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Decodes `count` stored LOAs `rounds` times and prints the best round's CPU time per LOA.
func runDecodeLOA(count: Int, rounds: Int) throws {
  let texts = try storedLOATexts(count: count)
  // Each measured function called by name, not through a closure: callgrind's
  // --toggle-collect would count a thunk around it, and toggle off inside.
  for fromText in [false, true] {
    let name = fromText ? "text" : "bytes"
    var best = Double.infinity
    var sum = 0
    for _ in 0..<rounds {
      let start = cpuSeconds()
      sum = try fromText ? decodeEachStored(texts) : decodeEach(texts)
      best = min(best, cpuSeconds() - start)
    }
    let perLOA = best / Double(count) * 1e9
    print(
      "patchbay-probe: decoded \(count) stored LOAs from \(name) \(rounds) times; best round "
        + "\(Int(best * 1000)) ms of CPU, \(Int(perLOA)) ns per LOA (check \(sum))")
  }
}
