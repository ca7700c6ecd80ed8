import Patchbay

/// The import as a whole: read what the selection needs from NetBox, then map it.
package enum NetBoxImporter {
  /// Device ids per interface query: 50 ids keep the URL short (under 1 KB) for any proxy.
  package static let devicesPerQuery = 50
  /// Interface queries in flight at once: NetBox takes a second or more for a page of 1000
  /// interfaces, and answers several at a time; more would only load it.
  package static let queriesInFlight = 4

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
    }.map(\.id)
    let wantedOnce = Array(Set(wanted)).sorted()
    let interfaces = try await interfaces(of: wantedOnce, client: client)
    return try NetBoxMapping.inventory(
      from: NetBoxRecords(sites: sites, devices: devices, interfaces: interfaces),
      selection: selection)
  }

  /// The interfaces of `devices`, 50 devices a query, up to ``queriesInFlight`` queries at once.
  /// The first query to fail stops the others (cancelled), and its error is the one thrown.
  private static func interfaces(of devices: [Int], client: NetBoxClient)
    async throws(NetBoxError) -> [NetBoxInterface]
  {
    let chunks = stride(from: 0, to: devices.count, by: devicesPerQuery).map {
      (start: $0, ids: Array(devices[$0..<min($0 + devicesPerQuery, devices.count)]))
    }
    var pages = [[NetBoxInterface]](repeating: [], count: chunks.count)
    var failure: NetBoxError?
    await withTaskGroup(of: (Int, Result<[NetBoxInterface], NetBoxError>).self) { group in
      var next = 0
      var running = 0
      while true {
        while failure == nil && next < chunks.count && running < queriesInFlight {
          let index = next
          let chunk = chunks[index]
          group.addTask {
            do throws(NetBoxError) {
              let found = try await client.list(
                "/api/dcim/interfaces/", query: chunk.ids.map { ("device_id", String($0)) },
                what: "interfaces (devices \(chunk.start + 1) to "
                  + "\(chunk.start + chunk.ids.count) of \(devices.count))",
                read: NetBoxRecordReader.interface)
              return (index, .success(found))
            } catch {
              return (index, .failure(error))
            }
          }
          next += 1
          running += 1
        }
        guard let (index, result) = await group.next() else { break }
        running -= 1
        switch result {
        case .success(let found): pages[index] = found
        case .failure(let error):
          // The first to fail is the cause; the others fail because they were cancelled.
          if failure == nil { failure = error }
          group.cancelAll()
        }
      }
    }
    if let failure { throw failure }
    return pages.flatMap { $0 }
  }
}
