import Foundation
import Logging
import PatchbayStore
import ServiceLifecycle

/// Removes idempotency keys past their lifetime (24 hours) every ten minutes, so the table
/// holds a day of keys however long the server runs. Several instances may purge at once: each
/// deletes what is old, and none needs the others.
struct IdempotencyKeyPurge: Service {
  let records: any IdempotencyRecords
  let logger: Logger
  var interval: Duration = .seconds(600)

  func run() async throws {
    while !Task.isCancelled, !Task.isShuttingDownGracefully {
      do {
        let removed = try await records.purgeIdempotencyKeys(
          olderThan: Date().addingTimeInterval(-Double(IdempotencyKey.lifetime.components.seconds)))
        if removed > 0 {
          logger.info(
            "idempotency keys past their lifetime removed", metadata: ["keys": "\(removed)"])
        }
      } catch {
        // A busy or unreachable database: the next round tries again.
        logger.warning("idempotency keys not purged", metadata: ["error": "\(error)"])
      }
      do {
        try await gracefulShutdown(after: interval)
      } catch {
        return
      }
    }
  }

  /// Sleeps for `interval`, or less when the server is asked to stop.
  private func gracefulShutdown(after interval: Duration) async throws {
    try await cancelWhenGracefulShutdown {
      try await Task.sleep(for: interval)
    }
  }
}
