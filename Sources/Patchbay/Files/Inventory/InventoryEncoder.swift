/// Writes an ``Inventory`` as FORMATS.md's `inventory.json`, byte for byte the same for the same
/// inventory, so that `InventoryDecoder.decode(InventoryEncoder.jsonBytes(x))` gives `x` back.
///
/// The layout follows the shipped fixtures: one region, access point and connection per line, a
/// device over several lines with one `ports` entry per line. Consecutive ports of a device that
/// accept the same port types and are named `PREFIX<n>`, `PREFIX<n+1>`, ... become one run
/// (`"names": "1/1/2-48"`). Sets are written in a fixed order: line operators and port types in
/// their enumeration order, the whitelist sorted. A connection without a device or port, or
/// without a redundant connection, has `null` there; an absent name, location (an access point's
/// address) or cabinet (a device's) is left out, and so is an unset
/// `policy.maxConnectionsPerAccessPoint`.
public enum InventoryEncoder: Sendable {
  /// The inventory as the UTF-8 bytes of `inventory.json`, ending with a newline.
  public static func jsonBytes(_ inventory: Inventory) -> [UInt8] {
    var writer = JSONWriter()
    writer.raw("{\n")
    writer.array("regions", inventory.regions, indent: 2) { writer, region in
      var members: [(String, JSONScalar)] = [("id", .string(region.id.rawValue))]
      if let name = region.name { members.append(("name", .string(name))) }
      writer.inlineObject(members)
    }
    writer.raw(",\n")
    writer.array("accessPoints", inventory.accessPoints, indent: 2) { writer, accessPoint in
      writer.raw("{ ")
      writer.member("id", accessPoint.id.rawValue)
      writer.raw(", ")
      writer.member("region", accessPoint.region.rawValue)
      if let name = accessPoint.name {
        writer.raw(", ")
        writer.member("name", name)
      }
      writer.raw(", ")
      writer.member("status", accessPoint.status.rawValue)
      writer.raw(", ")
      let operators = LineOperator.allCases.filter { accessPoint.lineOperators.contains($0) }
      writer.stringArray("lineOperators", operators.map(\.rawValue))
      writer.raw(", ")
      writer.stringArray("portTypes", accessPoint.portTypes.members.map(\.rawValue))
      if let location = accessPoint.location {
        writer.raw(", ")
        writer.member("location", location)
      }
      writer.raw(" }")
    }
    writer.raw(",\n")
    writer.array("devices", inventory.devices, indent: 2) { writer, device in
      writer.raw("{ ")
      writer.member("id", device.id.rawValue)
      writer.raw(", ")
      writer.member("accessPoint", device.accessPoint.rawValue)
      if let cabinet = device.cabinet {
        writer.raw(", ")
        writer.member("cabinet", cabinet)
      }
      writer.raw(",\n")
      writer.array("ports", PortEntry.entries(of: device.ports), indent: 6) { writer, entry in
        writer.raw("{ ")
        writer.member(entry.count == 1 ? "name" : "names", entry.text)
        writer.raw(", ")
        writer.stringArray("portTypes", entry.accepts.members.map(\.rawValue))
        writer.raw(" }")
      }
      writer.raw(" }")
    }
    writer.raw(",\n")
    writer.array("connections", inventory.connections, indent: 2) { writer, connection in
      // Written member by member: an inventory may hold millions of connections.
      writer.raw("{ ")
      writer.member("id", connection.id.rawValue)
      writer.raw(", ")
      writer.member("account", connection.account.rawValue)
      writer.raw(", ")
      writer.member("accessPoint", connection.accessPoint.rawValue)
      writer.raw(", ")
      writer.member("device", connection.device?.rawValue)
      writer.raw(", ")
      writer.member("port", connection.port)
      writer.raw(", ")
      writer.member("portType", connection.portType.rawValue)
      writer.raw(", ")
      writer.member("status", connection.status.rawValue)
      writer.raw(", ")
      writer.member("redundantConnection", connection.redundantConnection?.rawValue)
      writer.raw(" }")
    }
    writer.raw(",\n  ")
    writer.stringArray("highSpeedWhitelist", inventory.highSpeedWhitelist.map(\.rawValue).sorted())
    writer.raw(",\n  \"policy\": ")
    var policy: [(String, JSONScalar)] = [
      ("maxPendingPerAccount", inventory.policy.maxPendingPerAccount.map { .int($0) } ?? .null)
    ]
    // Only when set: an inventory without a quota is written as before it existed.
    if let quota = inventory.policy.maxConnectionsPerAccessPoint {
      policy.append(("maxConnectionsPerAccessPoint", .int(quota)))
    }
    writer.inlineObject(policy)
    writer.raw("\n}\n")
    return writer.bytes
  }
}

/// One `ports[]` entry: a single port, or a run of ports that accept the same types.
struct PortEntry: Equatable {
  /// The port's name, or the run's `PREFIX<first>-<last>`.
  var text: String
  var count: Int
  var accepts: PortTypeSet

  /// Entries for a device's ports, in order, joining what ``PortNameRun`` can spell back.
  static func entries(of ports: [Port]) -> [PortEntry] {
    var entries: [PortEntry] = []
    var index = 0
    while index < ports.count {
      let port = ports[index]
      var end = index + 1
      if let (prefix, first) = numbered(port.name) {
        while end < ports.count, end - index < PortNameRun.maximumLength,
          ports[end].accepts == port.accepts,
          let (nextPrefix, number) = numbered(ports[end].name),
          nextPrefix == prefix, number == first + (end - index)
        {
          end += 1
        }
        if end - index >= 2 {
          entries.append(
            PortEntry(
              text: "\(prefix)\(first)-\(first + end - index - 1)", count: end - index,
              accepts: port.accepts))
          index = end
          continue
        }
      }
      entries.append(PortEntry(text: port.name, count: 1, accepts: port.accepts))
      index += 1
    }
    return entries
  }

  /// Splits `1/1/12` into `("1/1/", 12)`: the longest run of trailing ASCII digits, written the
  /// way `"\(prefix)\(number)"` writes it back (no leading zeros), or `nil`.
  static func numbered(_ name: String) -> (prefix: String, number: Int)? {
    let scalars = Array(name.unicodeScalars)
    var start = scalars.count
    while start > 0, ("0"..."9").contains(scalars[start - 1]) { start -= 1 }
    guard start < scalars.count else { return nil }
    let digits = String(String.UnicodeScalarView(scalars[start...]))
    guard let number = Int(digits), String(number) == digits, number < Int.max / 2 else {
      return nil
    }
    return (String(String.UnicodeScalarView(scalars[..<start])), number)
  }
}

extension JSONWriter {
  /// `"name": "value"`, or `"name": null`.
  fileprivate mutating func member(_ name: String, _ value: String?) {
    string(name)
    raw(": ")
    if let value { string(value) } else { raw("null") }
  }

  /// `"name": ["a", "b"]` on one line.
  fileprivate mutating func stringArray(_ name: String, _ values: [String]) {
    string(name)
    raw(": [")
    for (index, value) in values.enumerated() {
      if index > 0 { raw(", ") }
      string(value)
    }
    raw("]")
  }
}
