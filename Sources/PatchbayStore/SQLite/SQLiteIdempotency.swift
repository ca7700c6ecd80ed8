import Foundation
internal import GRDB
import Patchbay

/// `Idempotency-Key`s in the SQLite file: each call is one `BEGIN IMMEDIATE` transaction, so a
/// claim reads and writes the key under the file's write lock, and two claims of one key (from
/// two processes too) take turns: exactly one of them finds the key free.
extension SQLiteStore: IdempotencyRecords {
  public func claim(
    _ key: IdempotencyKey, fingerprint: String, now: Date, takeOverAfter: Duration
  ) async throws -> IdempotencyClaim {
    try await writing { db in
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: """
            SELECT fingerprint, state, status, content_type, location, body, claimed_at,
              created_at
            FROM idempotency_key WHERE caller = ? AND key = ?
            """),
        arguments: [key.caller, key.key])
      let what = "idempotency key \(key.key) of \(key.caller)"
      if let row {
        let created = try StoredValues.date(try row.string(7), "\(what) created_at")
        if !IdempotencyKey.expired(created: created, now: now) {
          guard try row.string(0) == fingerprint else { return .reused }
          if try row.string(1) == "done" {
            let status = try row.optional(2, as: Int64.self)
            guard let status, let contentType = try row.optionalString(3) else {
              throw UnreadableValue(description: "\(what) is done but has no stored answer")
            }
            let body = try row.optional(5, as: Data.self)
            return .replay(
              StoredResponse(
                status: Int(status), contentType: contentType,
                location: try row.optionalString(4), body: Array(body ?? Data())))
          }
          let claimed = try StoredValues.date(try row.string(6), "\(what) claimed_at")
          guard IdempotencyKey.abandoned(claimed: claimed, now: now, takeOverAfter: takeOverAfter)
          else { return .inFlight }
          try db.cachedStatement(
            sql: "UPDATE idempotency_key SET claimed_at = ? WHERE caller = ? AND key = ?"
          ).execute(arguments: [StoredValues.text(now), key.caller, key.key])
          return .claimed
        }
      }
      try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO idempotency_key
            (caller, key, fingerprint, state, claimed_at, created_at)
          VALUES (?, ?, ?, 'in_flight', ?, ?)
          """
      ).execute(
        arguments: [
          key.caller, key.key, fingerprint, StoredValues.text(now), StoredValues.text(now),
        ])
      return .claimed
    }
  }

  public func complete(
    _ key: IdempotencyKey, fingerprint: String, response: StoredResponse, now: Date
  ) async throws {
    try await writing { db in
      try db.cachedStatement(
        sql: """
          UPDATE idempotency_key
          SET state = 'done', status = ?, content_type = ?, location = ?, body = ?,
            claimed_at = ?
          WHERE caller = ? AND key = ? AND fingerprint = ? AND state = 'in_flight'
          """
      ).execute(
        arguments: [
          response.status, response.contentType, response.location, Data(response.body),
          StoredValues.text(now), key.caller, key.key, fingerprint,
        ])
    }
  }

  public func release(_ key: IdempotencyKey, fingerprint: String) async throws {
    try await writing { db in
      try db.cachedStatement(
        sql: """
          DELETE FROM idempotency_key
          WHERE caller = ? AND key = ? AND fingerprint = ? AND state = 'in_flight'
          """
      ).execute(arguments: [key.caller, key.key, fingerprint])
    }
  }

  public func purgeIdempotencyKeys(olderThan date: Date) async throws -> Int {
    try await writing { db in
      try db.cachedStatement(sql: "DELETE FROM idempotency_key WHERE created_at < ?")
        .execute(arguments: [StoredValues.text(date)])
      return db.changesCount
    }
  }

  /// Runs `body` in one `BEGIN IMMEDIATE` transaction on the writer connection, with the
  /// store's errors; refused on a read-only store, and inside a transaction body of this store
  /// (it would wait for the writer connection that body holds).
  private func writing<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
    async throws -> T
  {
    try requireWrites()
    if Self.runningBody == ObjectIdentifier(self) {
      throw StoreError.unavailable(
        path, reason: "an idempotency key was used inside a transaction of the same store")
    }
    let pool = pool
    let path = path
    return try await errors.mapping {
      try await pool.writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        guard let result else {
          throw StoreError.unavailable(path, reason: "a transaction committed without a result")
        }
        return result
      }
    }
  }
}
