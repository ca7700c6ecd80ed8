/// What `patchbay validate --format json` prints: the plan's `rejected` list and a `summary`
/// (FORMATS.md), plus the size of the inventory that was checked.
public struct ValidationReport: Sendable {
  public var result: ValidationResult
  public var inventory: InventorySummary

  public init(result: ValidationResult, inventory: InventorySummary) {
    self.result = result
    self.inventory = inventory
  }

  /// The report as JSON text, ending in a newline; the same bytes for the same input.
  public var json: String {
    var writer = JSONWriter()
    writer.raw("{\n")
    writer.array("rejected", result.rejections, indent: 2) { writer, rejection in
      writer.inlineObject([
        ("request", .string(rejection.request.rawValue)),
        ("code", .string(rejection.code.rawValue)),
        ("message", .string(rejection.message)),
      ])
    }
    writer.raw(",\n  \"summary\": ")
    writer.inlineObject([
      ("requests", .int(result.requestCount)),
      ("valid", .int(result.accepted.count)),
      ("rejected", .int(result.rejections.count)),
    ])
    writer.raw(",\n  \"rejectedByCode\": ")
    writer.inlineObject(result.rejectionCounts.map { ($0.code.rawValue, .int($0.count)) })
    writer.raw(",\n  \"inventory\": ")
    writer.inlineObject([
      ("regions", .int(inventory.regions)),
      ("accessPoints", .int(inventory.accessPoints)),
      ("devices", .int(inventory.devices)),
      ("ports", .int(inventory.ports)),
      ("freePorts", .int(inventory.freePorts)),
      ("connections", .int(inventory.connections)),
    ])
    writer.raw("\n}\n")
    return writer.text
  }
}

/// Counts that tell a planner what an inventory holds.
public struct InventorySummary: Sendable, Hashable {
  public var regions: Int
  public var accessPoints: Int
  public var devices: Int
  public var ports: Int
  /// Ports that no live connection holds.
  public var freePorts: Int
  public var connections: Int

  public init(_ inventory: Inventory) {
    regions = inventory.regions.count
    accessPoints = inventory.accessPoints.count
    devices = inventory.devices.count
    ports = inventory.devices.reduce(0) { $0 + $1.ports.count }
    let held = inventory.connections.filter { $0.status.holdsPort && $0.port != nil }.count
    freePorts = ports - held
    connections = inventory.connections.count
  }
}
