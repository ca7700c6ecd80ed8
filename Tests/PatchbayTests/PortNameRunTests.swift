import Testing

@testable import Patchbay

@Suite struct PortNameRunTests {
  @Test func expandsARun() throws {
    let run = try PortNameRun.parse("1/1/2-48").get()
    #expect(run.count == 47)
    #expect(run.names.first == "1/1/2")
    #expect(run.names.last == "1/1/48")
    #expect(try PortNameRun.parse("Eth7-7").get().names == ["Eth7"])
  }

  /// The names are built byte by byte for speed; they must be what interpolation writes.
  @Test(arguments: ["1/1/0-12", "Eth7-7", "Été/1-3", "p-0-10", "x99990-100010", "007-9", "-5-5"])
  func namesAreThePrefixAndEachNumberInDecimal(_ text: String) throws {
    let run = try PortNameRun.parse(text).get()
    #expect(run.names == (run.first...run.last).map { "\(run.prefix)\($0)" })
    #expect(run.names.count == run.count)
  }

  @Test(arguments: [
    ("1/1/9-3", "counts down"), ("1/1/1", "has no '-'"), ("1/1/a-3", "does not end"),
    ("1/1/1-", "does not end"), ("1/1/1-999999", "at most"),
  ])
  func refuses(_ text: String, _ says: String) {
    guard case .failure(let error) = PortNameRun.parse(text) else {
      Issue.record("\(text) was accepted")
      return
    }
    #expect(error.description.contains(says), "\(error)")
  }
}
