/**
 * Opens the SQLite file with the durability settings Trent relies on, then migrates it.
 *
 * Owns: the checks on the folder, the connection pragmas and their verification, and the wording of
 * every "cannot open" message (the CLI prints it as the whole diagnosis, so it is one line, names the
 * path, and says what to do). Must never: return a connection whose settings were not confirmed, or
 * leave a connection open when it throws.
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { applyMigrations, NewerSchemaError } from './migrate.js';
import { migrations } from './migrations.js';

/** Any failure to open or migrate the database; `message` is one line meant for an operator. */
export class StorageOpenError extends Error {
  override readonly name = 'StorageOpenError';
}

/**
 * How long a connection waits for another process's write lock before SQLITE_BUSY. A commit takes
 * milliseconds, so 5 s only runs out when something holds the lock abnormally long (a stuck backup).
 */
export const busyTimeoutMs = 5_000;

/** An open, configured and migrated connection. */
export interface OpenedDatabase {
  readonly db: Database.Database;
  readonly schemaVersion: number;
}

/**
 * Opens (creating if needed) the database at `path`: WAL, synchronous=FULL, foreign keys, busy timeout,
 * all migrations applied. Throws StorageOpenError with a one-line message on any problem.
 */
export function openDatabase(path: string): OpenedDatabase {
  checkFolder(path);
  createPrivately(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw wrap(path, error);
  }
  try {
    configure(db, path);
    const schemaVersion = applyMigrations(db, migrations, path);
    return { db, schemaVersion };
  } catch (error) {
    db.close();
    throw wrap(path, error);
  }
}

function configure(db: Database.Database, path: string): void {
  // First, so that even the pragmas below wait for a lock held by another process.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL: readers never block the writer, and a commit is one sequential append. The pragma answers
  // with the mode in effect, which stays the old one on filesystems without shared memory: refuse
  // rather than run with durability and concurrency we did not ask for.
  const mode = switchToWal(db);
  if (mode !== 'wal') {
    throw new StorageOpenError(
      `cannot open database ${path}: SQLite could not switch it to WAL mode (still "${String(mode)}"); ` +
        'put it on a local filesystem',
    );
  }
  // FULL: in WAL mode, NORMAL syncs only at checkpoints, so a commit that returned can vanish on power
  // loss. Trent acknowledges CreateKey to a client that will encrypt under that key, so a returned
  // write must be on disk: FULL fsyncs the WAL on every commit. https://sqlite.org/pragma.html#pragma_synchronous
  db.pragma('synchronous = FULL');
  // Off by default in SQLite, per connection: without it key_material's REFERENCES is decoration.
  db.pragma('foreign_keys = ON');
}

/**
 * `journal_mode = WAL` on a database still in rollback mode reads page 1, then upgrades to a write
 * to set the WAL flag. An upgrade never waits (waiting could deadlock two upgraders), so when another
 * process is converting the same new file at that moment, SQLite fails at once with SQLITE_BUSY,
 * busy_timeout notwithstanding (found by test/storage/two-processes.test.ts). Retry for as long as
 * busy_timeout would have waited; once one process has converted, the pragma is a plain read.
 */
function switchToWal(db: Database.Database): unknown {
  const deadlineMs = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      return db.pragma('journal_mode = WAL', { simple: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadlineMs) throw error;
      // Opening is synchronous (better-sqlite3 is), so sleep synchronously; this runs at start-up only.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * SQLite reports a missing or read-only folder as "unable to open database file" or, worse, opens
 * fine and fails at the first write (WAL needs to create `<db>-wal` and `<db>-shm` beside the file).
 * Checking first gives the operator the actual reason.
 */
function checkFolder(path: string): void {
  const folder = dirname(resolve(path));
  const notFolder = new StorageOpenError(`cannot open database ${path}: ${folder} is not a folder`);
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StorageOpenError(`cannot open database ${path}: folder ${folder} does not exist`);
    // ENOTDIR: some parent on the way is a file.
    if (code === 'ENOTDIR') throw notFolder;
    throw wrap(path, error);
  }
  if (!isFolder) throw notFolder;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new StorageOpenError(
      `cannot open database ${path}: folder ${folder} is not writable ` +
        `(SQLite creates ${basename(path)}-wal and ${basename(path)}-shm there)`,
    );
  }
}

/**
 * Creates a missing database file readable by its owner only. The contents are sealed, but the
 * metadata (key ids, aliases, policies) is not meant for every local user, and SQLite gives the -wal
 * and -shm files the same permissions as the database file.
 */
function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    // EEXIST: an existing database keeps the permissions its operator chose.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw wrap(path, error);
    // SQLite would only say "unable to open database file" for a folder given as the database.
    if (statSync(path).isDirectory()) {
      throw new StorageOpenError(`cannot open database ${path}: it is a folder; give the path of a file inside it`);
    }
  }
}

/** Any error → StorageOpenError with a single line, the original kept as `cause` for the log. */
function wrap(path: string, error: unknown): StorageOpenError {
  if (error instanceof StorageOpenError) return error;
  // Its message already names the database and says what to do.
  if (error instanceof NewerSchemaError) return new StorageOpenError(error.message, { cause: error });
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageOpenError(`cannot open database ${path}: ${detail}`.replace(/\s*\n\s*/g, ' '), { cause: error });
}
