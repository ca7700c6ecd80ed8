/// Why a live connection of a drained device cannot move (docs/DRAIN.md): a stable
/// code scripts match on. The spellings of the allocator's unplaced codes (``UnplacedCode``) are
/// reused where the meaning is the same; `no_other_device` is the drain's own. A struct rather
/// than an enum, so that a new code does not break a caller's exhaustive `switch`.
public struct StrandedCode: RawRepresentable, CaseIterable, Sendable, Hashable,
  CustomStringConvertible
{
  /// The code as JSON and scripts spell it.
  public let rawValue: String

  private init(_ rawValue: String) { self.rawValue = rawValue }

  /// The access point has no device besides the drained ones.
  public static let noOtherDevice = StrandedCode("no_other_device")
  /// No port of the other devices of the access point accepts its port type and is free, nor
  /// can one be freed by moving others.
  public static let noFreePort = StrandedCode("no_free_port")
  /// The ports it could take are all on the device of its redundant partner.
  public static let noDiverseDevice = StrandedCode("no_diverse_device")
  /// The ports it could take went to other connections under the objective (higher priority
  /// first, then fewest port changes).
  public static let capacityContention = StrandedCode("capacity_contention")

  /// Every code.
  public static let allCases: [StrandedCode] = [
    noOtherDevice, noFreePort, noDiverseDevice, capacityContention,
  ]

  /// The code with this spelling, if there is one.
  public init?(rawValue: String) {
    guard let code = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = code
  }

  public var description: String { rawValue }
}
