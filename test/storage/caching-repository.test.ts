/**
 * The validated record cache (src/storage/caching-repository.ts, docs/workers.md): it passes the
 * whole conformance suite over both backends, it serves repeated reads without touching the
 * backend, hands out copies, and a write made through ANOTHER connection to the same SQLite file (another worker
 * process) is seen by the very next read through the cache.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { CachingRepository, defaultCacheEntries } from '../../src/storage/caching-repository.js';
import { RequestArrivals } from '../../src/platform/request-arrivals.js';
import { MemoryRepository } from '../../src/storage/memory/memory-repository.js';
import type { Repository } from '../../src/storage/repository.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { runRepositoryConformance } from './conformance.js';
import { accountA, makeAlias, makeKey, makeMaterial, regionA, t0Ms } from './records.js';

runRepositoryConformance('CachingRepository over MemoryRepository', async () => {
  const repo = new CachingRepository(new MemoryRepository());
  return { repo, cleanup: () => repo.close() };
});

runRepositoryConformance('CachingRepository over SqliteRepository', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-cache-'));
  const path = join(folder, 'trent.db');
  let current: Repository = new CachingRepository(openSqliteRepository(path));
  return {
    repo: current,
    reopen: async () => {
      await current.close();
      current = new CachingRepository(openSqliteRepository(path));
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
});

// One request that does everything: no request ever arrives, so only the repository's own writes
// may make it read the change counter again. Every conformance case must still hold.
runRepositoryConformance('CachingRepository over SqliteRepository, one counter read per request arrival', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'trent-cache-'));
  const path = join(folder, 'trent.db');
  const arrivals = new RequestArrivals();
  let current: Repository = new CachingRepository(openSqliteRepository(path), defaultCacheEntries, arrivals);
  return {
    repo: current,
    reopen: async () => {
      await current.close();
      current = new CachingRepository(openSqliteRepository(path), defaultCacheEntries, arrivals);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
});

/** Two connections to one new SQLite file, as two worker processes have; the second one cached. */
async function twoConnections(t: TestContext): Promise<{ writer: Repository; cached: CachingRepository; path: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'trent-cache-'));
  const path = join(folder, 'trent.db');
  const writer = openSqliteRepository(join(folder, 'trent.db'));
  const cached = new CachingRepository(openSqliteRepository(join(folder, 'trent.db')));
  t.after(async () => {
    await writer.close();
    await cached.close();
    await rm(folder, { recursive: true, force: true });
  });
  return { writer, cached, path };
}

test('a key changed through another connection is read fresh by the next lookup through the cache', async (t) => {
  const { writer, cached } = await twoConnections(t);
  const key = makeKey();
  await writer.createKey(key, makeMaterial(key.keyId));
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyState, 'Enabled');
  assert.equal(cached.cachedRecords().keys, 1);
  await writer.updateKey({ ...key, keyState: 'Disabled', revision: 2 });
  const after = await cached.getKey(accountA, regionA, key.keyId);
  assert.equal(after?.keyState, 'Disabled');
  assert.equal(after?.revision, 2);
});

test('an alias re-pointed or deleted through another connection is read fresh through the cache', async (t) => {
  const { writer, cached } = await twoConnections(t);
  const [first, second] = [makeKey(), makeKey()];
  await writer.createKey(first, makeMaterial(first.keyId));
  await writer.createKey(second, makeMaterial(second.keyId));
  await writer.createAlias(makeAlias('alias/moving', first.keyId));
  assert.equal((await cached.getAlias(accountA, regionA, 'alias/moving'))?.targetKeyId, first.keyId);
  await writer.updateAlias(makeAlias('alias/moving', second.keyId, { lastUpdatedDateMs: t0Ms + 5 }));
  assert.equal((await cached.getAlias(accountA, regionA, 'alias/moving'))?.targetKeyId, second.keyId);
  await writer.deleteAlias(accountA, regionA, 'alias/moving');
  assert.equal(await cached.getAlias(accountA, regionA, 'alias/moving'), undefined);
});

test('a key created through another connection after a miss is found by the next lookup (misses are not cached)', async (t) => {
  const { writer, cached } = await twoConnections(t);
  const key = makeKey();
  assert.equal(await cached.getKey(accountA, regionA, key.keyId), undefined);
  await writer.createKey(key, makeMaterial(key.keyId));
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyId, key.keyId);
});

test('repeated lookups with nothing written are served from memory; any write makes the next one read again', async () => {
  const backend = new MemoryRepository();
  const cached = new CachingRepository(backend);
  const key = makeKey();
  await cached.createKey(key, makeMaterial(key.keyId));
  await cached.createAlias(makeAlias('alias/a', key.keyId));
  for (let i = 0; i < 5; i++) {
    await cached.getKey(accountA, regionA, key.keyId);
    await cached.getAlias(accountA, regionA, 'alias/a');
  }
  assert.equal(backend.callCount('getKey'), 1);
  assert.equal(backend.callCount('getAlias'), 1);
  assert.equal(backend.callCount('dataVersion'), 10, 'every lookup is validated');
  await cached.putMetaIfAbsent('unrelated', 'x');
  await cached.getKey(accountA, regionA, key.keyId);
  assert.equal(backend.callCount('getKey'), 2);
});

