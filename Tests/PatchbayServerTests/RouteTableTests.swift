import Testing

@testable import PatchbayServer

/// The router is built from ``Operation``: it must hold exactly the document's operations, so
/// a route cannot exist without its contract, nor the contract without its route.
@Suite struct RouteTableTests {
  @Test func theRoutesAreTheDocumentsOperations() {
    let served = Set(
      Operation.allCases.map {
        OpenAPIContract.Operation(method: $0.method.rawValue, path: $0.path)
      })
    let documented = Set(OpenAPIContract.project.operations())
    #expect(served.subtracting(documented).isEmpty, "served but not documented")
    #expect(documented.subtracting(served).isEmpty, "documented but not served")
  }

  @Test func theDocumentUsesOnlyWhatTheCheckerChecks() {
    #expect(OpenAPIContract.project.unsupportedKeywords().isEmpty)
  }
}
