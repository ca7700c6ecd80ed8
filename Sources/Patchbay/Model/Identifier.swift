/// A typed identifier: an `Identifier<Device>` can never be passed where an
/// `Identifier<AccessPoint>` is expected, although both are strings in the files.
public struct Identifier<Subject>: Hashable, Sendable, Comparable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
  public var description: String { rawValue }
}

public typealias RegionID = Identifier<Region>
public typealias AccessPointID = Identifier<AccessPoint>
public typealias DeviceID = Identifier<Device>
public typealias ConnectionID = Identifier<Connection>
public typealias RequestID = Identifier<Request>

/// A customer account (Alibaba's account UID). Accounts are not declared in the inventory; they
/// appear on connections, requests and the whitelist.
public typealias AccountID = Identifier<Account>

/// Tag type for ``AccountID``.
public enum Account {}
