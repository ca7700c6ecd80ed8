/// The greedy's choice of device for one request (DESIGN.md), shared by the batch greedy
/// (``GreedyPlacer``) and the one-request provisioning path (``LiveInventory/place(_:)``), so
/// both place a request alike.
enum DeviceChoice {
  /// Among `devices` (inventory order), the allowed one with the most free ports that accept
  /// the request's type; the first on a tie; `nil` when no allowed device has a free one. For a
  /// single request this is optimal: it is placed whenever any allowed device has room.
  static func mostFree(
    among devices: [Int], allowed: (Int) -> Bool, freePorts: (Int) -> Int
  ) -> Int? {
    var best: (device: Int, free: Int)?
    for device in devices where allowed(device) {
      let free = freePorts(device)
      if free > 0 && free > (best?.free ?? 0) { best = (device, free) }
    }
    return best?.device
  }
}
