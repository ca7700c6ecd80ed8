/// A drain that cannot be planned as asked: the devices named are not a set of devices of the
/// inventory. The message says what to do.
public struct DrainError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What is wrong.
  public enum Kind: Sendable, Hashable {
    /// No device was named.
    case noDevice
    /// A named device is not in the inventory.
    case unknownDevice
    /// A device was named twice.
    case deviceGivenTwice
  }

  /// What is wrong.
  public var kind: Kind
  /// The device concerned, if one is.
  public var device: DeviceID?
  /// A sentence for people that says what to do.
  public var message: String

  public var description: String { message }

  static let noDevice = DrainError(
    kind: .noDevice, device: nil,
    message: "no device to drain: name one or more with --device D (patchbay capacity lists "
      + "every access point's devices)")

  static func unknownDevice(_ id: DeviceID, in inventory: Inventory) -> DrainError {
    let known = inventory.devices.map(\.id.rawValue)
    let close = known.filter { $0.lowercased() == id.rawValue.lowercased() }.first
    var message = "unknown device \(id.rawValue): the inventory has no device of that id"
    if let close {
      message += "; did you mean \(close)?"
    } else if known.isEmpty {
      message += "; it has no devices at all"
    } else if known.count <= 10 {
      message += "; its devices are " + known.joined(separator: ", ")
    } else {
      message +=
        "; it has \(known.count) devices (\(known.prefix(3).joined(separator: ", ")), "
        + "...): patchbay capacity --format json lists them per access point"
    }
    return DrainError(kind: .unknownDevice, device: id, message: message.escapingControlCharacters)
  }

  static func deviceGivenTwice(_ id: DeviceID) -> DrainError {
    DrainError(
      kind: .deviceGivenTwice, device: id,
      message: "device \(id.rawValue) is given twice: name each device to drain once"
        .escapingControlCharacters)
  }
}
