import Foundation
import Testing

@testable import PatchbayServer

@Suite struct OpenAPIDocumentTests {
  @Test func isAnOpenAPI3Document() throws {
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
    #expect((document["openapi"] as? String)?.hasPrefix("3.0") == true)
    #expect(document["paths"] is [String: Any])
  }
}
