import Patchbay

/// The import as a whole: read what the selection needs from NetBox, then map it.
package enum NetBoxImporter {
  /// Device ids per interface query: 50 ids keep the URL short (under 1 KB) for any proxy.
  package static let devicesPerQuery = 50

  /// Reads sites (`slug` filters when sites are given), devices (`role` and `site` filters),
  /// and the interfaces of the devices that will be imported (`device_id` filters), then maps
  /// them (``NetBoxMapping``).
  package static func run(client: NetBoxClient, selection: NetBoxSelection)
    async throws(NetBoxError) -> NetBoxImport
  {
    let siteFilter = (selection.sites ?? []).sorted().map { ("slug", $0) }
    let sites = try await client.list(
      "/api/dcim/sites/", query: siteFilter, what: "sites", read: NetBoxRecordReader.site)
    let roleFilter = selection.deviceRoles.sorted().map { ("role", $0) }
    let deviceSiteFilter = (selection.sites ?? []).sorted().map { ("site", $0) }
    let devices = try await client.list(
      "/api/dcim/devices/", query: roleFilter + deviceSiteFilter, what: "devices",
      read: NetBoxRecordReader.device)
    // Only the devices the mapping keeps need their interfaces.
    let siteSlugs = Set(sites.map(\.slug))
    let wanted = devices.filter { device in
      device.roleSlug.map(selection.deviceRoles.contains) == true
        && device.siteSlug.map { siteSlugs.contains($0) && selection.sites?.contains($0) ?? true }
          == true
        && (device.status ?? "active") == "active"
    }.map(\.id).sorted()
    var interfaces: [NetBoxInterface] = []
    var start = 0
    while start < wanted.count {
      let chunk = wanted[start..<min(start + devicesPerQuery, wanted.count)]
      interfaces += try await client.list(
        "/api/dcim/interfaces/", query: chunk.map { ("device_id", String($0)) },
        what: "interfaces (devices \(start + 1) to \(start + chunk.count) of \(wanted.count))",
        read: NetBoxRecordReader.interface)
      start += chunk.count
    }
    return try NetBoxMapping.inventory(
      from: NetBoxRecords(sites: sites, devices: devices, interfaces: interfaces),
      selection: selection)
  }
}
