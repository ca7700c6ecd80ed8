/// How many more requests of one port type an access point could take now, each figure "if all
/// new demand were of this type" (a cage accepting several types counts once, under each).
public struct Headroom: Sendable, Hashable {
  /// The port type, one the access point offers.
  public var portType: PortType
  /// Single requests: the free ports whose cages accept the type.
  public var singles: Int
  /// Redundant pairs, each on two different devices: the largest k for which the free ports
  /// accepting the type, counted at most k per device, add up to at least 2k.
  public var pairs: Int

  /// Headroom as given.
  public init(portType: PortType, singles: Int, pairs: Int) {
    self.portType = portType
    self.singles = singles
    self.pairs = pairs
  }

  /// The most redundant pairs that fit when device `i` has `freePerDevice[i]` usable ports, both
  /// ports of a pair on different devices. k pairs fit exactly when the free ports capped at k
  /// per device add up to 2k (a pair's ports are spread over the devices round-robin, largest
  /// first). That sum minus 2k is concave in k and 0 at k = 0, so the feasible k form a range
  /// from 0 and a binary search finds its end.
  public static func pairs(freePerDevice: [Int]) -> Int {
    let total = freePerDevice.reduce(0) { $0 + max(0, $1) }
    func fits(_ k: Int) -> Bool {
      freePerDevice.reduce(0) { $0 + min(max(0, $1), k) } >= 2 * k
    }
    var low = 0
    var high = total / 2
    while low < high {
      let middle = (low + high + 1) / 2
      if fits(middle) { low = middle } else { high = middle - 1 }
    }
    return low
  }
}
