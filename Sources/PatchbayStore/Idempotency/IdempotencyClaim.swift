/// What ``IdempotencyRecords/claim(_:fingerprint:now:takeOverAfter:)`` found for a key.
public enum IdempotencyClaim: Sendable, Hashable {
  /// The key is this request's now: do the work, then
  /// ``IdempotencyRecords/complete(_:fingerprint:response:now:)`` or
  /// ``IdempotencyRecords/release(_:fingerprint:)``.
  case claimed
  /// A request with the same key and fingerprint finished: give its answer again, without
  /// doing the work.
  case replay(StoredResponse)
  /// A request with the same key and fingerprint is still running (claimed less than
  /// `takeOverAfter` ago): answer that it is in flight.
  case inFlight
  /// The key was used for another request (another fingerprint): refuse it.
  case reused
}
