/// What `patchbay validate --format json` prints: the plan's `rejected` list and a `summary`
/// (FORMATS.md), plus the size of the inventory that was checked.
package struct ValidationReport: Sendable {
  package var result: ValidationResult
  package var inventory: InventorySummary

  package init(result: ValidationResult, inventory: InventorySummary) {
    self.result = result
    self.inventory = inventory
  }

  /// The report as JSON text, ending in a newline; the same bytes for the same input.
  package var json: String {
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
package struct InventorySummary: Sendable, Hashable {
  package var regions: Int
  package var accessPoints: Int
  package var devices: Int
  package var ports: Int
  /// Ports that no live connection holds.
  package var freePorts: Int
  package var connections: Int

  package init(_ inventory: Inventory) {
    regions = inventory.regions.count
    accessPoints = inventory.accessPoints.count
    devices = inventory.devices.count
    ports = inventory.devices.reduce(0) { $0 + $1.ports.count }
    // Counted in place: `filter` made a copy of every held connection (1.5 million in `huge`).
    var held = 0
    for connection in inventory.connections.indices
    where inventory.connections[connection].status.holdsPort
      && inventory.connections[connection].port != nil
    {
      held += 1
    }
    freePorts = ports - held
    connections = inventory.connections.count
  }
}
