/**
 * Brings a SQLite database up to the schema version this code knows, and refuses one that is newer.
 *
 * Owns: the `schema_migrations` bookkeeping table and the order migrations run in. Must never: run a
 * migration outside a transaction (a crash halfway would leave a schema no version number describes),
 * or touch a database whose schema is newer than the code (an older binary would misread its rows).
 */
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

/** Thrown when the database was written by a newer Trent; the message is a one-line instruction. */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
}

/**
 * Applies every migration newer than the database's recorded version, in order, in one IMMEDIATE
 * transaction, and returns the resulting schema version.
 *
 * IMMEDIATE takes the write lock before reading the version, so two processes opening the same new
 * file at once cannot both decide to run version 1: the second waits (busy_timeout), then sees it done.
 */
export function applyMigrations(db: Database.Database, list: readonly Migration[], label: string): number {
  checkOrdered(list);
  const known = list.at(-1)?.version ?? 0;
  const run = db.transaction((): number => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at TEXT    NOT NULL
    ) STRICT`);
    const row = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
    const current = row?.v ?? 0;
    if (current > known) {
      throw new NewerSchemaError(
        `database ${label} has schema version ${current}, newer than this Trent understands (${known}); ` +
          'run the newer Trent or restore a backup',
      );
    }
    const record = db.prepare<[number, string, string]>(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const migration of list) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      // ISO text rather than epoch ms: this table is read by people with the sqlite3 shell.
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    return known;
  });
  return run.immediate();
}

/** Versions must be 1, 2, 3, … so "max(version)" alone says which migrations have run. */
function checkOrdered(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration list out of order: entry ${index} has version ${migration.version}`);
    }
  });
}
