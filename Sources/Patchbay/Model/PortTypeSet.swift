/// A set of port types in one byte: what a port's cage accepts, or what an access point offers.
public struct PortTypeSet: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The set of one port type.
  public init(_ type: PortType) { self.rawValue = 1 << UInt8(type.ordinal) }

  /// The set of the given port types; a repeated type counts once.
  public init<S: Sequence>(types: S) where S.Element == PortType {
    self.init(rawValue: types.reduce(0) { $0 | (1 << UInt8($1.ordinal)) })
  }

  /// Whether `type` is in the set.
  public func contains(_ type: PortType) -> Bool { rawValue & (1 << UInt8(type.ordinal)) != 0 }

  /// The members in ``PortType`` order.
  public var members: [PortType] { PortType.allCases.filter { contains($0) } }

  /// "10GBase-LR, 1000Base-LX" style list for messages.
  public var listDescription: String {
    isEmpty ? "none" : members.map(\.rawValue).joined(separator: ", ")
  }
}
