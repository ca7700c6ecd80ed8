import Foundation

/// The tables of a provisioning database on PostgreSQL, as named migrations, in a schema of
/// their own (`patchbay`) so that they share a database with other applications' tables without
/// meeting them.
///
/// The same tables as on SQLite (see the SQLite store's `Schema`), in PostgreSQL's types:
/// `timestamptz` for times (written and read as the same ISO 8601 text with milliseconds, so an
/// export is byte for byte the SQLite one), `smallint` bit masks for port type sets, the LOA and
/// the delivery report as the JSON text the SQLite store keeps.
///
/// `schema_version` records each migration applied; a database that records one this build does
/// not know was written by a newer Patchbay and is refused by name. Migrations run under a
/// transaction-scoped advisory lock, so instances starting together apply each one once.
enum PostgresSchema {
  /// The schema (namespace) every table is in.
  static let name = "patchbay"

  /// The migrations in the order they run; a released one never changes.
  static let migrations: [(version: String, sql: String)] = [
    ("v1", version1), ("v2", version2), ("v3", version3), ("v4", version4),
  ]

  /// The newest version this build knows.
  static var current: String { migrations[migrations.count - 1].version }

  /// `port_holding`'s primary key is the port: PostgreSQL itself refuses a port given twice,
  /// whatever the callers do. History is append-only: a trigger refuses any change to an entry,
  /// its deletion and a `TRUNCATE`.
  static let version1 = """
    CREATE TABLE patchbay.inventory_info (
      singleton integer PRIMARY KEY CHECK (singleton = 1),
      imported_at timestamptz NOT NULL
    );

    CREATE TABLE patchbay.region (
      position integer PRIMARY KEY,
      id text NOT NULL UNIQUE,
      name text
    );

    CREATE TABLE patchbay.access_point (
      position integer PRIMARY KEY,
      id text NOT NULL UNIQUE,
      region text NOT NULL REFERENCES patchbay.region(id),
      name text,
      status text NOT NULL,
      line_operators text NOT NULL,
      port_types smallint NOT NULL
    );

    CREATE TABLE patchbay.device (
      position integer PRIMARY KEY,
      id text NOT NULL UNIQUE,
      access_point text NOT NULL REFERENCES patchbay.access_point(id)
    );
    CREATE INDEX device_by_access_point ON patchbay.device(access_point);

    CREATE TABLE patchbay.port (
      device integer NOT NULL REFERENCES patchbay.device(position),
      position integer NOT NULL,
      name text NOT NULL,
      accepts smallint NOT NULL,
      PRIMARY KEY (device, position)
    );

    CREATE TABLE patchbay.connection (
      position integer PRIMARY KEY,
      id text NOT NULL UNIQUE,
      account text NOT NULL,
      access_point text NOT NULL REFERENCES patchbay.access_point(id),
      device text,
      port text,
      port_type text NOT NULL,
      status text NOT NULL,
      redundant_connection text
    );
    CREATE INDEX connection_by_access_point ON patchbay.connection(access_point, status);
    CREATE INDEX connection_by_account ON patchbay.connection(account, status);

    CREATE TABLE patchbay.whitelist (account text PRIMARY KEY);

    CREATE TABLE patchbay.policy (
      singleton integer PRIMARY KEY CHECK (singleton = 1),
      max_pending_per_account integer
    );

    CREATE TABLE patchbay.interface (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      account text NOT NULL,
      region text NOT NULL,
      access_point text NOT NULL,
      line_operator text NOT NULL,
      port_type text NOT NULL,
      redundant_connection text,
      priority integer NOT NULL,
      state text NOT NULL,
      loa text,
      rejection_reason text,
      device text,
      port text,
      delivery text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX interface_by_access_point ON patchbay.interface(access_point, state);
    CREATE INDEX interface_by_account ON patchbay.interface(account, state);
    CREATE INDEX interface_by_state ON patchbay.interface(state);

    CREATE TABLE patchbay.history (
      interface text NOT NULL
        REFERENCES patchbay.interface(id) DEFERRABLE INITIALLY DEFERRED,
      sequence integer NOT NULL,
      at timestamptz NOT NULL,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      detail text,
      PRIMARY KEY (interface, sequence)
    );
    CREATE FUNCTION patchbay.history_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'history is append-only: an entry is never changed or deleted (%)', TG_OP
        USING ERRCODE = 'restrict_violation';
    END
    $$;
    CREATE TRIGGER history_is_append_only BEFORE UPDATE OR DELETE ON patchbay.history
      FOR EACH ROW EXECUTE FUNCTION patchbay.history_is_append_only();
    CREATE TRIGGER history_is_never_truncated BEFORE TRUNCATE ON patchbay.history
      FOR EACH STATEMENT EXECUTE FUNCTION patchbay.history_is_append_only();

    CREATE TABLE patchbay.port_holding (
      device text NOT NULL,
      port text NOT NULL,
      connection text REFERENCES patchbay.connection(id),
      interface text REFERENCES patchbay.interface(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (device, port),
      CHECK ((connection IS NULL) <> (interface IS NULL))
    );
    CREATE UNIQUE INDEX port_holding_by_interface ON patchbay.port_holding(interface);
    """
}

