import Foundation
import PropertyBased
import Testing

@testable import Patchbay

/// The LOA document made from an interface and its inventory slice, without a store: its facts
/// are the interface's, it exists only while the interface holds its port, the certificate
/// numbers never show whole, and the HTML page escapes everything a customer typed.
@Suite struct LOADocumentTests {
  static let applied = Date(timeIntervalSince1970: 1_900_000_000)
  static let approved = Date(timeIntervalSince1970: 1_900_003_600)

  /// One access point with two devices; pc-0001 (account 1001) on asw-01 1/1/1.
  static let address = "Building 4, No. 1127 Keji Road, Yuhang District, Hangzhou"

  /// One access point with two devices; pc-0001 (account 1001) on asw-01 1/1/1. The access
  /// point's address and the devices' cabinets are recorded unless `places` is false.
  static func slice(
    interfaces: [Interface], partnerAccount: String = "1001",
    partnerStatus: ConnectionStatus = .enabled, places: Bool = true, location: String? = address
  ) -> InventorySlice {
    let types = PortTypeSet(types: [PortType.base10GLR, .base1000LX])
    let ports = (1...4).map { Port(name: "1/1/\($0)", accepts: types) }
    return InventorySlice(
      regions: [Region(id: "cn-hangzhou", name: "China (Hangzhou)")],
      accessPoints: [
        AccessPoint(
          id: "ap-cn-hangzhou-yh-B", region: "cn-hangzhou", name: "Hangzhou-Yuhang-B",
          lineOperators: [.chinaTelecom], portTypes: types, location: places ? location : nil)
      ],
      devices: [
        Device(
          id: "asw-01", accessPoint: "ap-cn-hangzhou-yh-B", ports: ports,
          cabinet: places ? "Room 2, row A, cabinet A03" : nil),
        Device(
          id: "asw-02", accessPoint: "ap-cn-hangzhou-yh-B", ports: ports,
          cabinet: places ? "Room 2, row B, cabinet B07" : nil),
      ],
      connections: [
        Connection(
          id: "pc-0001", account: AccountID(partnerAccount), accessPoint: "ap-cn-hangzhou-yh-B",
          device: partnerStatus.holdsPort ? "asw-01" : nil,
          port: partnerStatus.holdsPort ? "1/1/1" : nil, portType: .base10GLR,
          status: partnerStatus)
      ],
      interfaces: interfaces, highSpeedWhitelist: [], policy: Policy(maxPendingPerAccount: nil))
  }

  static func loa(
    company: String = "Example Trading Co.", engineers: [FieldEngineer]? = nil
  ) throws -> LetterOfAuthorization {
    try LetterOfAuthorization(
      companyName: company, constructionCompany: "Hangzhou Cabling Ltd",
      constructionType: .fibre,
      scheduledConstructionTime: Date(timeIntervalSince1970: 4_076_038_800),
      fieldEngineers: engineers ?? [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138 0000 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000"),
        try FieldEngineer(
          name: "Zhang Min", contact: "zhang@example.com", certificateType: .passport,
          certificateNumber: "E12345678"),
      ])
  }

  static func interface(
    state: InterfaceState = .approvedLOA, device: String? = "asw-02", port: String? = "1/1/3",
    partner: String? = "pc-0001", loa: LetterOfAuthorization? = nil
  ) throws -> Interface {
    Interface(
      id: "req-0100", account: "1001", region: "cn-hangzhou", accessPoint: "ap-cn-hangzhou-yh-B",
      lineOperator: .chinaTelecom, portType: .base10GLR,
      redundantConnection: partner.map { ConnectionID($0) }, state: state,
      loa: try loa ?? Self.loa(),
      device: state.isBeforeApproval ? nil : device.map { DeviceID($0) },
      port: state.isBeforeApproval ? nil : port, createdAt: applied, updatedAt: approved)
  }

