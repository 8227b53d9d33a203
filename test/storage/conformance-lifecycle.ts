/**
 * Conformance, part 3: the key-lifecycle methods (issue 14): updateKeyAndMaterial, listKeyMaterials,
 * deleteKey, listDueKeys, addToMeta, and keys created without material (PendingImport).
 * Registered by runRepositoryConformance in conformance.ts; not a test file on its own.
 */
import assert from 'node:assert/strict';
import { ConcurrentUpdateError } from '../../src/storage/repository.js';
import { rejectsWith } from './conformance-helpers.js';
import type { RepoTest } from './conformance-helpers.js';
import { accountA, accountB, makeAlias, makeKey, makeMaterial, orderedKeyId, regionA, t0Ms } from './records.js';

const day = 86_400_000;

/** Registers the lifecycle tests. */
export function lifecycleMethodConformance(it: RepoTest): void {
  it('every lifecycle field of keys and materials round-trips; absent ones come back absent', async ({ repo }) => {
    const key = makeKey({ origin: 'EXTERNAL', rotationPeriodDays: 90, nextRotationMs: t0Ms + 90 * day, expirationModel: 'KEY_MATERIAL_EXPIRES', validToMs: t0Ms + day });
    const material = makeMaterial(key.keyId, { rotationType: 'ON_DEMAND', rotationDateMs: t0Ms + 5, expirationModel: 'KEY_MATERIAL_EXPIRES', validToMs: t0Ms + day, description: 'déjà 🔑' });
    await repo.createKey(key, material);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.deepEqual(await repo.getKeyMaterial(key.keyId, 1), material);
    const plain = makeKey({ rotationPeriodDays: undefined });
    await repo.createKey(plain, makeMaterial(plain.keyId));
    const stored = await repo.getKey(accountA, regionA, plain.keyId);
    for (const field of ['rotationPeriodDays', 'nextRotationMs', 'expirationModel', 'validToMs']) assert.ok(!(field in stored!), field);
    const storedMaterial = await repo.getKeyMaterial(plain.keyId, 1);
    for (const field of ['rotationType', 'rotationDateMs', 'expirationModel', 'validToMs', 'description']) assert.ok(!(field in storedMaterial!), field);
  });

  it('createKey without material stores a key with no versions (PendingImport)', async ({ repo }) => {
    const key = makeKey({ origin: 'EXTERNAL', keyState: 'PendingImport', currentVersion: 0 });
    await repo.createKey(key);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.deepEqual(await repo.listKeyMaterials(key.keyId), []);
  });

  it('updateKeyAndMaterial adds a version and moves the key on, atomically; listKeyMaterials lists versions in order', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const rotated = { ...key, currentVersion: 2, revision: 2 };
    const second = makeMaterial(key.keyId, { version: 2, materialId: 'cd'.repeat(32), rotationType: 'AUTOMATIC', rotationDateMs: t0Ms + 365 * day });
    await repo.updateKeyAndMaterial(rotated, second);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), rotated);
    assert.deepEqual(await repo.listKeyMaterials(key.keyId), [makeMaterial(key.keyId), second]);
    assert.deepEqual(await repo.listKeyMaterials(orderedKeyId(404)), []);
  });

  it('updateKeyAndMaterial replaces an existing version: a material without sealed bytes keeps its id', async ({ repo }) => {
    const key = makeKey({ origin: 'EXTERNAL' });
    const material = makeMaterial(key.keyId, { expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    await repo.createKey(key, material);
    const { sealed: _sealed, ...deleted } = material;
    await repo.updateKeyAndMaterial({ ...key, keyState: 'PendingImport', revision: 2 }, deleted);
    const stored = await repo.getKeyMaterial(key.keyId, 1);
    assert.deepEqual(stored, deleted);
    assert.ok(!('sealed' in stored!));
    await repo.updateKeyAndMaterial({ ...key, revision: 3 }, material);
    assert.deepEqual(await repo.getKeyMaterial(key.keyId, 1), material);
  });

  it('updateKeyAndMaterial with a stale revision throws ConcurrentUpdateError and stores neither', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const stale = { ...key, currentVersion: 2, revision: 3 };
    await rejectsWith(repo.updateKeyAndMaterial(stale, makeMaterial(key.keyId, { version: 2 })), ConcurrentUpdateError,
      `key ${key.keyId} in ${key.accountId}/${key.region} was not at revision 2 (changed concurrently, or gone)`);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.equal(await repo.getKeyMaterial(key.keyId, 2), undefined);
  });

  it('updateKeyAndMaterial refuses material of another key and changes nothing', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const other = orderedKeyId(7);
    await assert.rejects(repo.updateKeyAndMaterial({ ...key, revision: 2 }, makeMaterial(other, { version: 2 })));
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
  });

  it('deleteKey destroys the key, all its versions and its aliases in its scope only', async ({ repo }) => {
    const key = makeKey();
    const keep = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    await repo.updateKeyAndMaterial({ ...key, currentVersion: 2, revision: 2 }, makeMaterial(key.keyId, { version: 2 }));
    await repo.createKey(keep, makeMaterial(keep.keyId));
    await repo.createAlias(makeAlias('alias/doomed', key.keyId));
    await repo.createAlias(makeAlias('alias/kept', keep.keyId));
    // An alias of another scope naming the same id is not this key's alias.
    await repo.createAlias(makeAlias('alias/doomed', key.keyId, { accountId: accountB }));
    assert.equal(await repo.deleteKey({ ...key, revision: 2 }), true);
    assert.equal(await repo.getKey(accountA, regionA, key.keyId), undefined);
    assert.deepEqual(await repo.listKeyMaterials(key.keyId), []);
    assert.equal(await repo.getAlias(accountA, regionA, 'alias/doomed'), undefined);
    assert.ok(await repo.getAlias(accountA, regionA, 'alias/kept'));
    assert.ok(await repo.getAlias(accountB, regionA, 'alias/doomed'));
    assert.deepEqual(await repo.getKey(accountA, regionA, keep.keyId), keep);
    assert.equal(await repo.deleteKey({ ...key, revision: 2 }), false, 'a second delete claims nothing');
  });

  it('deleteKey at a revision other than the stored one (or another scope) deletes nothing and returns false', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    await repo.createAlias(makeAlias('alias/a', key.keyId));
    assert.equal(await repo.deleteKey({ ...key, revision: 2 }), false);
    assert.equal(await repo.deleteKey({ ...key, accountId: accountB }), false);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.equal((await repo.listKeyMaterials(key.keyId)).length, 1);
    assert.ok(await repo.getAlias(accountA, regionA, 'alias/a'));
  });

  it('listDueKeys returns keys of every scope with a deletion, rotation or expiry at or before now, by key id', async ({ repo }) => {
    const now = t0Ms + 10 * day;
    const dueDeletion = makeKey({ keyId: orderedKeyId(3), keyState: 'PendingDeletion', deletionDateMs: now });
    const dueRotation = makeKey({ keyId: orderedKeyId(1), accountId: accountB, rotationPeriodDays: 90, nextRotationMs: now - 1 });
    const dueExpiry = makeKey({ keyId: orderedKeyId(2), origin: 'EXTERNAL', expirationModel: 'KEY_MATERIAL_EXPIRES', validToMs: now - day });
    const both = makeKey({ keyId: orderedKeyId(4), keyState: 'PendingDeletion', deletionDateMs: now - 1, rotationPeriodDays: 90, nextRotationMs: now - 1 });
    const later = makeKey({ keyId: orderedKeyId(5), keyState: 'PendingDeletion', deletionDateMs: now + 1, rotationPeriodDays: 90, nextRotationMs: now + 1, validToMs: now + 1 });
    const none = makeKey({ keyId: orderedKeyId(6) });
    for (const key of [dueDeletion, dueRotation, dueExpiry, both, later, none]) await repo.createKey(key, makeMaterial(key.keyId));
    assert.deepEqual((await repo.listDueKeys(now, { limit: 100 })).map((k) => k.keyId), [1, 2, 3, 4].map(orderedKeyId));
    assert.deepEqual(await repo.listDueKeys(now, { limit: 2 }), [dueRotation, dueExpiry]);
    assert.deepEqual(await repo.listDueKeys(now, { limit: 2, after: orderedKeyId(2) }), [dueDeletion, both]);
    assert.deepEqual(await repo.listDueKeys(t0Ms, { limit: 100 }), []);
  });

  it('addToMeta adds to an absent (0) or stored integer and returns the sum', async ({ repo }) => {
    assert.equal(await repo.addToMeta('dev-clock-offset-ms', 86_400_000), 86_400_000);
    assert.equal(await repo.addToMeta('dev-clock-offset-ms', 5), 86_400_005);
    assert.equal(await repo.getMeta('dev-clock-offset-ms'), '86400005');
    assert.equal(await repo.addToMeta('other', 0), 0);
    await assert.rejects(repo.addToMeta('other', 1.5), RangeError);
    assert.equal(await repo.getMeta('other'), '0');
  });
}