extension PostgresSchema {
  /// The service's needs (issue 11), as on SQLite (`Schema.version2`):
  ///
  /// - Indexes in application order (`position`) for a listing newest first filtered by state,
  ///   access point or account, so a page is one seek however deep it is.
  /// - `idempotency_key`: each caller's `Idempotency-Key`, the fingerprint of the request that
  ///   claimed it, and the stored answer once it is done.
  ///
  /// The three indexes on state, access point and state, and account and state gain `position`
  /// as their last column and replace version 1's (a prefix serves every query those served),
  /// so the interface table keeps two indexes more, not five, for every approval to update.
  static let version2 = """
    DROP INDEX patchbay.interface_by_state;
    DROP INDEX patchbay.interface_by_access_point;
    DROP INDEX patchbay.interface_by_account;
    CREATE INDEX interface_by_state_in_order ON patchbay.interface(state, position);
    CREATE INDEX interface_by_access_point_in_order
      ON patchbay.interface(access_point, state, position);
    CREATE INDEX interface_by_account_in_order ON patchbay.interface(account, state, position);
    CREATE INDEX interface_by_access_point_only_in_order
      ON patchbay.interface(access_point, position);
    CREATE INDEX interface_by_account_only_in_order ON patchbay.interface(account, position);

    CREATE TABLE patchbay.idempotency_key (
      caller text NOT NULL,
      key text NOT NULL,
      fingerprint text NOT NULL,
      state text NOT NULL CHECK (state IN ('in_flight', 'done')),
      status integer,
      content_type text,
      location text,
      body bytea,
      claimed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (caller, key)
    );
    CREATE INDEX idempotency_key_by_age ON patchbay.idempotency_key(created_at);
    """

  /// Issue 15, as on SQLite (`Schema.version3`): an access point's `location` (the data
  /// centre's address), a device's `cabinet` and `policy.max_connections_per_access_point`, all
  /// optional (`NULL`: unknown, or no quota), so a database made before keeps working as it was.
  static let version3 = """
    ALTER TABLE patchbay.access_point ADD COLUMN location text;
    ALTER TABLE patchbay.device ADD COLUMN cabinet text;
    ALTER TABLE patchbay.policy ADD COLUMN max_connections_per_access_point integer;
    """

  /// Issue 13, as on SQLite (`Schema.version4`): the indexes on access point and state, and on
  /// account and state, go; their queries seek in the indexes on access point and on account
  /// alone (both end in `position`) and test the state on the rows found. A state change then
  /// writes entries in one index with the state, not three.
  static let version4 = """
    DROP INDEX patchbay.interface_by_access_point_in_order;
    DROP INDEX patchbay.interface_by_account_in_order;
    """

  /// A migration's statements one by one (PostgreSQL's extended protocol runs one statement per
  /// query): split after each line that ends with `;`, except inside a `$$` function body.
  static func statements(_ sql: String) -> [String] {
    var statements: [String] = []
    var current: [Substring] = []
    var inBody = false
    for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
      current.append(line)
      if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
      if !inBody, line.hasSuffix(";") {
        statements.append(current.joined(separator: "\n"))
        current = []
      }
    }
    let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    if !rest.isEmpty { statements.append(rest) }
    return statements
  }
}
