import Testing

@testable import Patchbay

/// `policy.maxConnectionsPerAccessPoint` (`access_point_quota_exceeded`), case by case, on an
/// inventory written in the test: what counts (every status before Canceled and Terminated),
/// where (per account and access point), in which order (batch order, a group whole at its
/// first member, a pair at one access point counting two), and its place right after the pending
/// limit.
@Suite struct AccessPointQuotaTests {
  /// Account 7 holds 3 live connections at ap-hz-A (Enabled, Initial, Terminating) beside four
  /// that are not live (Rejected, Canceled, AllocationFailed, Terminated), and 1 at ap-bj-A;
  /// 1 of them is pending (the Initial one).
  static func inventory(pending: Int?, quota: Int?) -> Inventory {
    func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
    let text = """
      {
        "regions": [{"id": "cn-hangzhou"}, {"id": "cn-beijing"}],
        "accessPoints": [
          {"id": "ap-hz-A", "region": "cn-hangzhou", "lineOperators": ["CT"],
           "portTypes": ["10GBase-LR"]},
          {"id": "ap-hz-B", "region": "cn-hangzhou", "lineOperators": ["CT"],
           "portTypes": ["10GBase-LR"]},
          {"id": "ap-bj-A", "region": "cn-beijing", "lineOperators": ["CT"],
           "portTypes": ["10GBase-LR"]}
        ],
        "devices": [
          {"id": "hz-a-1", "accessPoint": "ap-hz-A",
           "ports": [{"names": "1/1/1-8", "portTypes": ["10GBase-LR"]}]},
          {"id": "hz-a-2", "accessPoint": "ap-hz-A",
           "ports": [{"names": "1/1/1-8", "portTypes": ["10GBase-LR"]}]},
          {"id": "hz-b-1", "accessPoint": "ap-hz-B",
           "ports": [{"names": "1/1/1-8", "portTypes": ["10GBase-LR"]}]},
          {"id": "bj-a-1", "accessPoint": "ap-bj-A",
           "ports": [{"names": "1/1/1-8", "portTypes": ["10GBase-LR"]}]}
        ],
        "connections": [
          {"id": "pc-1", "account": "7", "accessPoint": "ap-hz-A", "device": "hz-a-1",
           "port": "1/1/1", "portType": "10GBase-LR", "status": "Enabled"},
          {"id": "pc-2", "account": "7", "accessPoint": "ap-hz-A", "portType": "10GBase-LR",
           "status": "Initial"},
          {"id": "pc-3", "account": "7", "accessPoint": "ap-hz-A", "device": "hz-a-1",
           "port": "1/1/2", "portType": "10GBase-LR", "status": "Terminating"},
          {"id": "pc-4", "account": "7", "accessPoint": "ap-hz-A", "device": "hz-a-1",
           "port": "1/1/3", "portType": "10GBase-LR", "status": "Terminated"},
          {"id": "pc-5", "account": "7", "accessPoint": "ap-hz-A", "portType": "10GBase-LR",
           "status": "Canceled"},
          {"id": "pc-6", "account": "7", "accessPoint": "ap-hz-A", "portType": "10GBase-LR",
           "status": "Rejected"},
          {"id": "pc-7", "account": "7", "accessPoint": "ap-hz-A", "portType": "10GBase-LR",
           "status": "Allocation Failed"},
          {"id": "pc-bj", "account": "7", "accessPoint": "ap-bj-A", "device": "bj-a-1",
           "port": "1/1/1", "portType": "10GBase-LR", "status": "Enabled"}
        ],
        "policy": {"maxPendingPerAccount": \(number(pending)),
                   "maxConnectionsPerAccessPoint": \(number(quota))}
      }
      """
    do {
      return try InventoryDecoder.decode(Array(text.utf8), file: "test")
    } catch {
      fatalError("the test inventory must decode: \(error)")
    }
  }

