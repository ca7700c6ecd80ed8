import Foundation
import Patchbay
import PatchbayStore
import Testing

/// The store compares ids as the batch does (FORMATS.md "Identifiers"): exact Unicode
/// scalars, so ids that differ only in normalisation are two interfaces; and an id that SQLite
/// would cut at a NUL never reaches it.
@Suite struct IdentifierStoreTests {
  static func request(_ id: String, account: String = "1001") throws -> Request {
    var request = try RequestsDecoder.readSingle(
      path: StoreFixtures.root.appendingPathComponent("fixtures/provisioning/request.json").path)
    request.id = RequestID(id)
    request.account = account
    return request
  }

  @Test func canonicallyEquivalentIDsAreTwoInterfaces() async throws {
    let (store, _) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let provisioner = Provisioner(store: store)
    let precomposed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    _ = try await provisioner.apply(try Self.request(precomposed))
    _ = try await provisioner.apply(try Self.request(decomposed))
    let first = try await provisioner.interface(InterfaceID(precomposed))
    let second = try await provisioner.interface(InterfaceID(decomposed))
    #expect(first.id.rawValue.utf8.elementsEqual(precomposed.utf8))
    #expect(second.id.rawValue.utf8.elementsEqual(decomposed.utf8))
    #expect(first.id != second.id)
  }

  @Test(arguments: [
    ("a\u{0}b", "1001", "id"), ("a\u{1B}[2J", "1001", "id"), ("ok", "10\u{0}01", "account"),
  ])
  func anIDWithAControlCharacterIsRejectedBeforeTheStore(
    _ id: String, _ account: String, _ field: String
  ) async throws {
    let (store, _) = try await StoreFixtures.initializedStore()
    defer { StoreFixtures.removeDatabase(store.path) }
    let provisioner = Provisioner(store: store)
    // "a" exists: a NUL that reached SQLite would make "a\0b" clash with it.
    _ = try await provisioner.apply(try Self.request("a"))
    await #expect {
      _ = try await provisioner.apply(try Self.request(id, account: account))
    } throws: { error in
      guard let error = error as? LifecycleError, error.kind == .rejected,
        let rejection = error.rejection
      else { return false }
      return rejection.code == .malformedRequest && rejection.message.hasPrefix("\(field) \"")
    }
    #expect(try await provisioner.interfaces().count == 1)
  }
}
