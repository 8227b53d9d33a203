/**
 * Conformance, part 1: keys and key material (createKey, getKey, updateKey, listKeys, getKeyMaterial).
 * Registered by runRepositoryConformance in conformance.ts; not a test file on its own.
 */
import assert from 'node:assert/strict';
import { ConcurrentUpdateError } from '../../src/storage/repository.js';
import type { KeyRecord } from '../../src/domain/key/key-record.js';
import type { Repository } from '../../src/storage/repository.js';
import { collectPages, rejectsWith } from './conformance-helpers.js';
import type { RepoTest } from './conformance-helpers.js';
import { accountA, accountB, makeKey, makeMaterial, orderedKeyId, regionA, regionB, t0Ms } from './records.js';

async function createKeys(repo: Repository, keys: readonly KeyRecord[]): Promise<void> {
  for (const key of keys) await repo.createKey(key, makeMaterial(key.keyId));
}

function staleMessage(key: KeyRecord): string {
  return `key ${key.keyId} in ${key.accountId}/${key.region} was not at revision ${key.revision - 1} ` +
    '(changed concurrently, or gone)';
}

/** Registers the key and key-material tests. */
export function keyConformance(it: RepoTest): void {
  it('createKey then getKey returns the key field for field', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  it('every key field round-trips: deletion date, multi-region, unicode tags and description, policy text', async ({ repo }) => {
    const key = makeKey({
      description: 'Schlüssel für „Rechnungen“ 🔑 — ключ',
      keyUsage: 'SIGN_VERIFY',
      keySpec: 'ECC_NIST_P256',
      origin: 'EXTERNAL',
      keyState: 'PendingDeletion',
      deletionDateMs: t0Ms + 7 * 86_400_000,
      multiRegion: true,
      policy: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "quote \\" and \'"}]\n}',
      tags: [
        { TagKey: 'team', TagValue: '鍵の管理' },
        { TagKey: 'emoji 🗝️', TagValue: '' },
        { TagKey: 'a', TagValue: 'kept in given order, not sorted' },
      ],
      currentVersion: 3,
      revision: 1,
    });
    await repo.createKey(key, makeMaterial(key.keyId, { version: 3 }));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  it('an absent deletionDateMs comes back absent, not as an undefined property', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const stored = await repo.getKey(accountA, regionA, key.keyId);
    assert.ok(stored !== undefined && !('deletionDateMs' in stored));
  });

  it('getKey of an unknown key id returns undefined', async ({ repo }) => {
    assert.equal(await repo.getKey(accountA, regionA, orderedKeyId(404)), undefined);
  });

  it('a key is invisible from another account and from another region', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.equal(await repo.getKey(accountB, regionA, key.keyId), undefined);
    assert.equal(await repo.getKey(accountA, regionB, key.keyId), undefined);
    assert.deepEqual(await repo.listKeys(accountB, regionA, { limit: 10 }), []);
    assert.deepEqual(await repo.listKeys(accountA, regionB, { limit: 10 }), []);
  });

  it('getKeyInRegion finds a key by id whichever account holds it, never in another region', async ({ repo }) => {
    const key = makeKey({ accountId: accountB });
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual(await repo.getKeyInRegion(regionA, key.keyId), key);
    assert.equal(await repo.getKeyInRegion(regionB, key.keyId), undefined);
    assert.equal(await repo.getKeyInRegion(regionA, orderedKeyId(404)), undefined);
  });

  it('createKey with a key id that exists (in any scope) rejects and keeps the first key', async ({ repo }) => {
    const first = makeKey({ description: 'first' });
    await repo.createKey(first, makeMaterial(first.keyId));
    const second = makeKey({ keyId: first.keyId, accountId: accountB, description: 'second' });
    await rejectsWith(repo.createKey(second, makeMaterial(first.keyId, { materialId: 'cd'.repeat(32) })), Error,
      `key ${first.keyId} already exists`);
    assert.deepEqual(await repo.getKey(accountA, regionA, first.keyId), first);
    assert.equal(await repo.getKey(accountB, regionA, first.keyId), undefined);
    assert.equal((await repo.getKeyMaterial(first.keyId, 1))?.materialId, 'ab'.repeat(32));
  });

  it('createKey with material of another key id rejects and stores nothing', async ({ repo }) => {
    const key = makeKey();
    const other = orderedKeyId(7);
    await rejectsWith(repo.createKey(key, makeMaterial(other)), Error,
      `key material for ${other} cannot be stored with key ${key.keyId}`);
    assert.equal(await repo.getKey(accountA, regionA, key.keyId), undefined);
    assert.equal(await repo.getKeyMaterial(other, 1), undefined);
  });

  it('updateKey at revision + 1 replaces every field and the new revision is stored', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const changed = makeKey({
      ...key,
      description: 'changed',
      keyState: 'PendingDeletion',
      deletionDateMs: t0Ms + 1,
      policy: '{}',
      tags: [{ TagKey: 'k', TagValue: 'v' }],
      currentVersion: 2,
      revision: 2,
    });
    await repo.updateKey(changed);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), changed);
    const again = { ...changed, keyState: 'Enabled' as const, deletionDateMs: undefined, revision: 3 };
    await repo.updateKey(again);
    const stored = await repo.getKey(accountA, regionA, key.keyId);
    assert.equal(stored?.revision, 3);
    assert.ok(stored !== undefined && !('deletionDateMs' in stored), 'clearing deletionDateMs removes it');
  });

  it('updateKey with a stale or skipped revision throws ConcurrentUpdateError and changes nothing', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    await repo.updateKey({ ...key, description: 'v2', revision: 2 });
    const stale = { ...key, description: 'lost update', revision: 2 };
    await rejectsWith(repo.updateKey(stale), ConcurrentUpdateError, staleMessage(stale));
    const skipped = { ...key, description: 'skipped', revision: 4 };
    await rejectsWith(repo.updateKey(skipped), ConcurrentUpdateError, staleMessage(skipped));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), { ...key, description: 'v2', revision: 2 });
  });

  it('updateKey of a missing key throws ConcurrentUpdateError and creates nothing', async ({ repo }) => {
    const ghost = makeKey({ revision: 2 });
    await rejectsWith(repo.updateKey(ghost), ConcurrentUpdateError, staleMessage(ghost));
    assert.equal(await repo.getKey(accountA, regionA, ghost.keyId), undefined);
  });

  it('updateKey naming another scope throws ConcurrentUpdateError and the key keeps its scope', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const moved = { ...key, region: regionB, revision: 2 };
    await rejectsWith(repo.updateKey(moved), ConcurrentUpdateError, staleMessage(moved));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.equal(await repo.getKey(accountA, regionB, key.keyId), undefined);
  });

  it('two updateKey calls from the same revision at once: exactly one wins, the other is reported', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const a = { ...key, description: 'a', revision: 2 };
    const b = { ...key, description: 'b', revision: 2 };
    const results = await Promise.allSettled([repo.updateKey(a), repo.updateKey(b)]);
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [[a, b][i]] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(lost[0] instanceof ConcurrentUpdateError);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), won[0]);
  });

  it('listKeys returns only the scope\'s keys, ordered by key id', async ({ repo }) => {
    const mine = [5, 1, 4, 2, 3].map((n) => makeKey({ keyId: orderedKeyId(n) }));
    await createKeys(repo, mine);
    await createKeys(repo, [makeKey({ keyId: orderedKeyId(0), accountId: accountB }),
      makeKey({ keyId: orderedKeyId(6), region: regionB })]);
    const listed = await repo.listKeys(accountA, regionA, { limit: 100 });
    assert.deepEqual(listed.map((k) => k.keyId), [1, 2, 3, 4, 5].map(orderedKeyId));
    assert.deepEqual(listed[0], mine[1]);
  });

  it('listKeys pages with limit and an exclusive after cursor, visiting every key once', async ({ repo }) => {
    const ids = Array.from({ length: 7 }, (_, i) => orderedKeyId(i * 10));
    await createKeys(repo, [...ids].reverse().map((keyId) => makeKey({ keyId })));
    for (const limit of [1, 2, 3, 7, 8]) {
      const pages = await collectPages((after) => repo.listKeys(accountA, regionA, { limit, after }), (k) => k.keyId);
      assert.deepEqual(pages.flat().map((k) => k.keyId), ids, `limit ${limit}`);
      assert.ok(pages.every((p) => p.length <= limit));
      assert.equal(pages.length, Math.ceil(ids.length / limit));
    }
  });

  it('listKeys after a cursor that is not a key id starts at the next greater id', async ({ repo }) => {
    await createKeys(repo, [10, 20, 30].map((n) => makeKey({ keyId: orderedKeyId(n) })));
    const page = await repo.listKeys(accountA, regionA, { limit: 10, after: orderedKeyId(15) });
    assert.deepEqual(page.map((k) => k.keyId), [orderedKeyId(20), orderedKeyId(30)]);
  });

  it('listKeys of an empty scope, after the last key, or with limit 0 returns an empty list', async ({ repo }) => {
    assert.deepEqual(await repo.listKeys(accountA, regionA, { limit: 10 }), []);
    await createKeys(repo, [makeKey({ keyId: orderedKeyId(1) })]);
    assert.deepEqual(await repo.listKeys(accountA, regionA, { limit: 10, after: orderedKeyId(1) }), []);
    assert.deepEqual(await repo.listKeys(accountA, regionA, { limit: 0 }), []);
  });

  it('listKeys orders by UTF-8 bytes (SQLite BINARY): digits, uppercase, lowercase, then non-ASCII', async ({ repo }) => {
    const ids = ['9', 'B', 'a', 'é', '\uFFFD', '😀'];
    await createKeys(repo, [...ids].reverse().map((keyId) => makeKey({ keyId })));
    assert.deepEqual((await repo.listKeys(accountA, regionA, { limit: 10 })).map((k) => k.keyId), ids);
    const tail = await repo.listKeys(accountA, regionA, { limit: 10, after: '\uFFFD' });
    assert.deepEqual(tail.map((k) => k.keyId), ['😀']);
  });

  it('listKeys rejects a negative or fractional limit with RangeError', async ({ repo }) => {
    await rejectsWith(repo.listKeys(accountA, regionA, { limit: -1 }), RangeError,
      'page limit must be a whole number >= 0, got -1');
    await rejectsWith(repo.listKeys(accountA, regionA, { limit: 1.5 }), RangeError,
      'page limit must be a whole number >= 0, got 1.5');
  });

  it('getKeyMaterial returns the stored version with its sealed bytes exactly, as a plain Uint8Array', async ({ repo }) => {
    const key = makeKey();
    const material = makeMaterial(key.keyId);
    await repo.createKey(key, material);
    const stored = await repo.getKeyMaterial(key.keyId, 1);
    assert.deepEqual(stored, material);
    assert.equal(Object.getPrototypeOf(stored?.sealed), Uint8Array.prototype);
  });

  it('getKeyMaterial of an unknown key or version returns undefined', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    assert.equal(await repo.getKeyMaterial(key.keyId, 2), undefined);
    assert.equal(await repo.getKeyMaterial(orderedKeyId(404), 1), undefined);
  });
}
