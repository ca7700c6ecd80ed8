import Foundation
import Patchbay
import PatchbayServer
import PatchbayStore
import PatchbaySynthetic

/// The data centre the servers serve: plenty of free ports, so that no approval of the test is
/// refused for want of one, and small access points (8 compact devices, 576 ports), since an
/// approval reads its access point's ports and connections.
enum DataCentre {
  static let devicesPerAccessPoint = 8
  /// At most this many of the test's approvals per access point: about 40% of its ports
  /// (`compact` cages, 5% held before the test), which leaves every port type room.
  static let approvalsPerAccessPoint = 220

  /// The settings for a test that approves `needed` interfaces: valid single requests (no
  /// pairs, no mistakes, every account whitelisted for 40G and 100G), spread evenly over at
  /// least 20 access points.
  static func settings(for needed: Int) -> GeneratorSettings {
    let accessPoints = max(20, (needed + approvalsPerAccessPoint - 1) / approvalsPerAccessPoint)
    return GeneratorSettings(
      regions: 4, accessPoints: accessPoints, devicesPerAccessPoint: devicesPerAccessPoint,
      cageMix: .compact, prefill: 0.05,
      // Some requests may still be refused (an operator the access point lacks): a margin.
      requests: needed + needed / 20 + 20,
      pairShare: 0, mixedPairShare: 0, crossAccessPointPairShare: 0, skew: 0,
      whitelistShare: 1, invalidShare: 0, priorities: 1)
  }
}

/// The database of one run of the test, its interfaces in application and the operator's
/// token, in a work folder of this process.
struct Setup: Sendable {
  /// What `patchbay serve --db` takes.
  let database: String
  let tokensFile: String
  let token: String
  /// In application, in the order the clients take them.
  let interfaces: [InterfaceID]
  let ports: Int
  let accessPoints: Int

  static func make(
    options: Options, postgres: PostgresServer?, folder: String, needed: Int
  ) async throws -> Setup {
    let settings = DataCentre.settings(for: needed)
    var started = ContinuousClock.now
    let centre = SyntheticDataCentre(settings: settings, seed: 1)
    let database: String
    let store: any ProvisioningStore
    var close: @Sendable () async -> Void = {}
    switch options.backend {
    case .sqlite:
      database = folder + "/load.db"
      let created = try await SQLiteStore.create(path: database)
      try await created.importInventory(centre.inventory)
      store = created
    case .postgres:
      guard let postgres else { throw LoadError("no PostgreSQL server for --backend postgres") }
      let url = try postgres.createDatabase()
      database = url.description
      let created = try await PostgresStore.create(url: url)
      do {
        try await created.importInventory(centre.inventory)
      } catch {
        await created.close()
        throw error
      }
      await created.close()
      let opened = try await PostgresStore(url: url, connectionLimit: 4)
      store = opened
      close = { await opened.close() }
    }
    let ports = centre.inventory.devices.reduce(0) { $0 + $1.ports.count }
    progress(
      "setup: \(ports) ports at \(settings.accessPoints) access points "
        + "imported", since: started)
    started = ContinuousClock.now
    let ids: [InterfaceID]
    do {
      ids = try await bringIntoApplication(
        centre.requests, on: store, workers: options.backend == .postgres ? 4 : 1)
    } catch {
      await close()
      throw error
    }
    await close()
    progress("setup: \(ids.count) interfaces in application", since: started)
    guard ids.count >= needed else {
      throw LoadError(
        "setup: only \(ids.count) of \(centre.requests.count) requests came into application; "
          + "the test needs \(needed): fewer --approvals or client counts")
    }
    let tokensFile = folder + "/tokens.json"
    let token = try TokenFile.create(
      path: tokensFile, role: .operator, account: nil, name: "load-test-operator")
    return Setup(
      database: database, tokensFile: tokensFile, token: token, interfaces: ids,
      ports: ports, accessPoints: settings.accessPoints)
  }

  /// Applies the whole backlog in one transaction (`apply(all:)`), then applies for each
  /// LOA, `workers` at once; the interfaces in application, in the requests' order. Requests
  /// the validator refuses are left out.
  private static func bringIntoApplication(
    _ requests: [Request], on store: any ProvisioningStore, workers: Int
  ) async throws -> [InterfaceID] {
    let provisioner = Provisioner(store: store)
    let outcomes = try await provisioner.apply(all: requests)
    let ids = outcomes.compactMap { $0.interface?.id }
    let loa = try letter()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<workers {
        group.addTask {
          for index in stride(from: worker, to: ids.count, by: workers) {
            _ = try await provisioner.applyForLOA(ids[index], loa: loa)
          }
        }
      }
      try await group.waitForAll()
    }
    return ids
  }

  private static func letter() throws -> LetterOfAuthorization {
    try LetterOfAuthorization(
      companyName: "Example Trading Co.", constructionCompany: "Cabling Ltd",
      constructionType: .fibre, scheduledConstructionTime: Date(timeIntervalSinceNow: 86_400 * 365),
      fieldEngineers: [
        try FieldEngineer(
          name: "Li Wei", contact: "+86 138 0000 0000", certificateType: .idCard,
          certificateNumber: "330100199001010000")
      ])
  }
}

/// A line of progress on standard error, with the seconds since `started`.
func progress(_ what: String, since started: ContinuousClock.Instant? = nil) {
  var line = what
  if let started {
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    line += " (\(String(format: "%.1f", seconds)) s)"
  }
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
