/// Whether a store (``SQLiteStore``, ``PostgresStore``) may write.
public struct StoreAccess: Sendable, Hashable {
  let writes: Bool

  /// Reads only: nothing is created, migrated or locked for writing, and a read never waits for
  /// a writer. On SQLite the file is opened read-only, so a file (and a folder) this process may
  /// only read works; on PostgreSQL every transaction is `READ ONLY`. `write(_:)` and
  /// `importInventory(_:)` throw.
  public static let readOnly = StoreAccess(writes: false)
  /// Reads and writes; an older schema is brought up to date on opening.
  public static let readWrite = StoreAccess(writes: true)
}
