import Foundation
import PatchbayTestSupport
import Testing

/// `patchbay interface loa` on the shipped example: the shipped data centre, the shipped request
/// and LOA, approved. The document's facts are the interface's and the inventory's, in JSON,
/// in the HTML page and in the PDF that Chromium prints (read back with poppler's pdftotext);
/// no certificate number shows whole; before approval it is refused naming the state; without
/// Chromium the PDF is refused naming the package to install.
@Suite(.serialized) struct LOACommandTests {
  static let chromium = CapacityChromiumTests.tool("chromium")
  static let pdftotext = CapacityChromiumTests.tool("pdftotext")
  static let onCI = CapacityChromiumTests.onCI

  /// A database of the shipped data centre with the shipped request (req-0100) applied for,
  /// its shipped LOA filed and, unless `approve` is false, approved.
  static func approvedExample(approve: Bool = true, loa: String? = nil) throws
    -> ProvisioningWorkspace
  {
    let workspace = try ProvisioningWorkspace()
    let applied = try workspace.interface(
      "apply", "--request", PatchbayRunner.fixture("provisioning/request.json"))
    #expect(applied.status == 0, "\(applied.stderr)")
    let filed = try workspace.interface(
      "apply-loa", "req-0100", "--loa", loa ?? PatchbayRunner.fixture("provisioning/loa.json"))
    #expect(filed.status == 0, "\(filed.stderr)")
    if approve {
      let approved = try workspace.interface("approve", "req-0100")
      #expect(approved.status == 0, "\(approved.stderr)")
    }
    return workspace
  }

  static func json(_ path: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
  }

