/// A person who will work at the data centre, and the document that identifies them. Made only
/// by its throwing initializer, so every field is filled in.
public struct FieldEngineer: Sendable, Hashable {
  /// The engineer's full name.
  public private(set) var name: String
  /// A telephone number or an address the data centre can reach them at.
  public private(set) var contact: String
  /// The kind of identity document.
  public private(set) var certificateType: CertificateType
  /// The number of the identity document.
  public private(set) var certificateNumber: String

  /// Checks that the name, the contact and the certificate number are not blank.
  ///
  /// - Throws: ``LifecycleError`` `invalid_loa`, each problem placed at the field (`name`,
  ///   `contact`, `certificateNumber`); ``LOADecoder`` puts the engineer's path in front.
  public init(
    name: String, contact: String, certificateType: CertificateType, certificateNumber: String
  ) throws(LifecycleError) {
    // Three checks written out, not a loop over a list of them: the list was an allocation
    // per engineer, and the store reads an engineer for every LOA of `approve --all`.
    if name.isBlank || contact.isBlank || certificateNumber.isBlank {
      var problems: [InputError.Problem] = []
      for (field, value, what) in [
        ("name", name, "the engineer's name"), ("contact", contact, "how to reach them"),
        ("certificateNumber", certificateNumber, "the number of their identity document"),
      ] where value.isBlank {
        problems.append(.init(place: field, message: "is empty; give \(what)"))
      }
      throw .invalidLOA(problems)
    }
    self.name = name
    self.contact = contact
    self.certificateType = certificateType
    self.certificateNumber = certificateNumber
  }
}

/// The identity document a field engineer shows.
public enum CertificateType: String, CaseIterable, Sendable, Hashable, Codable {
  /// `IDCard`: a national identity card.
  case idCard = "IDCard"
  /// `Passport`: a passport.
  case passport = "Passport"
}
