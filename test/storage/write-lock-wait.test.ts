/**
 * The audit writer's own wait for SQLite's write lock (src/storage/sqlite/write-lock-wait.ts): it
 * gets the lock soon after another connection, here in another thread, lets it go; it gives up with
 * SQLITE_BUSY after its timeout; and it never retries another error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { openDatabase } from '../../src/storage/sqlite/open-database.js';
import { runWaitingForLock, useFineGrainedLockWait } from '../../src/storage/sqlite/write-lock-wait.js';

const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

/** A thread that takes the write lock of `path`, says so, holds it `holdMs`, then commits. */
function holdLock(path: string, holdMs: number): { locked: Promise<void>; done: Promise<void> } {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    db.exec("INSERT INTO t (v) VALUES ('holder')");
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.exec('COMMIT');
    db.close();
  `, { eval: true, workerData: { path, holdMs, module: betterSqlite } });
  const locked = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  const done = new Promise<void>((resolve, reject) => { worker.once('exit', () => resolve()); worker.once('error', reject); });
  return { locked, done };
}

function fixture(): { path: string; db: ReturnType<typeof openDatabase>['db']; cleanUp(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'trent-lock-wait-'));
  const path = join(dir, 'trent.db');
  const { db } = openDatabase(path);
  db.exec('CREATE TABLE t (v TEXT)');
  useFineGrainedLockWait(db);
  return { path, db, cleanUp: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test('a write waiting for a lock held by another connection commits once the lock is released', async () => {
  const { path, db, cleanUp } = fixture();
  try {
    const holder = holdLock(path, 40);
    await holder.locked;
    const insert = db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('waiter')").run());
    runWaitingForLock(() => insert.immediate(), 5_000);
    await holder.done;
    assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all(), ['holder', 'waiter']);
  } finally {
    cleanUp();
  }
});

test('a write gives up with SQLITE_BUSY when the lock is not released within its timeout', async () => {
  const { path, db, cleanUp } = fixture();
  try {
    const holder = holdLock(path, 300);
    await holder.locked;
    const insert = db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('waiter')").run());
    assert.throws(() => runWaitingForLock(() => insert.immediate(), 20), (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY');
    await holder.done;
    assert.deepEqual(db.prepare('SELECT v FROM t').pluck().all(), ['holder']);
  } finally {
    cleanUp();
  }
});

test('an error other than SQLITE_BUSY is thrown at once, not retried', () => {
  const { db, cleanUp } = fixture();
  try {
    let attempts = 0;
    const failing = () => { attempts++; db.prepare('INSERT INTO missing_table (v) VALUES (1)').run(); };
    assert.throws(() => runWaitingForLock(failing, 5_000), /no such table/);
    assert.equal(attempts, 1);
  } finally {
    cleanUp();
  }
});
