import Foundation

/// Every answer a test gets is checked against the contract before the test looks at it: a
/// status the document lists for the operation, and a body its schema accepts (the checker of
/// `OpenAPIContract`); an error is a problem with its required members.
enum OpenAPIConformance {
  struct Mismatch: Error, CustomStringConvertible {
    let description: String
  }

  static func check(method: String, path: String, _ answer: APIResponse) throws {
    let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    if answer.status >= 400 {
      guard answer.header("Content-Type") == "application/problem+json" else {
        throw Mismatch(
          description: "\(method) \(path): \(answer.status) is not application/problem+json")
      }
      let problem = answer.object
      for member in ["type", "title", "status", "code", "detail", "instance", "requestId"]
      where problem[member] == nil {
        throw Mismatch(description: "\(method) \(path): the problem has no \(member)")
      }
      guard problem["status"] as? Int == answer.status, problem["instance"] as? String == route
      else {
        throw Mismatch(description: "\(method) \(path): status or instance differs: \(problem)")
      }
    }
    guard answer.header("X-Request-ID") != nil else {
      throw Mismatch(description: "\(method) \(path): no X-Request-ID")
    }
  }
}
