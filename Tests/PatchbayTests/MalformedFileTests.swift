import Patchbay
import Testing

/// `fixtures/malformed/`: each file must be refused as a whole with the right kind of error, and
/// the message must name the file and the place (manifest's `mustMention`).
@Suite struct MalformedFileTests {
  @Test func theManifestIsThere() {
    #expect(Fixtures.malformedCases.count >= 30)
  }

  @Test(arguments: Fixtures.malformedCases)
  func isRefusedWithItsPlaceNamed(_ malformed: Fixtures.MalformedCase) throws {
    let path = Fixtures.path("malformed/" + malformed.file)
    let error: InputError
    do {
      if malformed.role == "inventory" {
        _ = try InventoryDecoder.read(path: path)
      } else {
        _ = try RequestsDecoder.read(path: path)
      }
      Issue.record("\(malformed.file) was accepted")
      return
    } catch let caught {
      error = caught
    }
    #expect(error.kind == (malformed.exit == 66 ? .unreadable : .invalid))
    let message = error.description
    for needle in malformed.mustMention {
      #expect(message.contains(needle), "\(malformed.file): \"\(message)\" lacks \"\(needle)\"")
    }
  }
}
