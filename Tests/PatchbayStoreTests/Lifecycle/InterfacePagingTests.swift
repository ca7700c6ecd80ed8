import Foundation
import Patchbay
import PatchbaySynthetic
import Testing

/// The paged listing (`GET /v1/interfaces`) on each store: walked page by page under every
/// filter, it gives exactly what filtering the reverse of ``Provisioner/interfaces(in:)``
/// gives; a token keeps its place while interfaces are applied for; junk is no token.
@Suite struct InterfacePagingTests {
  static let places = LifecyclePropertyTests.places

  /// A store with interfaces in many states at two access points for two accounts, made by a
  /// seeded random walk.
  static func randomProvisioner(_ backend: Backend, seed: UInt64, count: Int) async throws
    -> Provisioner
  {
    var random = SeededGenerator(seed: seed)
    let provisioner = try await LifecycleTests.provisioner(backend)
    var ids: [InterfaceID] = []
    for index in 0..<count {
      let place = places.randomElement(using: &random)!
      let id = "if-\(index)"
      do {
        _ = try await provisioner.apply(
          Request(
            id: RequestID(id), account: ["1001", "1003"].randomElement(using: &random),
            region: place.region, accessPoint: place.accessPoint, lineOperator: "CT",
            portSpec: place.spec, portType: place.type))
        ids.append(InterfaceID(id))
      } catch is LifecycleError { continue }
      for action in LifecycleTests.paths.values.randomElement(using: &random)! {
        do {
          _ = try await LifecycleTests.run(action, InterfaceID(id), on: provisioner)
        } catch is LifecycleError { break }
      }
    }
    return provisioner
  }

  /// Every page of a walk from the first, and each page's size.
  static func walk(
    _ provisioner: Provisioner, _ filter: InterfaceFilter, pageSize: Int,
    from token: InterfacePageToken? = nil
  ) async throws -> (interfaces: [Interface], pages: [Int]) {
    var all: [Interface] = []
    var pages: [Int] = []
    var token = token
    repeat {
      let page = try await provisioner.interfaces(
        matching: filter, pageToken: token, pageSize: pageSize)
      #expect(page.interfaces.count <= pageSize)
      #expect(page.next == nil || page.interfaces.count == pageSize, "a short page goes on")
      all += page.interfaces
      pages.append(page.interfaces.count)
      token = page.next
    } while token != nil && pages.count < 10_000
    return (all, pages)
  }

  @Test(arguments: Backend.allCases)
  func everyFilterWalksToTheRestatedList(_ backend: Backend) async throws {
    let provisioner = try await Self.randomProvisioner(backend, seed: 11, count: 30)
    let newestFirst = Array(try await provisioner.interfaces().reversed())
    #expect(Set(newestFirst.map(\.state)).count >= 5, "the walk reaches many states")
    let states: [InterfaceState?] = [nil] + InterfaceState.allCases
    let accessPoints: [AccessPointID?] =
      [nil, "ap-cn-beijing-ft-A", "ap-cn-hangzhou-yh-B", "ap-nowhere"]
    let accounts: [AccountID?] = [nil, "1001", "1003", "9999"]
    let sizes = [1, 2, 3, 7, 500]
    var combination = 0
    for state in states {
      for accessPoint in accessPoints {
        for account in accounts {
          let filter = InterfaceFilter(state: state, accessPoint: accessPoint, account: account)
          let expected = newestFirst.filter {
            (state == nil || $0.state == state)
              && (accessPoint == nil || $0.accessPoint == accessPoint)
              && (account == nil || $0.account == account)
          }
          let size = sizes[combination % sizes.count]
          combination += 1
          let (walked, pages) = try await Self.walk(provisioner, filter, pageSize: size)
          #expect(walked.map(\.id) == expected.map(\.id), "\(filter) by \(size)")
          #expect(walked == expected, "\(filter): the interfaces are whole")
          // Pages are full but the last; an empty list is one empty page.
          let wanted = max(1, (expected.count + size - 1) / size)
          #expect(pages.count == wanted, "\(filter) by \(size): \(pages)")
        }
      }
    }
  }

