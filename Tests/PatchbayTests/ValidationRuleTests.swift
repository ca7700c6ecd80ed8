import Patchbay
import Testing

/// Precedence pairs, the partner cascade and the pending limit, on inventories built in code so
/// each case shows exactly what it depends on.
@Suite struct ValidationRuleTests {
  static let inventoryJSON = """
    {
      "regions": [{"id": "cn-hangzhou"}, {"id": "cn-beijing"}],
      "accessPoints": [
        {"id": "ap-hz-A", "region": "cn-hangzhou", "status": "recommended",
         "lineOperators": ["CT", "CU"], "portTypes": ["10GBase-LR", "100GBase-LR"]},
        {"id": "ap-hz-F", "region": "cn-hangzhou", "status": "full",
         "lineOperators": ["CT"], "portTypes": ["10GBase-LR"]},
        {"id": "ap-bj-A", "region": "cn-beijing", "status": "hot",
         "lineOperators": ["CT"], "portTypes": ["10GBase-LR"]}
      ],
      "devices": [
        {"id": "hz-a-1", "accessPoint": "ap-hz-A",
         "ports": [{"names": "1/1/1-4", "portTypes": ["10GBase-LR"]}]},
        {"id": "bj-a-1", "accessPoint": "ap-bj-A",
         "ports": [{"name": "1/1/1", "portTypes": ["10GBase-LR"]}]}
      ],
      "connections": [
        {"id": "pc-1", "account": "7", "accessPoint": "ap-hz-A", "device": "hz-a-1",
         "port": "1/1/1", "portType": "10GBase-LR", "status": "Enabled"},
        {"id": "pc-2", "account": "7", "accessPoint": "ap-hz-A", "portType": "10GBase-LR",
         "status": "Initial"},
        {"id": "pc-bj", "account": "7", "accessPoint": "ap-bj-A", "device": "bj-a-1",
         "port": "1/1/1", "portType": "10GBase-LR", "status": "Enabled"}
      ],
      "highSpeedWhitelist": ["9"],
      "policy": {"maxPendingPerAccount": 2}
    }
    """

  static let inventory: Inventory = {
    do {
      return try InventoryDecoder.decode(Array(inventoryJSON.utf8), file: "test")
    } catch {
      fatalError("the test inventory must decode: \(error)")
    }
  }()

  static func request(
    _ id: String, account: String? = "1", region: String? = "cn-hangzhou",
    accessPoint: String? = "ap-hz-A", lineOperator: String? = "CT", portSpec: String? = "10G",
    portType: String? = "10GBase-LR", partner: String? = nil, priority: Int = 0
  ) -> Request {
    Request(
      id: RequestID(id), account: account, region: region, accessPoint: accessPoint,
      lineOperator: lineOperator, portSpec: portSpec, portType: portType,
      redundantConnection: partner, priority: priority)
  }

  static func codes(_ batch: [Request]) -> [String: String] {
    let result = BatchValidator(inventory: inventory).validate(batch)
    var codes = Dictionary(uniqueKeysWithValues: batch.map { ($0.id.rawValue, "valid") })
    for rejection in result.rejections {
      codes[rejection.request.rawValue] = rejection.code.rawValue
    }
    return codes
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var request: Request
    var expected: RejectionCode?
    var testDescription: String { name }
  }

  static let precedenceCases: [Case] = [
    Case(name: "valid", request: request("r"), expected: nil),
    Case(
      name: "missing field beats unknown region",
      request: request("r", region: "nowhere", portType: nil), expected: .malformedRequest),
    Case(
      name: "unknown region beats unknown access point",
      request: request("r", region: "nowhere", accessPoint: "nope"), expected: .unknownRegion),
    Case(
      name: "region mismatch beats unavailable",
      request: request("r", region: "cn-beijing", accessPoint: "ap-hz-F"),
      expected: .accessPointRegionMismatch),
    Case(
      name: "unavailable beats unknown line operator",
      request: request("r", accessPoint: "ap-hz-F", lineOperator: "XX"),
      expected: .accessPointUnavailable),
    Case(
      name: "unknown operator beats SDH",
      request: request("r", lineOperator: "XX", portType: "155M CPOS"),
      expected: .unknownLineOperator),
    Case(
      name: "operator not served beats SDH",
      request: request("r", lineOperator: "CM", portType: "V.35"),
      expected: .lineOperatorNotServed),
    Case(
      name: "SDH in the spec field", request: request("r", portSpec: "155M"),
      expected: .unsupportedInterface),
    Case(
      name: "SDH beats unknown port spec",
      request: request("r", portSpec: "2M", portType: "G.703"), expected: .unsupportedInterface),
    Case(
      name: "unknown type beats unknown spec",
      request: request("r", portSpec: "25G", portType: "25GBase-SR"), expected: .unknownPortType),
    Case(
      name: "unknown spec", request: request("r", portSpec: "25G"), expected: .unknownPortSpec),
    Case(
      name: "spec mismatch beats not offered",
      request: request("r", portSpec: "10G", portType: "1000Base-T"), expected: .portSpecMismatch
    ),
    Case(
      name: "not offered beats whitelist",
      request: request("r", portSpec: "40G", portType: "40GBase-LR"),
      expected: .portTypeNotOffered),
    Case(
      name: "whitelist", request: request("r", portSpec: "100G", portType: "100GBase-LR"),
      expected: .whitelistRequired),
    Case(
      name: "whitelisted account passes",
      request: request("r", account: "9", portSpec: "100G", portType: "100GBase-LR"),
      expected: nil),
    Case(
      name: "whitelist beats unknown partner",
      request: request("r", portSpec: "100G", portType: "100GBase-LR", partner: "ghost"),
      expected: .whitelistRequired),
    Case(
      name: "unknown partner", request: request("r", partner: "ghost"),
      expected: .unknownRedundantConnection),
    Case(name: "self", request: request("r", partner: "r"), expected: .redundantConnectionSelf),
    Case(
      name: "partner in another region", request: request("r", partner: "pc-bj"),
      expected: .redundantConnectionRegionMismatch),
    Case(
      name: "partner not ready", request: request("r", partner: "pc-2"),
      expected: .redundantConnectionNotReady),
    Case(name: "enabled partner", request: request("r", partner: "pc-1"), expected: nil),
    Case(
      name: "id of an existing connection", request: request("pc-1"),
      expected: .malformedRequest),
  ]