  static func history(approvedAt: Date = approved) -> [HistoryEntry] {
    [
      HistoryEntry(
        interface: "req-0100", sequence: 1, at: applied, action: .apply, from: nil,
        to: .toApplyForLOA),
      HistoryEntry(
        interface: "req-0100", sequence: 2, at: applied, action: .applyForLOA,
        from: .toApplyForLOA, to: .inApplication),
      HistoryEntry(
        interface: "req-0100", sequence: 3, at: approvedAt, action: .approve,
        from: .inApplication, to: .approvedLOA, detail: "device asw-02 port 1/1/3"),
    ]
  }

  static func document(_ interface: Interface, partnerAccount: String = "1001") throws
    -> LOADocument
  {
    try LOADocument(
      interface: interface, history: history(),
      slice: slice(interfaces: [interface], partnerAccount: partnerAccount))
  }

  static func object(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
  }

  // MARK: Facts

  @Test func theJSONFactsAreTheInterfacesAndTheInventorys() throws {
    let interface = try Self.interface()
    let json = try Self.object(try Self.document(interface).jsonBytes)
    let loa = try #require(interface.loa)
    #expect(json["interface"] as? String == "req-0100")
    #expect(json["state"] as? String == "approvedLOA")
    #expect(json["account"] as? String == "1001")
    #expect(json["companyName"] as? String == loa.companyName)
    #expect(json["constructionCompany"] as? String == loa.constructionCompany)
    #expect(json["constructionType"] as? String == "FIBRE")
    #expect(json["scheduledConstructionTime"] as? String == "2099-03-01T09:00:00Z")
    #expect(json["issuedAt"] as? String == ISO8601Time.format(Self.approved))
    #expect(json["lineOperator"] as? String == "CT")
    #expect(json["region"] as? String == "cn-hangzhou")
    #expect(json["regionName"] as? String == "China (Hangzhou)")
    #expect(json["accessPoint"] as? String == "ap-cn-hangzhou-yh-B")
    #expect(json["accessPointName"] as? String == "Hangzhou-Yuhang-B")
    #expect(json["device"] as? String == "asw-02")
    #expect(json["port"] as? String == "1/1/3")
    #expect(json["portType"] as? String == "10GBase-LR")
    #expect(json["portSpec"] as? String == "10G")
    #expect(json["location"] as? String == Self.address)
    #expect(json["cabinet"] as? String == "Room 2, row B, cabinet B07")
    let partner = try #require(json["redundantConnection"] as? [String: Any])
    #expect(partner["id"] as? String == "pc-0001")
    #expect(partner["otherAccount"] as? Bool == false)
    #expect(partner["status"] as? String == "Enabled")
    #expect(partner["device"] as? String == "asw-01" && partner["port"] as? String == "1/1/1")
    #expect(partner["cabinet"] as? String == "Room 2, row A, cabinet A03")
    let engineers = try #require(json["fieldEngineers"] as? [[String: Any]])
    #expect(engineers.map { $0["name"] as? String } == ["Li Wei", "Zhang Min"])
    #expect(engineers.map { $0["certificateType"] as? String } == ["IDCard", "Passport"])
    #expect(
      engineers.map { $0["maskedCertificateNumber"] as? String } == [
        "**************0000", "******678",
      ])
    #expect(engineers.allSatisfy { $0["certificateNumber"] == nil })
    #expect((json["reference"] as? String)?.wholeMatch(of: /LOA-[0-9A-F]{12}/) != nil)
  }

  @Test func theHTMLPageShowsTheSameFacts() throws {
    let document = try Self.document(try Self.interface())
    let page = try HTMLTree.parse(document.htmlBytes)
    func fact(_ key: String) -> String? { page.first { $0["data-k"] == key }?.text }
    #expect(fact("interface") == "req-0100")
    #expect(fact("reference") == document.reference)
    #expect(fact("companyName") == "Example Trading Co.")
    #expect(fact("accessPoint") == "ap-cn-hangzhou-yh-B")
    #expect(fact("accessPointName") == "Hangzhou-Yuhang-B")
    #expect(fact("device") == "asw-02")
    #expect(fact("port") == "1/1/3")
    #expect(fact("portType") == "10GBase-LR")
    #expect(fact("scheduledConstructionTime") == "2099-03-01 09:00 UTC")
    #expect(fact("location") == Self.address)
    #expect(fact("cabinet") == "Room 2, row B, cabinet B07")
    #expect(fact("redundantConnection.cabinet") == "Room 2, row A, cabinet A03")
    #expect(fact("redundantConnection.device") == "asw-01")
    #expect(
      page.all.filter { $0["data-k"] == "maskedCertificateNumber" }.map(\.text) == [
        "**************0000", "******678",
      ])
    // Self-contained: no script, no fetched resource, no URL.
    let html = String(decoding: document.htmlBytes, as: UTF8.self)
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "http"] {
      #expect(!html.contains(forbidden), "the page has \(forbidden)")
    }
    #expect(html.contains("@media print") && html.contains("@page"))
  }

  /// An inventory without the optional address and cabinets: `null` in JSON, "not recorded" on
  /// the page, never a blank.
  @Test func whatTheInventoryDoesNotRecordIsSaidSo() throws {
    let interface = try Self.interface()
    let document = try LOADocument(
      interface: interface, history: Self.history(),
      slice: Self.slice(interfaces: [interface], places: false))
    #expect(document.location == nil && document.cabinet == nil)
    let json = try Self.object(document.jsonBytes)
    #expect(json["location"] is NSNull && json["cabinet"] is NSNull)
    #expect((json["redundantConnection"] as? [String: Any])?["cabinet"] is NSNull)
    let page = try HTMLTree.parse(document.htmlBytes)
    for key in ["location", "cabinet", "redundantConnection.cabinet"] {
      #expect(page.first { $0["data-k"] == key }?.text == "not recorded", "\(key)")
    }
  }

  /// What a customer types reaches the page as text: it can open no tag, end no attribute and
  /// run no script.
  @Test(arguments: [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "a & b </bdi></code>",
    "' onmouseover='x", "<!-- --> ]]> <![CDATA[", "Ünïcødé 株式会社 \u{202E}evil",
  ])
  func hostileTextIsEscaped(hostile: String) throws {
    let engineer = try FieldEngineer(
      name: hostile, contact: hostile, certificateType: .passport, certificateNumber: "X1234567")
    let interface = try Self.interface(loa: try Self.loa(company: hostile, engineers: [engineer]))
    let document = try LOADocument(
      interface: interface, history: Self.history(),
      slice: Self.slice(interfaces: [interface], location: hostile))
    let html = String(decoding: document.htmlBytes, as: UTF8.self)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    let page = try HTMLTree.parse(document.htmlBytes)
    #expect(page.first { $0["data-k"] == "companyName" }?.text == hostile)
    #expect(page.first { $0["data-k"] == "name" }?.text == hostile)
    #expect(page.first { $0["data-k"] == "location" }?.text == hostile)
    #expect(page.all("script").isEmpty && page.all("img").isEmpty)
    // JSON keeps it as it is, escaped as JSON.
    #expect(try Self.object(document.jsonBytes)["companyName"] as? String == hostile)
  }

  // MARK: When it exists

  @Test(arguments: InterfaceState.allCases.filter { !$0.holdsPort })
  func refusedWhileNoPortIsHeld(state: InterfaceState) throws {
    let interface = try Self.interface(state: state)
    do {
      _ = try Self.document(interface)
      Issue.record("a document was made in \(state)")
    } catch let error as LifecycleError {
      #expect(error.code == "invalid_transition")
      #expect(error.kind == .invalidTransition)
      #expect(error.state == state)
      #expect(error.interface == "req-0100")
      #expect(error.description.contains("is \(state.rawValue) (\(state.consoleName))"))
      #expect(error.description.contains("approvedLOA, waitingForConnection"))
    }
  }

  @Test(arguments: InterfaceState.allCases.filter(\.holdsPort))
  func madeInEveryStateThatHoldsThePort(state: InterfaceState) throws {
    let document = try Self.document(try Self.interface(state: state))
    #expect(document.state == state && document.port == "1/1/3")
  }

  @Test func aStoreThatContradictsItselfIsNotTrusted() throws {
    // The interface names a port its device does not have.
    let interface = try Self.interface(port: "9/9/9")
    #expect(throws: InventoryError.self) {
      try LOADocument(
        interface: interface, history: Self.history(),
        slice: Self.slice(interfaces: [try Self.interface()]))
    }
    // No approval in its history.
    let approved = try Self.interface()
    #expect(throws: InventoryError.self) {
      try LOADocument(
        interface: approved, history: Array(Self.history().prefix(2)),
        slice: Self.slice(interfaces: [approved]))
    }
  }

  // MARK: The redundant connection

  @Test func anotherAccountsConnectionIsNamedOnly() throws {
    let document = try Self.document(try Self.interface(), partnerAccount: "2002")
    let partner = try #require(document.redundantConnection)
    #expect(partner.isOtherAccount)
    #expect(partner.device == nil && partner.port == nil && partner.status == nil)
    let html = String(decoding: document.htmlBytes, as: UTF8.self)
    #expect(!html.contains("asw-01"))
    #expect(!String(decoding: document.jsonBytes, as: UTF8.self).contains("asw-01"))
  }

  @Test func aConnectionThatHoldsNoPortSaysSo() throws {
    let interface = try Self.interface()
    let document = try LOADocument(
      interface: interface, history: Self.history(),
      slice: Self.slice(interfaces: [interface], partnerStatus: .terminated))
    let partner = try #require(document.redundantConnection)
    #expect(partner.status == .terminated && partner.device == nil && partner.port == nil)
    #expect(String(decoding: document.htmlBytes, as: UTF8.self).contains("holds no port now"))
  }

  @Test func noRedundantConnectionIsNull() throws {
    let document = try Self.document(try Self.interface(partner: nil))
    #expect(document.redundantConnection == nil)
    #expect(try Self.object(document.jsonBytes)["redundantConnection"] is NSNull)
  }

  // MARK: The reference

  @Test func theReferenceChangesWithTheAllocationAndOnlyWithIt() throws {
    let base = LOADocument.reference(
      interface: "req-0100", device: "asw-02", port: "1/1/3", allocatedAt: Self.approved)
    #expect(base == (try Self.document(try Self.interface())).reference)
    #expect(
      base
        == LOADocument.reference(
          interface: "req-0100", device: "asw-02", port: "1/1/3", allocatedAt: Self.approved))
    let others = [
      LOADocument.reference(
        interface: "req-0101", device: "asw-02", port: "1/1/3", allocatedAt: Self.approved),
      LOADocument.reference(
        interface: "req-0100", device: "asw-01", port: "1/1/3", allocatedAt: Self.approved),
      LOADocument.reference(
        interface: "req-0100", device: "asw-02", port: "1/1/4", allocatedAt: Self.approved),
      LOADocument.reference(
        interface: "req-0100", device: "asw-02", port: "1/1/3",
        allocatedAt: Self.approved.addingTimeInterval(1)),
      // The separator keeps the parts apart: "a" + "b1" is not "ab" + "1".
      LOADocument.reference(
        interface: "req-0100", device: "asw-0", port: "21/1/3", allocatedAt: Self.approved),
    ]
    #expect(Set(others + [base]).count == others.count + 1)
    // A drain's move dates the allocation, and so changes the reference.
    var history = Self.history()
    history.append(
      HistoryEntry(
        interface: "req-0100", sequence: 4, at: Self.approved.addingTimeInterval(60),
        action: .move, from: .approvedLOA, to: .approvedLOA))
    let moved = try Self.interface(port: "1/1/4")
    let after = try LOADocument(
      interface: moved, history: history, slice: Self.slice(interfaces: [moved]))
    #expect(after.reference != base)
    #expect(after.issuedAt == Self.approved.addingTimeInterval(60))
  }

  // MARK: Masking

  @Test(arguments: [
    ("", ""), ("A", "*"), ("AB", "**"), ("ABC", "**C"), ("ABCDEF", "****EF"),
    ("ABCDEFGHI", "******GHI"), ("ABCDEFGHIJKL", "********IJKL"),
    ("330100199001010000", "**************0000"), ("株式会社番号", "****番号"),
  ])
  func masking(number: String, masked: String) {
    #expect(CertificateMask.masked(number) == masked)
  }

  /// For every length: the same length, at most a third and at most 4 characters readable,
  /// and never the whole number.
  @Test func maskingKeepsAtMostAThirdAndAtMostFour() {
    for length in 1...64 {
      let number = String((0..<length).map { Character(UnicodeScalar(UInt8(65 + $0 % 26))) })
      let masked = CertificateMask.masked(number)
      let visible = masked.drop { $0 == "*" }
      #expect(masked.count == length)
      #expect(visible.count <= 4 && visible.count * 3 <= length)
      #expect(masked != number)
      #expect(number.hasSuffix(visible))
    }
  }

  /// Random LOAs: neither the JSON nor the HTML ever holds a certificate number whole, nor any
  /// run of it longer than the mask shows. Certificate numbers are drawn from letters nothing
  /// else in the document uses (upper-case Q, X, J, Z, K, V, W, Y, one engineer's alphabet
  /// apart from the next's), and everything else from lower case, so that a run found can only
  /// have leaked from a certificate number.
  @Test func noCertificateNumberLeaksIntoJSONOrHTML() async throws {
    await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
      var random = SplitMix64(seed: UInt64(seed))
      let sample = try LOADocumentTests.randomDocument(&random)
      for (form, text) in [
        ("JSON", String(decoding: sample.document.jsonBytes, as: UTF8.self)),
        ("HTML", String(decoding: sample.document.htmlBytes, as: UTF8.self)),
      ] {
        if let leak = Self.leak(in: text, of: sample.numbers) {
          Issue.record("seed \(seed): \(form) holds \(leak)")
        }
      }
    }
  }

  /// The first run of a certificate number longer than its mask shows (at least 2 characters:
  /// single letters are everywhere) found in `text`.
  static func leak(in text: String, of numbers: [String]) -> String? {
    for number in numbers {
      let characters = Array(number)
      let run = max(CertificateMask.visibleCount(length: characters.count) + 1, 2)
      guard characters.count >= run else { continue }
      for start in 0...(characters.count - run) {
        let piece = String(characters[start..<(start + run)])
        if text.contains(piece) { return "\"\(piece)\" of \(number)" }
      }
    }
    return nil
  }

  /// The alphabets certificate numbers are drawn from, one per engineer.
  static let certificateAlphabets: [[Character]] = [
    ["Q", "X"], ["J", "Z"], ["K", "V"], ["W", "Y"],
  ]

  static func randomDocument(_ random: inout SplitMix64) throws -> (
    document: LOADocument, numbers: [String]
  ) {
    func word(_ length: ClosedRange<Int>) -> String {
      let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789.-")
      let count = Int(random.next() % UInt64(length.count)) + length.lowerBound
      return String((0..<count).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
    }
    var numbers: [String] = []
    var engineers: [FieldEngineer] = []
    for alphabet in certificateAlphabets.prefix(Int(random.next() % 4) + 1) {
      let length = Int(random.next() % 24) + 2
      let number = String(
        (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
      numbers.append(number)
      engineers.append(
        try FieldEngineer(
          name: "eng \(word(3...12))", contact: "+86 \(random.next() % 1_000_000)",
          certificateType: random.next() % 2 == 0 ? .idCard : .passport,
          certificateNumber: number))
    }
    let interface = try Self.interface(
      loa: try Self.loa(company: "co \(word(1...20))", engineers: engineers))
    return (try Self.document(interface), numbers)
  }
}
