/**
 * The SQLite backend: the conformance suite on a real file (with reopen), then what only SQLite has:
 * the durability pragmas actually in effect, migrations, refusal of a newer schema, the one-line
 * "cannot open" messages, and the bytes that end up in the file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { ConcurrentUpdateError } from '../../src/storage/repository.js';
import type { Repository } from '../../src/storage/repository.js';
import { latestSchemaVersion, migrations } from '../../src/storage/sqlite/migrations.js';
import { openSqliteRepository, StorageOpenError } from '../../src/storage/sqlite/sqlite-repository.js';
import { runRepositoryConformance } from './conformance.js';
import { accountA, makeKey, makeMaterial, regionA } from './records.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A fresh folder for one test, removed (with everything SQLite left in it) when the test ends. */
async function tempFolder(t: TestContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'trent-sqlite-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

runRepositoryConformance('SqliteRepository', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-sqlite-'));
  const path = join(folder, 'trent.db');
  let current: Repository = openSqliteRepository(path);
  return {
    repo: current,
    reopen: async () => {
      await current.close();
      current = openSqliteRepository(path);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
});

describe('SqliteRepository settings and schema', () => {
  test('the connection runs in WAL mode with synchronous=FULL, foreign keys on and a 5 s busy timeout', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    const repo = openSqliteRepository(path);
    t.after(() => repo.close());
    assert.deepEqual(repo.settings(), {
      path,
      schemaVersion: latestSchemaVersion,
      journalMode: 'wal',
      synchronous: 2,
      foreignKeys: true,
      busyTimeoutMs: 5000,
    });
  });

  test('a new database records each migration once in schema_migrations, and reopening adds none', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    await openSqliteRepository(path).close();
    await openSqliteRepository(path).close();
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as
      { version: number; name: string; applied_at: string }[];
    raw.close();
    assert.deepEqual(rows.map((r) => [r.version, r.name]), migrations.map((m) => [m.version, m.name]));
    for (const row of rows) assert.ok(!Number.isNaN(Date.parse(row.applied_at)), row.applied_at);
  });

  test('migrations are numbered 1, 2, 3… and the last one is the schema version', () => {
    assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
    assert.equal(latestSchemaVersion, migrations.length);
  });

  test('a database written by a newer schema is refused with a one-line message and left as it was', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    await openSqliteRepository(path).close();
    const newer = latestSchemaVersion + 1;
    const raw = new Database(path);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(newer, 'from_the_future', new Date().toISOString());
    raw.close();
    assert.throws(() => openSqliteRepository(path), {
      name: 'StorageOpenError',
      message: `database ${path} has schema version ${newer}, newer than this Trent understands ` +
        `(${latestSchemaVersion}); run the newer Trent or restore a backup`,
    });
    const check = new Database(path, { readonly: true });
    const versions = check.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    check.close();
    assert.deepEqual(versions, [...migrations.map((m) => m.version), newer]);
  });
});