test('a record read from the cache is the caller\'s own copy: changing it changes nothing for the next caller', async () => {
  const cached = new CachingRepository(new MemoryRepository());
  const key = makeKey({ tags: [{ TagKey: 'k', TagValue: 'v' }] });
  await cached.createKey(key, makeMaterial(key.keyId));
  await cached.getKey(accountA, regionA, key.keyId);
  const read = (await cached.getKey(accountA, regionA, key.keyId)) as unknown as { keyState: string; tags: Array<{ TagKey: string; TagValue: string }> };
  read.keyState = 'Disabled';
  read.tags[0]!.TagValue = 'changed';
  read.tags.push({ TagKey: 'x', TagValue: 'y' });
  assert.deepEqual(await cached.getKey(accountA, regionA, key.keyId), key);
});

test('the cache is bounded: it never holds more records than its limit', async () => {
  const cached = new CachingRepository(new MemoryRepository(), 3);
  const keys = Array.from({ length: 10 }, () => makeKey());
  for (const key of keys) await cached.createKey(key, makeMaterial(key.keyId));
  for (const key of keys) assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyId, key.keyId);
  assert.equal(cached.cachedRecords().keys, 3);
  assert.throws(() => new CachingRepository(new MemoryRepository(), 0), RangeError);
});

test('SQLite dataVersion moves for any connection\'s writes to cached tables, and not for the audit trail\'s', async (t) => {
  const { writer, cached, path } = await twoConnections(t);
  const raw = new Database(path);
  t.after(() => raw.close());
  const v0 = await cached.dataVersion();
  const key = makeKey();
  await writer.createKey(key, makeMaterial(key.keyId));
  const v1 = await cached.dataVersion();
  assert.ok(v1 > v0, 'a key created through another connection');
  // One audit event per request is committed by its own connection: it must not empty every cache.
  raw.prepare(`INSERT INTO audit_events (seq, event_id, event_time_ms, event_name, prev_hash, hash, json)
    VALUES (1, 'e', 0, 'Encrypt', '', '', '{}')`).run();
  assert.equal(await cached.dataVersion(), v1, 'an audit event');
  raw.prepare("UPDATE keys SET description = 'edited by hand' WHERE key_id = ?").run(key.keyId);
  const v2 = await cached.dataVersion();
  assert.ok(v2 > v1, 'a raw UPDATE of keys (the trigger, not the repository, counts it)');
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.description, 'edited by hand');
  raw.prepare('DELETE FROM aliases').run();
  assert.equal(await cached.dataVersion(), v2, 'a DELETE that removed no row changes nothing');
});

/** A SqliteRepository that counts its change-counter reads. */
function countingVersions(inner: Repository): { repo: Repository; reads: () => number } {
  let reads = 0;
  const repo = Object.create(inner) as Repository;
  repo.dataVersion = () => { reads++; return inner.dataVersion(); };
  return { repo, reads: () => reads };
}

test('with request arrivals, one change-counter read serves the lookups made until the next request arrives', async (t) => {
  const { writer, path } = await twoConnections(t);
  const arrivals = new RequestArrivals();
  const counted = countingVersions(openSqliteRepository(path));
  const cached = new CachingRepository(counted.repo, defaultCacheEntries, arrivals);
  t.after(() => cached.close());
  const key = makeKey();
  await writer.createKey(key, makeMaterial(key.keyId));
  arrivals.note();
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.description, key.description);
  await cached.getAccessKey('AKIANOSUCHKEY0000000');
  assert.equal(counted.reads(), 1, 'one read for both lookups of one request');

  // Another worker disables the key; the client then sends its next request: it must see the change.
  await writer.updateKey({ ...key, keyState: 'Disabled', revision: key.revision + 1 });
  arrivals.note();
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyState, 'Disabled');
  assert.equal(counted.reads(), 2);
});

test('with request arrivals, a write through the cache makes the next lookup read the counter again, in the same request', async (t) => {
  const { path } = await twoConnections(t);
  const arrivals = new RequestArrivals();
  const counted = countingVersions(openSqliteRepository(path));
  const cached = new CachingRepository(counted.repo, defaultCacheEntries, arrivals);
  t.after(() => cached.close());
  const key = makeKey();
  await cached.createKey(key, makeMaterial(key.keyId));
  arrivals.note();
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyState, key.keyState);
  await cached.updateKey({ ...key, keyState: 'Disabled', revision: key.revision + 1 });
  assert.equal((await cached.getKey(accountA, regionA, key.keyId))?.keyState, 'Disabled');
  assert.equal(counted.reads(), 2);
});
