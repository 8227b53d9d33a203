/**
 * The SQLite schema, as an ordered list of versioned migrations embedded in TypeScript.
 *
 * Owns: every DDL statement of the SQLite backend. Must never: edit a migration that has shipped
 * (databases in the field already ran it; add a new version instead), or hold data changes that depend
 * on the service layer. The SQL lives here rather than in `.sql` files because `tsc` does not copy
 * non-TS files into dist/, and a build that silently loses its schema is worse than a long string.
 *
 * Conventions: every table is STRICT (SQLite refuses a value of the wrong type instead of coercing it,
 * so a bug writes nothing rather than something odd); times are integer milliseconds since the epoch,
 * columns suffixed `_ms`; booleans are INTEGER 0/1 with a CHECK.
 */

/** One schema step. `version` starts at 1 and increases by exactly 1 per entry. */
export interface Migration {
  readonly version: number;
  /** Short snake_case description, stored in schema_migrations for operators. */
  readonly name: string;
  readonly sql: string;
}

/** All migrations in the order they are applied. The last entry's version is the schema version. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE keys (
        key_id           TEXT    NOT NULL PRIMARY KEY,
        account_id       TEXT    NOT NULL,
        region           TEXT    NOT NULL,
        arn              TEXT    NOT NULL,
        creation_date_ms INTEGER NOT NULL,
        description      TEXT    NOT NULL,
        key_usage        TEXT    NOT NULL,
        key_spec         TEXT    NOT NULL,
        origin           TEXT    NOT NULL,
        key_manager      TEXT    NOT NULL,
        key_state        TEXT    NOT NULL,
        deletion_date_ms INTEGER,
        multi_region     INTEGER NOT NULL CHECK (multi_region IN (0, 1)),
        policy           TEXT    NOT NULL,
        tags_json        TEXT    NOT NULL,
        current_version  INTEGER NOT NULL,
        revision         INTEGER NOT NULL
      ) STRICT;

      -- ListKeys walks one scope in key-id order; this index is that walk.
      CREATE INDEX keys_by_scope ON keys (account_id, region, key_id);

      CREATE TABLE key_material (
        key_id      TEXT    NOT NULL REFERENCES keys (key_id),
        version     INTEGER NOT NULL,
        material_id TEXT    NOT NULL,
        sealed      BLOB    NOT NULL,
        created_ms  INTEGER NOT NULL,
        PRIMARY KEY (key_id, version)
      ) STRICT;

      -- No foreign key to keys: whether the target exists (in the caller's scope) is a service rule,
      -- and the in-memory backend has no such constraint, so both backends accept the same writes.
      -- The index serves ListAliases filtered by KeyId, and "every alias of this key" on deletion.
      CREATE TABLE aliases (
        account_id              TEXT    NOT NULL,
        region                  TEXT    NOT NULL,
        alias_name              TEXT    NOT NULL,
        target_key_id           TEXT    NOT NULL,
        creation_date_ms        INTEGER NOT NULL,
        last_updated_date_ms    INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, alias_name)
      ) STRICT;

      CREATE INDEX aliases_by_target ON aliases (target_key_id, account_id, region, alias_name);

      CREATE TABLE access_keys (
        access_key_id  TEXT    NOT NULL PRIMARY KEY,
        account_id     TEXT    NOT NULL,
        principal_arn  TEXT    NOT NULL,
        sealed_secret  BLOB    NOT NULL,
        created_ms     INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE meta (
        name  TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'audit_trail',
    // The audit trail (storage/audit-store.ts): events in one hash chain, seq without gaps. The
    // index tables are derived from each event's JSON and written in the same transaction; only
    // audit_events (and the signed digests) are what `trent audit verify` trusts.
    sql: `
      CREATE TABLE audit_events (
        seq           INTEGER NOT NULL PRIMARY KEY,
        event_id      TEXT    NOT NULL,
        event_time_ms INTEGER NOT NULL,
        event_name    TEXT    NOT NULL,
        principal_arn TEXT,
        access_key_id TEXT,
        error_code    TEXT,
        prev_hash     TEXT    NOT NULL,
        hash          TEXT    NOT NULL,
        json          TEXT    NOT NULL
      ) STRICT;

      CREATE INDEX audit_events_by_time ON audit_events (event_time_ms, seq);

      -- "Which events touched this key", newest first: lookup --key-id.
      CREATE TABLE audit_event_keys (
        key_arn TEXT    NOT NULL,
        seq     INTEGER NOT NULL,
        PRIMARY KEY (key_arn, seq)
      ) STRICT, WITHOUT ROWID;

      -- GetKeyLastUsage: one row per key, replaced by each successful cryptographic operation.
      CREATE TABLE audit_key_usage (
        key_arn    TEXT    NOT NULL PRIMARY KEY,
        operation  TEXT    NOT NULL,
        time_ms    INTEGER NOT NULL,
        event_id   TEXT    NOT NULL,
        request_id TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE audit_digests (
        digest_seq     INTEGER NOT NULL PRIMARY KEY,
        head_seq       INTEGER NOT NULL,
        head_hash      TEXT    NOT NULL,
        time_ms        INTEGER NOT NULL,
        prev_signature TEXT    NOT NULL,
        signature      TEXT    NOT NULL
      ) STRICT;

      -- At most one row: where the chain starts once a prefix was pruned.
      CREATE TABLE audit_anchor (
        id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        head_seq  INTEGER NOT NULL,
        head_hash TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'change_counter',
    // The change counter the workers' caches are validated with (Repository.dataVersion,
    // docs/workers.md). Triggers bump it inside the transaction of every write to the tables a
    // cache may hold, so no write path can forget it and a reader sees the count and the rows of
    // one snapshot. Tables no cache reads (the audit trail) have no trigger: their commits, one per
    // request, must not empty every worker's cache. A new table whose rows a worker caches gets the
    // same three triggers.
    sql: `
      CREATE TABLE change_counter (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        n  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO change_counter (id, n) VALUES (1, 0);
      CREATE TRIGGER keys_insert_counts AFTER INSERT ON keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER keys_update_counts AFTER UPDATE ON keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER keys_delete_counts AFTER DELETE ON keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER key_material_insert_counts AFTER INSERT ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER key_material_update_counts AFTER UPDATE ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER key_material_delete_counts AFTER DELETE ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER aliases_insert_counts AFTER INSERT ON aliases
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER aliases_update_counts AFTER UPDATE ON aliases
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER aliases_delete_counts AFTER DELETE ON aliases
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER access_keys_insert_counts AFTER INSERT ON access_keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER access_keys_update_counts AFTER UPDATE ON access_keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER access_keys_delete_counts AFTER DELETE ON access_keys
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER meta_insert_counts AFTER INSERT ON meta
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER meta_update_counts AFTER UPDATE ON meta
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER meta_delete_counts AFTER DELETE ON meta
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
    `,
  },
  {
    version: 4,
    name: 'key_lifecycle',
    // Rotation, scheduled deletion and imported material (issue 14). The key_material table is
    // rebuilt because `sealed` becomes nullable (deleted imported material keeps its row and id);
    // SQLite cannot drop a NOT NULL constraint in place. The partial indexes are the scheduler's
    // "what is due" scans (src/jobs/scheduler.ts), which stay cheap however many keys exist.
    sql: `
      ALTER TABLE keys ADD COLUMN rotation_period_days INTEGER;
      ALTER TABLE keys ADD COLUMN next_rotation_ms INTEGER;
      ALTER TABLE keys ADD COLUMN expiration_model TEXT;
      ALTER TABLE keys ADD COLUMN valid_to_ms INTEGER;

      CREATE INDEX keys_due_deletion ON keys (deletion_date_ms) WHERE deletion_date_ms IS NOT NULL;
      CREATE INDEX keys_due_rotation ON keys (next_rotation_ms) WHERE next_rotation_ms IS NOT NULL;
      CREATE INDEX keys_due_expiry ON keys (valid_to_ms) WHERE valid_to_ms IS NOT NULL;

      CREATE TABLE key_material_v2 (
        key_id           TEXT    NOT NULL REFERENCES keys (key_id),
        version          INTEGER NOT NULL,
        material_id      TEXT    NOT NULL,
        sealed           BLOB,
        created_ms       INTEGER NOT NULL,
        rotation_type    TEXT,
        rotation_date_ms INTEGER,
        expiration_model TEXT,
        valid_to_ms      INTEGER,
        description      TEXT,
        PRIMARY KEY (key_id, version)
      ) STRICT;
      INSERT INTO key_material_v2 (key_id, version, material_id, sealed, created_ms)
        SELECT key_id, version, material_id, sealed, created_ms FROM key_material;
      DROP TABLE key_material;
      ALTER TABLE key_material_v2 RENAME TO key_material;

      -- Rebuilding key_material dropped its change-counter triggers (migration 3): put them back.
      CREATE TRIGGER key_material_insert_counts AFTER INSERT ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER key_material_update_counts AFTER UPDATE ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER key_material_delete_counts AFTER DELETE ON key_material
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      UPDATE change_counter SET n = n + 1 WHERE id = 1;
    `,
  },
  {
    version: 5,
    name: 'grants',
    // Grants (issue 17). idempotency_key is set only for named grants: the unique index is what makes
    // CreateGrant's Name idempotency hold between processes (DESIGN.md §8, "uniqueness lives in
    // constraints"); NULLs never collide in a SQLite unique index, so unnamed grants are all distinct.
    // No foreign key to keys, as for aliases: deleteKey removes a key's grants in its transaction.
    sql: `
      CREATE TABLE grants (
        grant_id           TEXT    NOT NULL PRIMARY KEY,
        key_id             TEXT    NOT NULL,
        account_id         TEXT    NOT NULL,
        region             TEXT    NOT NULL,
        name               TEXT,
        grantee_principal  TEXT    NOT NULL,
        retiring_principal TEXT,
        operations_json    TEXT    NOT NULL,
        constraints_json   TEXT,
        creation_date_ms   INTEGER NOT NULL,
        idempotency_key    TEXT
      ) STRICT;
      CREATE INDEX grants_by_key ON grants (key_id, grant_id);
      CREATE INDEX grants_by_retiring ON grants (account_id, region, retiring_principal, grant_id)
        WHERE retiring_principal IS NOT NULL;
      CREATE UNIQUE INDEX grants_idempotency ON grants (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE TRIGGER grants_insert_counts AFTER INSERT ON grants
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER grants_update_counts AFTER UPDATE ON grants
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER grants_delete_counts AFTER DELETE ON grants
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
    `,
  },
  {
    version: 6,
    name: 'sts_sessions',
    // STS role sessions (issue 17): the temporary access key, its secret sealed under the root key,
    // and the SHA-256 of its session token, shared by every process. The expiry index serves the
    // clean-up of expired sessions. Counted like access keys: a cache of sessions stays valid.
    sql: `
      CREATE TABLE sts_sessions (
        access_key_id TEXT    NOT NULL PRIMARY KEY,
        account_id    TEXT    NOT NULL,
        principal_arn TEXT    NOT NULL,
        role_arn      TEXT    NOT NULL,
        session_name  TEXT    NOT NULL,
        sealed_secret BLOB    NOT NULL,
        token_hash    TEXT    NOT NULL,
        created_ms    INTEGER NOT NULL,
        expires_ms    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sts_sessions_by_expiry ON sts_sessions (expires_ms);
      CREATE TRIGGER sts_sessions_insert_counts AFTER INSERT ON sts_sessions
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER sts_sessions_update_counts AFTER UPDATE ON sts_sessions
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER sts_sessions_delete_counts AFTER DELETE ON sts_sessions
        BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;
    `,
  },
];

/** The schema version this code writes and understands: the last migration's version. */
export const latestSchemaVersion: number = migrations.at(-1)?.version ?? 0;
