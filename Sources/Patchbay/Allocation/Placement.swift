/// Where one demand went: a device, the pool on it, and the port.
struct Placement: Sendable, Hashable {
  /// Index in ``Inventory/devices``.
  let device: Int
  /// Index in that device's ``DevicePorts/pools``.
  let pool: Int
  /// Index in ``Device/ports``.
  let port: Int
}

/// The free ports of a subproblem's devices, as it is being filled.
struct SubproblemPorts {
  /// Same order as ``Subproblem/devices``.
  var devices: [DevicePorts]
  /// Device index -> position in ``devices``.
  let position: [Int: Int]

  init(_ subproblem: Subproblem, freePorts: FreePorts) {
    devices = subproblem.devices.map { freePorts.devices[$0] }
    var position: [Int: Int] = [:]
    for (index, device) in subproblem.devices.enumerated() { position[device] = index }
    self.position = position
  }

  func ports(of device: Int) -> DevicePorts { devices[position[device]!] }

  /// Takes the lowest free port of the most specific pool on `device` that accepts `type`.
  mutating func take(_ type: PortType, on device: Int) -> Placement? {
    guard let local = position[device], let pool = devices[local].bestPool(for: type),
      let port = devices[local].pools[pool].take()
    else { return nil }
    return Placement(device: device, pool: pool, port: port)
  }

  /// Takes a given port of a given pool (expanding an exact solution).
  mutating func take(pool: Int, on device: Int) -> Placement? {
    guard let local = position[device], let port = devices[local].pools[pool].take() else {
      return nil
    }
    return Placement(device: device, pool: pool, port: port)
  }

  mutating func give(_ placement: Placement) {
    guard let local = position[placement.device] else { return }
    devices[local].pools[placement.pool].give(placement.port)
  }
}