  @Test(arguments: precedenceCases)
  func precedence(_ test: Case) {
    let code = Self.codes([test.request])[test.request.id.rawValue]
    #expect(code == (test.expected?.rawValue ?? "valid"))
  }

  @Test func aRejectedMemberRejectsItsWholeChain() {
    let codes = Self.codes([
      Self.request("a"), Self.request("b", partner: "a"), Self.request("c", partner: "b"),
      Self.request("d", portType: "1000Base-LX", partner: "c"), Self.request("e"),
    ])
    #expect(codes["d"] == "port_spec_mismatch")
    #expect(codes["a"] == "redundant_partner_rejected")
    #expect(codes["b"] == "redundant_partner_rejected")
    #expect(codes["c"] == "redundant_partner_rejected")
    #expect(codes["e"] == "valid")
  }

  @Test func validGroupsAreReported() {
    let batch = [
      Self.request("a", account: "1"), Self.request("x", account: "2"),
      Self.request("b", account: "3", partner: "a"), Self.request("c", account: "4", partner: "b"),
      Self.request("y", account: "5", partner: "pc-1"),
    ]
    let result = BatchValidator(inventory: Self.inventory).validate(batch)
    #expect(result.rejections.isEmpty)
    #expect(result.groups.map { $0.map { result.accepted[$0].id.rawValue } } == [["a", "b", "c"]])
  }

  @Test func pendingLimitCountsInventoryThenBatchOrder() {
    // Account 7 holds one pending connection (pc-2 Initial); the limit is 2.
    let codes = Self.codes([
      Self.request("first", account: "7"), Self.request("second", account: "7", priority: 9),
      Self.request("other", account: "8"), Self.request("bad", account: "8", region: "x"),
      Self.request("third", account: "8"), Self.request("fourth", account: "8"),
    ])
    #expect(codes["first"] == "valid")
    #expect(codes["second"] == "pending_limit_exceeded")
    #expect(codes["other"] == "valid")
    #expect(codes["bad"] == "unknown_region")
    #expect(codes["third"] == "valid")  // the rejected request does not count
    #expect(codes["fourth"] == "pending_limit_exceeded")
  }

  @Test func aGroupPastTheLimitIsRejectedWhole() {
    let codes = Self.codes([
      Self.request("a", account: "7"), Self.request("b", account: "5", partner: "a"),
      Self.request("c", account: "7"), Self.request("d", account: "7"),
    ])
    // a and b count together at a's place: account 7 then holds 2, b's account 5 holds 1.
    #expect(codes["a"] == "valid")
    #expect(codes["b"] == "valid")
    #expect(codes["c"] == "pending_limit_exceeded")
    let over = Self.codes([
      Self.request("c", account: "7"), Self.request("a", account: "7"),
      Self.request("b", account: "5", partner: "a"),
    ])
    #expect(over["c"] == "valid")
    #expect(over["a"] == "pending_limit_exceeded")
    #expect(over["b"] == "redundant_partner_rejected")
  }

  @Test func sdhSpellings() {
    for spelling in ["155M CPOS", "155m-cpos", "CPOS", "V.35", "v35", "G.703", "g 703", "SDH"] {
      #expect(
        Self.codes([Self.request("r", portType: spelling)])["r"] == "unsupported_interface",
        "\(spelling)")
    }
    #expect(Self.codes([Self.request("r", portType: "10GBase-SR")])["r"] == "unknown_port_type")
  }
}