  @Test(arguments: Backend.allCases)
  func aTokenKeepsItsPlaceWhileInterfacesAreAppliedFor(_ backend: Backend) async throws {
    // Account 1003 may have five pending, one of them in the inventory: two of the old ones are
    // canceled to make room.
    let provisioner = try await LifecycleTests.provisioner(backend)
    for index in 0..<4 { _ = try await provisioner.apply(LifecycleTests.request("old-\(index)")) }
    for id: InterfaceID in ["old-1", "old-2"] { _ = try await provisioner.cancel(id) }
    let before = Array(try await provisioner.interfaces().reversed())
    let first = try await provisioner.interfaces(
      matching: InterfaceFilter(), pageToken: nil, pageSize: 2)
    #expect(first.interfaces.map(\.id) == ["old-3", "old-2"])
    let token = try #require(first.next)
    for index in 0..<2 {
      _ = try await provisioner.apply(LifecycleTests.request("new-\(index)"))
    }
    let rest = try await Self.walk(provisioner, InterfaceFilter(), pageSize: 2, from: token)
    #expect((first.interfaces + rest.interfaces).map(\.id) == before.map(\.id))
    #expect(rest.pages == [2])
    // The text of a token is as good as the token.
    let again = try await provisioner.interfaces(
      matching: InterfaceFilter(), pageToken: InterfacePageToken(token.description), pageSize: 1)
    #expect(again.interfaces.map(\.id) == ["old-1"])
    // A new walk starts with the newest.
    let top = try await provisioner.interfaces(
      matching: InterfaceFilter(), pageToken: nil, pageSize: 2)
    #expect(top.interfaces.map(\.id) == ["new-1", "new-0"])
    // A token taken under one filter and used under another still only seeks: nothing newer.
    let canceled = try await provisioner.interfaces(
      matching: InterfaceFilter(state: .canceled), pageToken: token, pageSize: 5)
    #expect(canceled.interfaces.map(\.id) == ["old-1"] && canceled.next == nil)
  }

  @Test(arguments: Backend.allCases)
  func pageSizesOutsideTheRangeAreRefused(_ backend: Backend) async throws {
    let provisioner = try await Self.randomProvisioner(backend, seed: 3, count: 3)
    for size in [0, -1, 501, Int.max, Int.min] {
      let error = await #expect(throws: LifecycleError.self) {
        _ = try await provisioner.interfaces(
          matching: InterfaceFilter(), pageToken: nil, pageSize: size)
      }
      #expect(error?.kind == .malformedRequest)
      #expect(error?.code == "malformed_request")
      #expect(error?.description.contains("1 to 500") == true)
    }
    for size in [1, 500] {
      _ = try await provisioner.interfaces(
        matching: InterfaceFilter(), pageToken: nil, pageSize: size)
    }
  }

  @Test(arguments: [
    "", "A", "AQ", "AQAAAAAAAAAB=", "AQAAAAAAAAA", "AQAAAAAAAAABAA", "AAAAAAAAAAAB",
    "AgAAAAAAAAAB", "AQAAAAAAAAAA", "AQAAAAAAAAAB ", "AQAAAAAA+AAB", "AQAAAAAA/AAB",
    "AQAAAAAAAAAé", "gAAAAAAAAAAB", String(repeating: "A", count: 100_000),
    "../../etc", "AQ%3D%3D",
  ])
  func junkIsNoToken(_ text: String) {
    // "AQAAAAAAAAAB" is the token of position 1: each of these differs from a token.
    #expect(InterfacePageToken(text) == nil, "\(text.prefix(20))")
  }

  @Test func tokensAreShortURLSafeAndReadBack() throws {
    var random = SeededGenerator(seed: 7)
    let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    let positions: [Int64] =
      [1, 2, 255, 256, 1 << 32, Int64.max]
      + (0..<200).map { _ in Int64.random(in: 1...Int64.max, using: &random) }
    for position in positions {
      let token = InterfacePageToken(position: position)
      let text = token.description
      #expect(text.count == 12)
      #expect(text.allSatisfy(safe.contains))
      #expect(InterfacePageToken(text) == token)
      #expect(InterfacePageToken(text)?.position == position)
    }
    #expect(InterfacePageToken(position: 1).description == "AQAAAAAAAAAB")
  }

  @Test func aPageIsTheServicesJSON() throws {
    let interface = StoreFixtures.interface("if-1", in: try StoreFixtures.datacentre())
    let page = InterfacePage(interfaces: [interface], next: InterfacePageToken(position: 1))
    let object = try JSONSerialization.jsonObject(with: Data(page.jsonBytes)) as? [String: Any]
    #expect(object?["nextPageToken"] as? String == "AQAAAAAAAAAB")
    let listed = try JSONSerialization.jsonObject(with: Data([interface].jsonBytes)) as? [Any]
    #expect((object?["interfaces"] as? [Any])?.count == 1)
    #expect(
      String(decoding: page.jsonBytes, as: UTF8.self).contains(
        String(decoding: interface.jsonBytes.dropLast(), as: UTF8.self)))
    #expect(listed?.count == 1)
    let last = InterfacePage(interfaces: [], next: nil)
    #expect(
      String(decoding: last.jsonBytes, as: UTF8.self)
        == "{\n  \"interfaces\": [],\n  \"nextPageToken\": null\n}\n")
  }
}
