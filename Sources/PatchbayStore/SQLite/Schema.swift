internal import GRDB

/// The tables of a provisioning database, as named migrations.
///
/// A migration, once released, never changes: a database records which ones it has, and a later
/// Patchbay adds new ones after them. A database that records a migration this build does not
/// know was written by a newer Patchbay and is refused (``StoreError/newerSchema(_:found:)``)
/// rather than half understood.
enum Schema {
  /// The migrations in the order they run.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in try db.execute(sql: version1) }
    migrator.registerMigration("v2") { db in try db.execute(sql: version2) }
    migrator.registerMigration("v3") { db in try db.execute(sql: version3) }
    migrator.registerMigration("v4") { db in try db.execute(sql: version4) }
    migrator.registerMigration("v5") { db in try db.execute(sql: version5) }
    return migrator
  }

  /// Inventory tables keep the inventory's order in an integer `position` (the rowid), so an
  /// export gives back the file that was imported. Devices are referred to by position inside
  /// `port`, which has one row per port (millions for big inventories): an integer is a fraction
  /// of a device id's bytes. Enumerations are stored by their API spelling, port type sets as
  /// ``PortTypeSet`` bit masks, dates as ISO 8601 text in UTC. Foreign keys from history and
  /// holdings to interfaces are deferred, so a transaction may write them in any order.
  ///
  /// `port_holding` is the one place that says which port is taken: its primary key is the port,
  /// so SQLite itself refuses a port given twice, whatever the callers do.
  static let version1 = """
    CREATE TABLE inventory_info (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      imported_at TEXT NOT NULL
    );

    CREATE TABLE region (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      name TEXT
    );

    CREATE TABLE access_point (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      region TEXT NOT NULL REFERENCES region(id),
      name TEXT,
      status TEXT NOT NULL,
      line_operators TEXT NOT NULL,
      port_types INTEGER NOT NULL
    );

    CREATE TABLE device (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      access_point TEXT NOT NULL REFERENCES access_point(id)
    );
    CREATE INDEX device_by_access_point ON device(access_point);

    CREATE TABLE port (
      device INTEGER NOT NULL REFERENCES device(position),
      position INTEGER NOT NULL,
      name TEXT NOT NULL,
      accepts INTEGER NOT NULL,
      PRIMARY KEY (device, position)
    ) WITHOUT ROWID;

    CREATE TABLE connection (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      access_point TEXT NOT NULL REFERENCES access_point(id),
      device TEXT,
      port TEXT,
      port_type TEXT NOT NULL,
      status TEXT NOT NULL,
      redundant_connection TEXT
    );
    CREATE INDEX connection_by_access_point ON connection(access_point, status);
    CREATE INDEX connection_by_account ON connection(account, status);

    CREATE TABLE whitelist (account TEXT PRIMARY KEY) WITHOUT ROWID;

    CREATE TABLE policy (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      max_pending_per_account INTEGER
    );

    CREATE TABLE interface (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      access_point TEXT NOT NULL,
      line_operator TEXT NOT NULL,
      port_type TEXT NOT NULL,
      redundant_connection TEXT,
      priority INTEGER NOT NULL,
      state TEXT NOT NULL,
      loa TEXT,
      rejection_reason TEXT,
      device TEXT,
      port TEXT,
      delivery TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX interface_by_access_point ON interface(access_point, state);
    CREATE INDEX interface_by_account ON interface(account, state);
    CREATE INDEX interface_by_state ON interface(state);

    CREATE TABLE history (
      interface TEXT NOT NULL REFERENCES interface(id) DEFERRABLE INITIALLY DEFERRED,
      sequence INTEGER NOT NULL,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      from_state TEXT,
      to_state TEXT NOT NULL,
      detail TEXT,
      PRIMARY KEY (interface, sequence)
    ) WITHOUT ROWID;
    CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
    BEGIN
      SELECT RAISE(ABORT, 'history is append-only: an entry is never changed');
    END;
    CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
    BEGIN
      SELECT RAISE(ABORT, 'history is append-only: an entry is never deleted');
    END;

    CREATE TABLE port_holding (
      device TEXT NOT NULL,
      port TEXT NOT NULL,
      connection TEXT REFERENCES connection(id),
      interface TEXT REFERENCES interface(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (device, port),
      CHECK ((connection IS NULL) <> (interface IS NULL))
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX port_holding_by_interface ON port_holding(interface);
    """

  /// The service's needs (issue 11):
  ///
  /// - A listing newest first, filtered by access point or account alone, pages with one seek
  ///   in an index in application order: an index on one column keeps its rows in rowid order
  ///   (the rowid is `position`), so `WHERE access_point = ? AND position < ? ORDER BY position
  ///   DESC` reads just the page. The state (alone, or with either) already has such indexes.
  /// - `idempotency_key` keeps each caller's `Idempotency-Key` with the fingerprint of the
  ///   request that claimed it, and the stored answer once it is done (`state` `done`), so a
  ///   retry to any instance gets the same answer. Times are ISO 8601 text, as elsewhere.
  static let version2 = """
    CREATE INDEX interface_by_access_point_in_order ON interface(access_point);
    CREATE INDEX interface_by_account_in_order ON interface(account);

    CREATE TABLE idempotency_key (
      caller TEXT NOT NULL,
      key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
      status INTEGER,
      content_type TEXT,
      location TEXT,
      body BLOB,
      claimed_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (caller, key)
    ) WITHOUT ROWID;
    CREATE INDEX idempotency_key_by_age ON idempotency_key(created_at);
    """

  /// Issue 15: what the Letter of Authorization names and the per-access-point quota, all
  /// optional (`NULL`: unknown, or no quota), so a database made before keeps working as it was:
  /// an access point's `location` (the data centre's address), a device's `cabinet` (room, row,
  /// cabinet) and `policy.max_connections_per_access_point`.
  static let version3 = """
    ALTER TABLE access_point ADD COLUMN location TEXT;
    ALTER TABLE device ADD COLUMN cabinet TEXT;
    ALTER TABLE policy ADD COLUMN max_connections_per_access_point INTEGER;
    """

  /// Issue 13: fewer indexes for a state change to rewrite. An interface's state was in three
  /// indexes (`(access_point, state)`, `(account, state)`, `state`), so each approval deleted and
  /// inserted six index entries, half of `approve --all`'s `UPDATE`. The two pairs go; every query
  /// they served stays an index lookup on `access_point` or `account` alone (version 2's, which
  /// also end in the application order), the state tested on the rows found: a listing by access
  /// point or account (with a state or not) newest first, the pending count of an account, the
  /// quota count of an account at an access point, and the slice an approval reads. Only
  /// `interface_by_state` still holds the state, for listings by state alone and
  /// `approve --all`'s read of the interfaces in application. Nothing a database holds changes.
  static let version4 = """
    DROP INDEX interface_by_access_point;
    DROP INDEX interface_by_account;
    """

  /// Issue 13, SQLite only: fewer pages for a state change to dirty. `approve --all` on `large`
  /// changed 85,000 of 97,000 interfaces and appended as many history entries, and SQLite wrote
  /// every page it touched to the WAL and again to the file at the checkpoint: 28,700 pages
  /// (118 MB), most of the time of its writing and commit.
  ///
  /// - The LOA (about 375 bytes of JSON, two thirds of an interface's row) moves to a table of its
  ///   own, `interface_loa`, keyed by the interface's `position`: it is written once, when the
  ///   customer applies for the LOA, and an approval now rewrites rows of about 160 bytes. Reads
  ///   join it by rowid.
  /// - `history` becomes a rowid table with a unique index on `(interface, sequence)`: entries are
  ///   appended at the table's end, and only the small index takes them among the older ones
  ///   (the rows were kept in `(interface, sequence)` order, so every approval's entry landed
  ///   next to its interface's older ones, on nearly every page of the table). The triggers that
  ///   keep it append-only come back with it.
  ///
  /// - `port_holding`'s foreign key on `connection` becomes deferred, like its key on
  ///   `interface`: SQLite keeps a statement journal (a copy of every page a statement changes)
  ///   for a statement that writes several rows under an immediate foreign key, so the holdings
  ///   of a batch had to be inserted one statement each. Now a run of them is one `INSERT OR
  ///   FAIL`. The table is copied as it is.
  ///
  /// Together these halve the pages an `approve --all` writes (14,650 against 28,711, measured
  /// with the same statements on the same database). What a database holds is not changed.
  static let version5 = """
    CREATE TABLE interface_loa (
      interface INTEGER PRIMARY KEY REFERENCES interface(position) DEFERRABLE INITIALLY DEFERRED,
      loa TEXT NOT NULL
    );
    INSERT INTO interface_loa (interface, loa)
      SELECT position, loa FROM interface WHERE loa IS NOT NULL ORDER BY position;
    ALTER TABLE interface DROP COLUMN loa;

    CREATE TABLE history_appended (
      position INTEGER PRIMARY KEY,
      interface TEXT NOT NULL REFERENCES interface(id) DEFERRABLE INITIALLY DEFERRED,
      sequence INTEGER NOT NULL,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      from_state TEXT,
      to_state TEXT NOT NULL,
      detail TEXT
    );
    INSERT INTO history_appended (interface, sequence, at, action, from_state, to_state, detail)
      SELECT interface, sequence, at, action, from_state, to_state, detail FROM history
      ORDER BY interface, sequence;
    DROP TABLE history;
    ALTER TABLE history_appended RENAME TO history;
    CREATE UNIQUE INDEX history_by_interface ON history(interface, sequence);
    CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
    BEGIN
      SELECT RAISE(ABORT, 'history is append-only: an entry is never changed');
    END;
    CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
    BEGIN
      SELECT RAISE(ABORT, 'history is append-only: an entry is never deleted');
    END;

    CREATE TABLE port_holding_deferred (
      device TEXT NOT NULL,
      port TEXT NOT NULL,
      connection TEXT REFERENCES connection(id) DEFERRABLE INITIALLY DEFERRED,
      interface TEXT REFERENCES interface(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (device, port),
      CHECK ((connection IS NULL) <> (interface IS NULL))
    ) WITHOUT ROWID;
    INSERT INTO port_holding_deferred (device, port, connection, interface)
      SELECT device, port, connection, interface FROM port_holding ORDER BY device, port;
    DROP TABLE port_holding;
    ALTER TABLE port_holding_deferred RENAME TO port_holding;
    CREATE UNIQUE INDEX port_holding_by_interface ON port_holding(interface);
    """
}
