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
