import Foundation

/// The OpenAPI document (`openapi.json`, a resource of this target): the contract the routes are
/// checked against in the tests, served as it is at `GET /openapi.json`.
package enum OpenAPIDocument {
  /// The document's bytes, read once.
  package static let bytes: [UInt8] = {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
      let data = try? Data(contentsOf: url)
    else {
      preconditionFailure("openapi.json is missing from the PatchbayServer bundle")
    }
    return [UInt8](data)
  }()
}
