/// A port type (transceiver) as Alibaba's API names it.
public enum PortType: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  /// `100Base-T`: copper, of the 1G specification.
  case base100T = "100Base-T"
  /// `1000Base-T`: copper, of the 1G specification.
  case base1000T = "1000Base-T"
  /// `1000Base-LX`: fibre, of the 1G specification.
  case base1000LX = "1000Base-LX"
  /// `10GBase-T`: copper, of the 10G specification.
  case base10GT = "10GBase-T"
  /// `10GBase-LR`: long-reach fibre, of the 10G specification.
  case base10GLR = "10GBase-LR"
  /// `40GBase-LR`: long-reach fibre, of the 40G specification (whitelist only).
  case base40GLR = "40GBase-LR"
  /// `100GBase-LR`: long-reach fibre, of the 100G specification (whitelist only).
  case base100GLR = "100GBase-LR"

  /// The port specification the type belongs to.
  public var spec: PortSpec {
    switch self {
    case .base100T, .base1000T, .base1000LX: .oneG
    case .base10GT, .base10GLR: .tenG
    case .base40GLR: .fortyG
    case .base100GLR: .hundredG
    }
  }

  /// Position in `allCases`; the bit of the type in a ``PortTypeSet``.
  public var ordinal: Int {
    switch self {
    case .base100T: 0
    case .base1000T: 1
    case .base1000LX: 2
    case .base10GT: 3
    case .base10GLR: 4
    case .base40GLR: 5
    case .base100GLR: 6
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.ordinal < rhs.ordinal }

  /// The port type for a spelling that differs only in case, spaces, dashes or underscores
  /// (`10gbase lr`), for "did you mean" hints; `nil` when nothing is close.
  public static func closeMatch(to text: String) -> PortType? {
    let key = normalizedSpelling(text)
    return allCases.first { normalizedSpelling($0.rawValue) == key }
  }
}

/// A port specification: the speed class a customer applies for.
public enum PortSpec: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  /// `1G`, "1G and below": `100Base-T`, `1000Base-T` and `1000Base-LX`.
  case oneG = "1G"
  /// `10G`: `10GBase-T` and `10GBase-LR`.
  case tenG = "10G"
  /// `40G`: `40GBase-LR`; needs the whitelist.
  case fortyG = "40G"
  /// `100G`: `100GBase-LR`; needs the whitelist.
  case hundredG = "100G"

  /// 40G and 100G ports need the account on the high-speed whitelist.
  public var needsWhitelist: Bool { self == .fortyG || self == .hundredG }

  /// The port types of this specification, in ``PortType`` order.
  public var portTypes: [PortType] { PortType.allCases.filter { $0.spec == self } }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// Lower-cased, with spaces, dashes, dots, slashes and underscores removed: how a person's
/// spelling of an enumeration value is compared with the canonical one.
func normalizedSpelling(_ text: String) -> String {
  String(
    text.lowercased().unicodeScalars.filter { !" -_./\t".unicodeScalars.contains($0) }
      .map(Character.init))
}
