import Foundation
import GRDB
import Patchbay
import PatchbaySynthetic
import Testing

@testable import PatchbayStore

/// A store opened with checkpoints at close (`approve --all` on the command line) leaves what it
/// commits in the write-ahead log until ``SQLiteStore/close()``, which copies it into the file
/// and removes the log; SQLite's default copies it at the end of a big commit.
@Suite struct CheckpointTests {
  /// Bytes of the file at `path`, 0 when there is none.
  static func size(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  @Test(arguments: [SQLiteStore.Checkpoints.atClose, .afterCommits])
  func whereACommitOfThousandsOfPagesGoes(_ checkpoints: SQLiteStore.Checkpoints) async throws {
    let path = try StoreFixtures.databasePath()
    defer { StoreFixtures.removeDatabase(path) }
    do { _ = try await SQLiteStore.create(path: path) }
    let empty = Self.size(path)
    // The medium data centre: thousands of pages, far past SQLite's 1,000-page threshold.
    let inventory = SyntheticDataCentre(settings: .preset(.medium), seed: 1).inventory
    let store = try await SQLiteStore(
      path: path, access: .readWrite, busyTimeout: 10, checkpoints: checkpoints)
    try await store.importInventory(inventory)
    let afterCommit = Self.size(path)
    #expect(Self.size(path + "-wal") > 4_000_000)
    switch checkpoints {
    case .atClose: #expect(afterCommit == empty, "the file grew before the store was closed")
    case .afterCommits: #expect(afterCommit > 4_000_000, "the commit copied the log into the file")
    }
    await store.close()
    #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    #expect(Self.size(path) > 4_000_000)
    let reopened = try await SQLiteStore(path: path, access: .readOnly)
    let connections = try await reopened.read { try await $0.slice(.all) }.connections
    #expect(connections == inventory.connections)
  }
}