  /// The facts the document must state, restated from `interface show` and the inventory file.
  static func expectedFacts(_ workspace: ProvisioningWorkspace) throws -> [String: Any] {
    let shown = PrintedJSON.object(try workspace.interface("show", "req-0100"))
    let inventory = try json(PatchbayRunner.fixture("datacenter/inventory.json"))
    let accessPoint = try #require(
      (inventory["accessPoints"] as? [[String: Any]])?.first {
        $0["id"] as? String == shown["accessPoint"] as? String
      })
    let device = try #require(
      (inventory["devices"] as? [[String: Any]])?.first {
        $0["id"] as? String == shown["device"] as? String
      })
    let region = try #require(
      (inventory["regions"] as? [[String: Any]])?.first {
        $0["id"] as? String == shown["region"] as? String
      })
    let loa = try #require(shown["loa"] as? [String: Any])
    var facts: [String: Any] = [:]
    for key in [
      "account", "accessPoint", "device", "port", "portType", "portSpec", "lineOperator", "region",
    ] {
      facts[key] = shown[key]
    }
    facts["interface"] = shown["id"]
    facts["state"] = shown["state"]
    for key in [
      "companyName", "constructionCompany", "constructionType", "scheduledConstructionTime",
    ] {
      facts[key] = loa[key]
    }
    facts["accessPointName"] = accessPoint["name"] ?? NSNull()
    facts["location"] = accessPoint["location"] ?? NSNull()
    facts["cabinet"] = device["cabinet"] ?? NSNull()
    facts["regionName"] = region["name"] ?? NSNull()
    facts["engineers"] = (loa["fieldEngineers"] as? [[String: Any]]) ?? []
    return facts
  }

  @Test func theJSONStatesTheInterfacesFacts() throws {
    let workspace = try Self.approvedExample()
    defer { workspace.remove() }
    let printed = try workspace.interface("loa", "req-0100")
    #expect(printed.status == 0, "\(printed.stderr)")
    let document = PrintedJSON.object(printed)
    let facts = try Self.expectedFacts(workspace)
    for (key, value) in facts where key != "engineers" {
      #expect(
        "\(document[key] ?? "absent")" == "\(value)", "\(key): \(document[key] ?? "absent")")
    }
    let engineers = try #require(document["fieldEngineers"] as? [[String: Any]])
    let given = try #require(facts["engineers"] as? [[String: Any]])
    #expect(engineers.count == given.count)
    for (shown, applied) in zip(engineers, given) {
      #expect(shown["name"] as? String == applied["name"] as? String)
      #expect(shown["contact"] as? String == applied["contact"] as? String)
      let number = try #require(applied["certificateNumber"] as? String)
      let masked = try #require(shown["maskedCertificateNumber"] as? String)
      #expect(masked.count == number.count && masked.hasPrefix("*"))
      #expect(number.hasSuffix(masked.drop { $0 == "*" }))
      #expect(!printed.stdout.contains(number))
    }
    // The shipped request names no redundant connection.
    #expect(document["redundantConnection"] is NSNull)
    // The same document every time, until the allocation changes.
    #expect(try workspace.interface("loa", "req-0100").stdout == printed.stdout)
    let reference = try #require(document["reference"] as? String)
    #expect(reference.wholeMatch(of: /LOA-[0-9A-F]{12}/) != nil)
  }

  @Test func theHTMLPageGoesWholeToItsFile() throws {
    let workspace = try Self.approvedExample()
    defer { workspace.remove() }
    let page = workspace.path("loa.html")
    let written = try workspace.interface(
      "loa", "req-0100", "--format", "html", "--output", page)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout.isEmpty)
    let html = try String(contentsOfFile: page, encoding: .utf8)
    let facts = try Self.expectedFacts(workspace)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    for key in ["interface", "device", "port", "accessPoint", "companyName"] {
      let value = try #require(facts[key] as? String)
      #expect(html.contains(">\(value)<"), "\(key) \(value) is not on the page")
    }
    #expect(!html.contains("330100199001010000"))
    #expect(!html.contains("<script") && !html.contains("http"))
  }

  @Test(arguments: ["toApplyForLOA", "inApplication"])
  func refusedBeforeApprovalNamingTheState(state: String) throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    _ = try workspace.interface(
      "apply", "--request", PatchbayRunner.fixture("provisioning/request.json"))
    if state == "inApplication" {
      _ = try workspace.interface(
        "apply-loa", "req-0100", "--loa", PatchbayRunner.fixture("provisioning/loa.json"))
    }
    for format in ["json", "html", "pdf"] {
      let output = workspace.path("loa.\(format)")
      let refused = try workspace.interface(
        "loa", "req-0100", "--format", format, "--output", output)
      #expect(refused.status == 1, "\(format): \(refused.stderr)")
      #expect(PrintedJSON.errorCode(refused) == "invalid_transition")
      #expect(refused.stderr.contains("interface req-0100 is \(state)"), "\(refused.stderr)")
      #expect(!FileManager.default.fileExists(atPath: output))
    }
  }

  @Test func refusedOnceCanceled() throws {
    let workspace = try Self.approvedExample()
    defer { workspace.remove() }
    #expect(try workspace.interface("cancel", "req-0100").status == 0)
    let refused = try workspace.interface("loa", "req-0100")
    #expect(refused.status == 1 && PrintedJSON.errorCode(refused) == "invalid_transition")
    #expect(refused.stderr.contains("is canceled"), "\(refused.stderr)")
  }

  @Test func anUnknownInterfaceIsRefused() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let refused = try workspace.interface("loa", "req-nobody")
    #expect(refused.status == 1 && PrintedJSON.errorCode(refused) == "unknown_interface")
  }

  /// Chromium looked for on a `PATH` that holds no `chromium`: exit 69, the Debian package
  /// named, nothing written.
  @Test func withoutChromiumThePDFIsRefusedNamingThePackage() throws {
    let workspace = try Self.approvedExample()
    defer { workspace.remove() }
    let empty = workspace.path("empty-bin")
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    let output = workspace.path("loa.pdf")
    let refused = try PatchbayRunner.run(
      [
        "interface", "loa", "req-0100", "--db", workspace.db, "--format", "pdf", "--output",
        output,
      ], environment: ["PATH": empty])
    #expect(refused.status == 69, "\(refused.stderr)")
    #expect(refused.stderr.contains("chromium_missing"), "\(refused.stderr)")
    #expect(refused.stderr.contains("Debian's package `chromium`"), "\(refused.stderr)")
    #expect(refused.stderr.contains("apt-get install chromium"), "\(refused.stderr)")
    #expect(refused.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: output))
    // JSON and HTML need no Chromium.
    let html = try PatchbayRunner.run(
      ["interface", "loa", "req-0100", "--db", workspace.db, "--format", "html"],
      environment: ["PATH": empty])
    #expect(html.status == 0 && html.stdout.contains("req-0100"), "\(html.stderr)")
  }

  @Test func helpShowsAnExample() throws {
    let help = try PatchbayRunner.run("interface", "loa", "--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("--db loa.db --format pdf --output loa.pdf"))
    #expect(help.stdout.contains("chromium"))
  }

  // MARK: PDF

  /// The PDF's text, as pdftotext reads it, of `req-0100`'s document.
  static func pdfText(_ workspace: ProvisioningWorkspace) async throws -> String? {
    guard let pdftotext = Self.pdftotext, Self.chromium != nil else {
      let missing =
        "CI=true but chromium or pdftotext is not on PATH: run scripts/setup (it installs "
        + "Debian's chromium and poppler-utils)"
      Issue.record("\(missing)")
      return nil
    }
    let pdf = workspace.path("loa.pdf")
    let printed = try await BoundedCommand.run(
      PatchbayRunner.executable.path,
      ["interface", "loa", "req-0100", "--db", workspace.db, "--format", "pdf", "--output", pdf],
      timeout: .seconds(180))
    #expect(printed.status == 0, "\(printed.stderr)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
    #expect(bytes.starts(with: Array("%PDF".utf8)))
    let text = try await BoundedCommand.run(pdftotext, [pdf, "-"], timeout: .seconds(60))
    #expect(text.status == 0, "\(text.stderr)")
    return text.stdout
  }

  @Test(
    .enabled(
      if: onCI || (chromium != nil && pdftotext != nil),
      "chromium or pdftotext is not installed (scripts/setup installs both)"),
    .timeLimit(.minutes(4)))
  func thePDFStatesTheInterfacesFacts() async throws {
    let workspace = try Self.approvedExample()
    defer { workspace.remove() }
    guard let text = try await Self.pdfText(workspace) else { return }
    let document = PrintedJSON.object(try workspace.interface("loa", "req-0100"))
    let facts = try Self.expectedFacts(workspace)
    // Text breaks lines where the page does (inside a long id too): compare without white space.
    func squeezed(_ text: String) -> String { text.filter { !$0.isWhitespace } }
    let folded = squeezed(text)
    for key in [
      "interface", "accessPoint", "accessPointName", "device", "port", "portType", "companyName",
      "constructionCompany", "regionName",
    ] {
      let value = try #require(facts[key] as? String, "\(key)")
      #expect(folded.contains(squeezed(value)), "\(key) \(value) is not in the PDF:\n\(text)")
    }
    for key in ["location", "cabinet"] {
      let value = (facts[key] as? String) ?? "not recorded"
      #expect(folded.contains(squeezed(value)), "\(key) \(value) is not in the PDF:\n\(text)")
    }
    let reference = try #require(document["reference"] as? String)
    #expect(folded.contains(reference))
    #expect(folded.contains("2099-03-0109:00UTC"))
    for engineer in try #require(facts["engineers"] as? [[String: Any]]) {
      let name = try #require(engineer["name"] as? String)
      let number = try #require(engineer["certificateNumber"] as? String)
      #expect(folded.contains(squeezed(name)))
      #expect(!text.contains(number) && !folded.contains(number))
      let masked = String(repeating: "*", count: number.count - 4) + number.suffix(4)
      #expect(folded.contains(masked), "\(masked) is not in the PDF")
    }
  }

  /// Certificate numbers of lengths 2 to 25 from letters nothing else on the page uses: the
  /// printed page holds each masked form and no run of any number longer than its mask shows.
  @Test(
    .enabled(
      if: onCI || (chromium != nil && pdftotext != nil),
      "chromium or pdftotext is not installed (scripts/setup installs both)"),
    .timeLimit(.minutes(4)),
    arguments: [[2, 5, 9, 25], [3, 7, 13, 18]])
  func noCertificateNumberLeaksIntoThePDF(lengths: [Int]) async throws {
    let alphabets: [[Character]] = [["Q", "X"], ["J", "Z"], ["K", "V"], ["W", "Y"]]
    var numbers: [String] = []
    for (index, length) in lengths.enumerated() {
      let alphabet = alphabets[index]
      numbers.append(String((0..<length).map { alphabet[($0 * 7 + $0 / 3 + index) % 2] }))
    }
    let engineers = numbers.enumerated().map { index, number in
      """
      { "name": "engineer \(index)", "contact": "+86 571 000\(index)", \
      "certificateType": "Passport", "certificateNumber": "\(number)" }
      """
    }
    let workspace0 = try ProvisioningWorkspace(inventory: nil)
    let loa = try workspace0.file(
      "loa.json",
      """
      { "companyName": "example trading", "constructionCompany": "hangzhou cabling",
        "constructionType": "MSTP", "scheduledConstructionTime": "2099-03-01T09:00:00Z",
        "fieldEngineers": [\(engineers.joined(separator: ", "))] }
      """)
    defer { workspace0.remove() }
    let workspace = try Self.approvedExample(loa: loa)
    defer { workspace.remove() }
    guard let printed = try await Self.pdfText(workspace) else { return }
    // A long number may wrap inside its cell: compare without white space.
    let text = printed.filter { !$0.isWhitespace }
    for number in numbers {
      let visible = min(4, number.count / 3)
      let masked = String(repeating: "*", count: number.count - visible) + number.suffix(visible)
      #expect(text.contains(masked), "\(masked) is not in the PDF:\n\(text)")
      let run = max(visible + 1, 2)
      let characters = Array(number)
      for start in 0...(characters.count - run) {
        let piece = String(characters[start..<(start + run)])
        #expect(!text.contains(piece), "\(piece) of \(number) is in the PDF:\n\(text)")
      }
    }
  }
}