  /// A request of account `account` at `at` (`hz-A`, `hz-B` or `bj-A`).
  static func request(
    _ id: String, _ account: String = "7", at: String = "hz-A", partner: String? = nil,
    priority: Int = 0, region: String? = nil
  ) -> Request {
    Request(
      id: RequestID(id), account: account,
      region: region ?? (at.hasPrefix("bj") ? "cn-beijing" : "cn-hangzhou"),
      accessPoint: "ap-\(at)", lineOperator: "CT", portSpec: "10G", portType: "10GBase-LR",
      redundantConnection: partner, priority: priority)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var pending: Int? = nil
    var quota: Int?
    var batch: [Request]
    /// Each request's code in batch order; `valid` when accepted.
    var expected: [String]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "the 4th live connection fits, the 5th is refused; dead statuses do not count",
      quota: 4, batch: [request("a"), request("b")],
      expected: ["valid", "access_point_quota_exceeded"]),
    Case(
      name: "counted per access point and per account",
      quota: 4,
      batch: [
        request("bj-1", at: "bj-A"), request("bj-2", at: "bj-A"), request("bj-3", at: "bj-A"),
        request("b-1", at: "hz-B"), request("other", "8"), request("hz-1"),
        request("bj-4", at: "bj-A"),
      ],
      expected: [
        "valid", "valid", "valid", "valid", "valid", "valid", "access_point_quota_exceeded",
      ]),
    Case(
      name: "a pair at one access point counts two",
      quota: 4, batch: [request("p1"), request("p2", partner: "p1")],
      expected: ["access_point_quota_exceeded", "access_point_quota_exceeded"]),
    Case(
      name: "a pair across access points counts one at each",
      quota: 4, batch: [request("p1"), request("p2", at: "hz-B", partner: "p1")],
      expected: ["valid", "valid"]),
    Case(
      name: "a member over the quota refuses its partner",
      quota: 3, batch: [request("p1"), request("p2", "8", partner: "p1"), request("lone", "8")],
      expected: ["access_point_quota_exceeded", "redundant_partner_rejected", "valid"]),
    Case(
      name: "a group counts at its first member's place",
      quota: 5,
      batch: [request("p1"), request("x"), request("p2", partner: "p1")],
      expected: ["valid", "access_point_quota_exceeded", "valid"]),
    Case(
      name: "batch order, not priority",
      quota: 4, batch: [request("low"), request("high", priority: 9)],
      expected: ["valid", "access_point_quota_exceeded"]),
    Case(
      name: "a request refused for another reason does not count",
      quota: 4, batch: [request("bad", region: "cn-beijing"), request("good")],
      expected: ["access_point_region_mismatch", "valid"]),
    Case(
      name: "0 refuses every request",
      quota: 0, batch: [request("new", "8", at: "hz-B")],
      expected: ["access_point_quota_exceeded"]),
    Case(
      name: "no quota: no limit",
      quota: nil, batch: (1...6).map { request("r\($0)") },
      expected: Array(repeating: "valid", count: 6)),
    Case(
      name: "the pending limit comes first when both apply",
      pending: 2, quota: 4, batch: [request("a"), request("b")],
      expected: ["valid", "pending_limit_exceeded"]),
    Case(
      name: "a request refused by the quota uses none of the pending limit",
      pending: 2, quota: 3, batch: [request("over"), request("bj", at: "bj-A")],
      expected: ["access_point_quota_exceeded", "valid"]),
    Case(
      name: "a group refused by the quota uses none of the pending limit",
      pending: 3, quota: 4,
      batch: [
        request("p1"), request("p2", partner: "p1"), request("b1", at: "hz-B"),
        request("b2", at: "hz-B"),
      ],
      expected: [
        "access_point_quota_exceeded", "access_point_quota_exceeded", "valid", "valid",
      ]),
  ]

  static func codes(_ batch: [Request], in inventory: Inventory) -> [String] {
    let result = BatchValidator(inventory: inventory).validate(batch)
    var codes = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, "valid") })
    for rejection in result.rejections { codes[rejection.request] = rejection.code.rawValue }
    return batch.map { codes[$0.id]! }
  }

  @Test(arguments: cases)
  func theQuotaDecides(_ test: Case) {
    let inventory = Self.inventory(pending: test.pending, quota: test.quota)
    #expect(Self.codes(test.batch, in: inventory) == test.expected)
    // The provisioning path's batch of one agrees with the batch validator's, request by
    // request.
    for request in test.batch {
      let validator = BatchValidator(inventory: inventory)
      let alone = validator.validate([request])
      switch validator.validate(only: request) {
      case .success(let valid): #expect(alone.accepted == [valid], "\(request.id)")
      case .failure(let rejection): #expect(alone.rejections == [rejection], "\(request.id)")
      }
    }
  }

  @Test func theMessageGivesTheNumbersAndWhatToDo() throws {
    let inventory = Self.inventory(pending: nil, quota: 4)
    let result = BatchValidator(inventory: inventory).validate([
      Self.request("a"), Self.request("b"), Self.request("p1", "8", at: "hz-B"),
      Self.request("p2", "8", at: "hz-B", partner: "p1"),
    ])
    let message = try #require(result.rejections.first { $0.request == "b" }?.message)
    #expect(
      message.hasPrefix(
        "account 7 would hold more than 4 live connections at ap-hz-A: 3 in the inventory and 1 "
          + "accepted earlier in this batch; the quota is policy.maxConnectionsPerAccessPoint = 4.")
    )
    #expect(message.contains("Apply at another access point"))
    #expect(result.rejections.count == 1, "the pair of account 8 fits: 2 of 4")
    let tight = Self.inventory(pending: nil, quota: 1)
    let pair = BatchValidator(inventory: tight).validate([
      Self.request("p1", "8", at: "hz-B"), Self.request("p2", "8", at: "hz-B", partner: "p1"),
    ])
    #expect(
      pair.rejections.map(\.message).allSatisfy {
        $0.contains(
          "0 in the inventory and 0 accepted earlier in this batch, and this "
            + "request's redundancy group asks for 2 there")
      })
  }

  /// The provisioning path keeps the counts as it places and releases: a placed request is a
  /// live connection, a released one is not.
  @Test func liveInventoryCountsWhatItPlacesAndReleases() throws {
    var live = LiveInventory(Self.inventory(pending: nil, quota: 4))
    #expect(live.inventory.liveConnections(of: "7", at: "ap-hz-A") == 3)
    guard case .placed = live.place(Self.request("a")) else {
      Issue.record("the 4th should be placed")
      return
    }
    #expect(live.inventory.liveConnections(of: "7", at: "ap-hz-A") == 4)
    guard case .rejected(let refusal) = live.place(Self.request("b")) else {
      Issue.record("the 5th should be refused")
      return
    }
    #expect(refusal.code == .accessPointQuotaExceeded)
    try live.release("a")
    #expect(live.inventory.liveConnections(of: "7", at: "ap-hz-A") == 3)
    guard case .placed = live.place(Self.request("b")) else {
      Issue.record("after a release the 4th fits again")
      return
    }
  }

  @Test func withoutAQuotaNothingIsCounted() {
    let inventory = Self.inventory(pending: nil, quota: nil)
    #expect(inventory.liveConnections(of: "7", at: "ap-hz-A") == 0)
  }
}
