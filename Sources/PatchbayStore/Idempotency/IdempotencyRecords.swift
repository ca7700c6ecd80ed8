import Foundation

/// The database's record of `Idempotency-Key`s (table `idempotency_key`), shared by every
/// instance of a service on the same database, so that a retry sent to another instance is
/// still recognised. ``SQLiteStore`` and ``PostgresStore`` keep it.
///
/// A request's life: ``claim(_:fingerprint:now:takeOverAfter:)`` before the work; after it,
/// ``complete(_:fingerprint:response:now:)`` to keep the answer, or
/// ``release(_:fingerprint:)`` when the answer is not to be kept (a busy database: the retry
/// should do the work). ``purgeIdempotencyKeys(olderThan:)`` removes old keys.
///
/// Each call is one short transaction of its own, apart from the lifecycle's: on PostgreSQL it
/// takes no lock of the lifecycle's, so a claim never waits behind a batch approval (on SQLite
/// every write, a claim too, takes the file's one write lock). A store opened read-only refuses
/// every call with ``/Patchbay/StoreError/Kind/unavailable``; a database that stays
/// locked past the store's `busyTimeout` is ``/Patchbay/StoreError/Kind/busy``.
public protocol IdempotencyRecords: Sendable {
  /// Claims `key` for the request whose fingerprint (method, path and body, as the caller
  /// makes it) is `fingerprint`.
  ///
  /// - A key not kept, or first claimed more than ``IdempotencyKey/lifetime`` before `now`: it
  ///   is (again) this request's, in flight since `now`: ``IdempotencyClaim/claimed``.
  /// - A key kept with another fingerprint: ``IdempotencyClaim/reused``.
  /// - A key whose request finished: ``IdempotencyClaim/replay(_:)`` with its answer.
  /// - A key in flight since `takeOverAfter` or longer (its request never finished: its
  ///   instance died): taken over, in flight since `now`: ``IdempotencyClaim/claimed``.
  /// - A key in flight for less: ``IdempotencyClaim/inFlight``.
  ///
  /// - Parameters:
  ///   - key: the caller's key.
  ///   - fingerprint: what identifies the request's content; the same request sent again has
  ///     the same one.
  ///   - now: the time of the claim.
  ///   - takeOverAfter: how long a claim may stay in flight before another request with the
  ///     same fingerprint takes it over.
  func claim(_ key: IdempotencyKey, fingerprint: String, now: Date, takeOverAfter: Duration)
    async throws -> IdempotencyClaim

  /// Keeps `response` as the answer of the request that claimed `key`, for retries to replay.
  /// Does nothing when the key is no longer this fingerprint's claim in flight (it was
  /// released, purged, or another request finished it first).
  ///
  /// - Parameters:
  ///   - key: the claimed key.
  ///   - fingerprint: the fingerprint it was claimed with.
  ///   - response: the answer to keep.
  ///   - now: when the request finished; kept as the key's `claimed_at`.
  func complete(_ key: IdempotencyKey, fingerprint: String, response: StoredResponse, now: Date)
    async throws

  /// Forgets the claim of `key` by the request of `fingerprint` while it is in flight, so that
  /// a retry does the work. Does nothing for a finished key or another fingerprint's.
  ///
  /// - Parameters:
  ///   - key: the claimed key.
  ///   - fingerprint: the fingerprint it was claimed with.
  func release(_ key: IdempotencyKey, fingerprint: String) async throws

  /// Removes every key first claimed before `date`, finished or not.
  ///
  /// - Parameter date: the oldest claim time kept (`now` minus ``IdempotencyKey/lifetime``).
  /// - Returns: how many keys were removed.
  func purgeIdempotencyKeys(olderThan date: Date) async throws -> Int
}

extension IdempotencyKey {
  /// Whether a key first claimed at `created` is past its ``lifetime`` at `now`.
  static func expired(created: Date, now: Date) -> Bool {
    now.timeIntervalSince(created) > seconds(lifetime)
  }

  /// Whether a claim in flight since `claimed` may be taken over at `now`.
  static func abandoned(claimed: Date, now: Date, takeOverAfter: Duration) -> Bool {
    now.timeIntervalSince(claimed) >= seconds(takeOverAfter)
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
