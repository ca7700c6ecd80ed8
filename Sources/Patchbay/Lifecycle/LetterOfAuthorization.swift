import Foundation

/// What the customer gives when applying for the LOA (FORMATS.md `loa.json`). Made by
/// ``LOADecoder``, which checks every field, so a value of this type is always acceptable.
public struct LetterOfAuthorization: Sendable, Hashable {
  public var companyName: String
  public var constructionCompany: String
  public var constructionType: ConstructionType
  /// When the installer plans to lay the line; in the future when the LOA was filed.
  public var scheduledConstructionTime: Date
  /// Informational.
  public var location: String?
  /// Informational only: the port's speed is its port spec.
  public var bandwidthMbps: Int?
  /// 1 to ``maxFieldEngineers``.
  public var fieldEngineers: [FieldEngineer]

  /// Alibaba allows up to 16 field engineers on one LOA.
  public static let maxFieldEngineers = 16

  public init(
    companyName: String, constructionCompany: String, constructionType: ConstructionType,
    scheduledConstructionTime: Date, location: String? = nil, bandwidthMbps: Int? = nil,
    fieldEngineers: [FieldEngineer]
  ) {
    self.companyName = companyName
    self.constructionCompany = constructionCompany
    self.constructionType = constructionType
    self.scheduledConstructionTime = scheduledConstructionTime
    self.location = location
    self.bandwidthMbps = bandwidthMbps
    self.fieldEngineers = fieldEngineers
  }
}

/// How the leased line is built. SDH is not supported and is refused by name.
public enum ConstructionType: String, CaseIterable, Sendable, Hashable, Codable {
  case mstp = "MSTP"
  case mplsvpn = "MPLSVPN"
  case fibre = "FIBRE"
  case others = "Others"
}

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
