/// A line operator (service provider) that brings the leased line.
public enum LineOperator: String, CaseIterable, Sendable, Hashable, Codable {
  /// China Telecom.
  case chinaTelecom = "CT"
  /// China Unicom.
  case chinaUnicom = "CU"
  /// China Mobile.
  case chinaMobile = "CM"
  /// Another mainland China carrier.
  case otherMainland = "CO"
  /// Equinix.
  case equinix = "Equinix"
  /// Any other operator.
  case other = "Other"
}