describe('SqliteRepository open errors are one line an operator can act on', () => {
  test('a folder that does not exist', async (t) => {
    const folder = join(await tempFolder(t), 'missing');
    const path = join(folder, 'trent.db');
    assert.throws(() => openSqliteRepository(path), {
      name: 'StorageOpenError',
      message: `cannot open database ${path}: folder ${folder} does not exist`,
    });
    assert.equal(existsSync(folder), false, 'the folder is not created behind the operator\'s back');
  });

  test('a "folder" that is a file', async (t) => {
    const file = join(await tempFolder(t), 'a-file');
    writeFileSync(file, 'not a folder');
    const path = join(file, 'trent.db');
    assert.throws(() => openSqliteRepository(path), {
      name: 'StorageOpenError',
      message: `cannot open database ${path}: ${file} is not a folder`,
    });
  });

  test('a path that is a folder rather than a file', async (t) => {
    const path = await tempFolder(t);
    assert.throws(() => openSqliteRepository(path), {
      name: 'StorageOpenError',
      message: `cannot open database ${path}: it is a folder; give the path of a file inside it`,
    });
  });

  test('a folder that is not writable', async (t) => {
    if (process.getuid?.() === 0) {
      t.skip('root can write to any folder, so this cannot be observed here');
      return;
    }
    const folder = await tempFolder(t);
    const path = join(folder, 'trent.db');
    chmodSync(folder, 0o555);
    try {
      assert.throws(() => openSqliteRepository(path), {
        name: 'StorageOpenError',
        message: `cannot open database ${path}: folder ${folder} is not writable (SQLite creates trent.db-wal and trent.db-shm there)`,
      });
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  test('a file that is not a SQLite database, which is left untouched', async (t) => {
    const path = join(await tempFolder(t), 'notes.txt');
    const text = 'These are my notes, not a database.\n'.repeat(20);
    writeFileSync(path, text);
    assert.throws(() => openSqliteRepository(path), (error: unknown) => {
      assert.ok(error instanceof StorageOpenError);
      assert.equal(error.message, `cannot open database ${path}: file is not a database`);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), text);
  });
});

describe('SqliteRepository files on disk', () => {
  test('a new database file is readable and writable by its owner only', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    await openSqliteRepository(path).close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  test('the file holds the sealed bytes exactly as given, and not the plaintext they were sealed from', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    const repo = openSqliteRepository(path);
    t.after(() => repo.close());
    // Stand-in for crypto/at-rest.ts: the repository is handed only the sealed form.
    const plaintextKey = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), iv);
    const sealed = new Uint8Array(Buffer.concat([iv, cipher.update(plaintextKey), cipher.final(), cipher.getAuthTag()]));
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId, { sealed }));
    const onDisk = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
    assert.ok(onDisk.includes(Buffer.from(sealed)), 'sealed bytes are stored verbatim');
    assert.ok(!onDisk.includes(plaintextKey), 'the plaintext key was never given to storage, so it is not there');
  });
});

describe('SqliteRepository transactions and sharing a file', () => {
  test('createKey whose material row SQLite rejects leaves no key row behind', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    const repo = openSqliteRepository(path);
    t.after(() => repo.close());
    const key = makeKey();
    // STRICT tables refuse 1.5 in an INTEGER column: the second INSERT of the transaction fails.
    await assert.rejects(repo.createKey(key, makeMaterial(key.keyId, { version: 1.5 })), /INTEGER/);
    assert.equal(await repo.getKey(accountA, regionA, key.keyId), undefined);
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  test('opening a rollback-mode file while another process writes to it waits for the lock instead of failing', async (t) => {
    // Regression: the switch to WAL upgrades a read to a write, which SQLite never lets wait, so it
    // failed at once with "database is locked" when two processes created the same new file.
    const path = join(await tempFolder(t), 'trent.db');
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.exec('CREATE TABLE other (x); BEGIN IMMEDIATE; INSERT INTO other VALUES (1)');
      console.log('locked');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`, path], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    await once(holder.stdout, 'data');
    const startedMs = Date.now();
    const repo = openSqliteRepository(path);
    t.after(() => repo.close());
    assert.ok(Date.now() - startedMs >= 100, 'the open waited for the other process');
    assert.equal(repo.settings().journalMode, 'wal');
    await exited;
  });

  test('two connections to one file see each other\'s writes, and a stale updateKey is still caught', async (t) => {
    const path = join(await tempFolder(t), 'trent.db');
    const first = openSqliteRepository(path);
    const second = openSqliteRepository(path);
    t.after(async () => {
      await first.close();
      await second.close();
    });
    const key = makeKey();
    await first.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual(await second.getKey(accountA, regionA, key.keyId), key);
    await first.updateKey({ ...key, description: 'by first', revision: 2 });
    await assert.rejects(second.updateKey({ ...key, description: 'by second', revision: 2 }), ConcurrentUpdateError);
    assert.equal((await second.getKey(accountA, regionA, key.keyId))?.description, 'by first');
  });
});
