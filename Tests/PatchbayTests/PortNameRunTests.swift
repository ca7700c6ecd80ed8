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
