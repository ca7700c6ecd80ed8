import Foundation
import Patchbay
internal import PostgresNIO

/// `Idempotency-Key`s in `patchbay.idempotency_key`. Each call is one short `READ COMMITTED`
/// transaction that takes none of the lifecycle's advisory locks, so a claim never waits behind
/// a batch approval. Two claims of one key meet on the row: `INSERT ... ON CONFLICT DO NOTHING`
/// lets exactly one insert it, and the others read it `FOR UPDATE`, after that one committed.
extension PostgresStore: IdempotencyRecords {
  public func claim(
    _ key: IdempotencyKey, fingerprint: String, now: Date, takeOverAfter: Duration
  ) async throws -> IdempotencyClaim {
    try requireWrites()
    let time = StoredValues.text(now)
    let database = url.description
    return try await retrying { transaction in
      // A row deleted (released, purged) between the insert and the read is looked for again.
      for _ in 0..<3 {
        let inserted = try await transaction.query(
          """
          INSERT INTO patchbay.idempotency_key
            (caller, key, fingerprint, state, claimed_at, created_at)
          VALUES (\(key.caller), \(key.key), \(fingerprint), 'in_flight', \(time)::timestamptz,
            \(time)::timestamptz)
          ON CONFLICT (caller, key) DO NOTHING RETURNING 1
          """)
        if try await PostgresTransaction.count(inserted) == 1 { return .claimed }
        let rows = try await transaction.query(
          """
          SELECT fingerprint, state, status, content_type, location, body,
            \(unescaped: PostgresRecords.isoText("claimed_at")),
            \(unescaped: PostgresRecords.isoText("created_at"))
          FROM patchbay.idempotency_key WHERE caller = \(key.caller) AND key = \(key.key)
          FOR UPDATE
          """)
        var found: (String, String, Int?, String?, String?, Data?, String, String)?
        for try await row in rows.decode(
          (String, String, Int?, String?, String?, Data?, String, String).self)
        {
          found = row
        }
        if let (stored, state, status, contentType, location, body, claimed, created) = found {
          let what = "idempotency key \(key.key) of \(key.caller)"
          let createdAt = try StoredValues.date(created, "\(what) created_at")
          if IdempotencyKey.expired(created: createdAt, now: now) {
            try await transaction.execute(
              """
              UPDATE patchbay.idempotency_key
              SET fingerprint = \(fingerprint), state = 'in_flight', status = NULL,
                content_type = NULL, location = NULL, body = NULL,
                claimed_at = \(time)::timestamptz, created_at = \(time)::timestamptz
              WHERE caller = \(key.caller) AND key = \(key.key)
              """)
            return .claimed
          }
          guard stored == fingerprint else { return .reused }
          if state == "done" {
            guard let status, let contentType else {
              throw UnreadableValue(description: "\(what) is done but has no stored answer")
            }
            return .replay(
              StoredResponse(
                status: status, contentType: contentType, location: location,
                body: Array(body ?? Data())))
          }
          let claimedAt = try StoredValues.date(claimed, "\(what) claimed_at")
          guard
            IdempotencyKey.abandoned(claimed: claimedAt, now: now, takeOverAfter: takeOverAfter)
          else { return .inFlight }
          try await transaction.execute(
            """
            UPDATE patchbay.idempotency_key SET claimed_at = \(time)::timestamptz
            WHERE caller = \(key.caller) AND key = \(key.key)
            """)
          return .claimed
        }
      }
      throw StoreError.unavailable(
        database,
        reason: "idempotency key \(key.key) of \(key.caller) kept disappearing while it was "
          + "claimed; retry")
    }
  }

  public func complete(
    _ key: IdempotencyKey, fingerprint: String, response: StoredResponse, now: Date
  ) async throws {
    try requireWrites()
    let time = StoredValues.text(now)
    let body = Data(response.body)
    try await retrying { transaction in
      try await transaction.execute(
        """
        UPDATE patchbay.idempotency_key
        SET state = 'done', status = \(response.status), content_type = \(response.contentType),
          location = \(response.location), body = \(body), claimed_at = \(time)::timestamptz
        WHERE caller = \(key.caller) AND key = \(key.key) AND fingerprint = \(fingerprint)
          AND state = 'in_flight'
        """)
    }
  }

  public func release(_ key: IdempotencyKey, fingerprint: String) async throws {
    try requireWrites()
    try await retrying { transaction in
      try await transaction.execute(
        """
        DELETE FROM patchbay.idempotency_key
        WHERE caller = \(key.caller) AND key = \(key.key) AND fingerprint = \(fingerprint)
          AND state = 'in_flight'
        """)
    }
  }

  public func purgeIdempotencyKeys(olderThan date: Date) async throws -> Int {
    try requireWrites()
    let time = StoredValues.text(date)
    return try await retrying { transaction in
      let deleted = try await transaction.query(
        """
        DELETE FROM patchbay.idempotency_key WHERE created_at < \(time)::timestamptz
        RETURNING 1
        """)
      return try await PostgresTransaction.count(deleted)
    }
  }
}
