import Foundation

/// What the customer files once the installer has laid the cable: the carrier's code for the
/// leased line and the label numbers on the cable at the cloud's data centre.
public struct DeliveryReport: Sendable, Hashable {
  /// The carrier's code for the leased line, trimmed.
  public private(set) var lineCode: String
  /// One or more, in the order given.
  public private(set) var cableLabels: [String]

  /// Checks that the report names a line and at least one cable label.
  public init(lineCode: String, cableLabels: [String]) throws(LifecycleError) {
    let code = lineCode.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !code.isEmpty else {
      throw .invalidDeliveryReport("the leased line code is empty; give the carrier's line code")
    }
    let labels = cableLabels.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard !labels.isEmpty else {
      throw .invalidDeliveryReport("give at least one cable label (the label on the cable)")
    }
    if let empty = labels.firstIndex(where: \.isEmpty) {
      throw .invalidDeliveryReport("cable label \(empty + 1) is empty")
    }
    self.lineCode = code
    self.cableLabels = labels
  }
}
