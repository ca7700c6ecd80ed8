/// A person who will work at the data centre, and the document that identifies them.
public struct FieldEngineer: Sendable, Hashable {
  public var name: String
  public var contact: String
  public var certificateType: CertificateType
  public var certificateNumber: String

  public init(
    name: String, contact: String, certificateType: CertificateType, certificateNumber: String
  ) {
    self.name = name
    self.contact = contact
    self.certificateType = certificateType
    self.certificateNumber = certificateNumber
  }
}

/// The identity document a field engineer shows.
public enum CertificateType: String, CaseIterable, Sendable, Hashable, Codable {
  case idCard = "IDCard"
  case passport = "Passport"
}
