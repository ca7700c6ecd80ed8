import Foundation

/// What the customer gives when applying for the LOA (FORMATS.md `loa.json`).
///
/// Made only by its throwing initializer, which ``LOADecoder`` calls too, so a value of this
/// type always passes the LOA's rules. Whether the construction time is still in the future is
/// checked when the LOA is filed (``Provisioner/applyForLOA(_:loa:)``), against that moment.
public struct LetterOfAuthorization: Sendable, Hashable {
  /// The customer's company, as on the LOA.
  public private(set) var companyName: String
  /// The company that lays the line.
  public private(set) var constructionCompany: String
  /// How the line is built; never SDH.
  public private(set) var constructionType: ConstructionType
  /// When the installer plans to lay the line; in the future when the LOA was filed.
  public private(set) var scheduledConstructionTime: Date
  /// Informational.
  public private(set) var location: String?
  /// Informational only: the port's speed is its port spec.
  public private(set) var bandwidthMbps: Int?
  /// 1 to ``maxFieldEngineers``.
  public private(set) var fieldEngineers: [FieldEngineer]

  /// Alibaba allows up to 16 field engineers on one LOA.
  public static let maxFieldEngineers = 16

  /// Checks the LOA's rules: a company and a construction company that are not blank, a
  /// positive bandwidth when one is given, and 1 to ``maxFieldEngineers`` field engineers.
  ///
  /// - Throws: ``LifecycleError`` `invalid_loa`, listing every problem by field.
  public init(
    companyName: String, constructionCompany: String, constructionType: ConstructionType,
    scheduledConstructionTime: Date, location: String? = nil, bandwidthMbps: Int? = nil,
    fieldEngineers: [FieldEngineer]
  ) throws(LifecycleError) {
    var problems: [InputError.Problem] = []
    if companyName.isBlank {
      problems.append(.init(place: "companyName", message: "is empty; give the company's name"))
    }
    if constructionCompany.isBlank {
      problems.append(
        .init(
          place: "constructionCompany",
          message: "is empty; give the name of the company that lays the line"))
    }
    if let bandwidthMbps, bandwidthMbps <= 0 {
      problems.append(
        .init(
          place: "bandwidthMbps",
          message: "must be a positive whole number of Mbps; found \(bandwidthMbps)"))
    }
    if !(1...Self.maxFieldEngineers).contains(fieldEngineers.count) {
      problems.append(
        .init(
          place: "fieldEngineers",
          message: "name 1 to \(Self.maxFieldEngineers) field engineers; found "
            + "\(fieldEngineers.count)"))
    }
    guard problems.isEmpty else { throw .invalidLOA(problems) }
    self.companyName = companyName
    self.constructionCompany = constructionCompany
    self.constructionType = constructionType
    self.scheduledConstructionTime = scheduledConstructionTime
    self.location = location
    self.bandwidthMbps = bandwidthMbps
    self.fieldEngineers = fieldEngineers
  }
}

extension String {
  /// Empty, or white space only.
  var isBlank: Bool {
    // A text that starts with a printable ASCII character other than the space is not blank
    // (a character's white space is its first scalar's): settled without breaking the text
    // into characters (6% of decoding a stored LOA, measured).
    if let first = utf8.first, first > 0x20, first < 0x7F { return false }
    return allSatisfy(\.isWhitespace)
  }
}
