/**
 * The storage conformance suite (DESIGN.md habit 8): one set of tests every Repository backend must
 * pass, so the service can rely on the contract rather than on one backend's quirks. Each backend's
 * test file calls runRepositoryConformance with an opener; keys and aliases live in the two part
 * files, access keys, meta values, copy isolation, close and reopen here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aliasConformance } from './conformance-aliases.js';
import type { OpenedRepository, RepoTest } from './conformance-helpers.js';
import { keyConformance } from './conformance-keys.js';
import { grantConformance } from './conformance-grants.js';
import { sessionConformance } from './conformance-sessions.js';
import { lifecycleMethodConformance } from './conformance-lifecycle.js';
import { accountA, makeAccessKey, makeAlias, makeKey, makeMaterial, regionA, t0Ms } from './records.js';

export type { OpenedRepository } from './conformance-helpers.js';

/**
 * Registers the whole suite under `name`. `open` must return a fresh, empty repository each time (every
 * test gets its own); pass `reopen` for backends that persist, to check data survives a close/open.
 */
export function runRepositoryConformance(name: string, open: () => Promise<OpenedRepository>): void {
  const it: RepoTest = (title, body) => {
    test(title, async (t) => {
      const opened = await open();
      try {
        await body(opened, t);
      } finally {
        await opened.cleanup();
      }
    });
  };

  describe(`${name} passes the Repository conformance suite`, () => {
    describe('keys and key material', () => keyConformance(it));
    describe('aliases', () => aliasConformance(it));
    describe('key lifecycle: versions, deletion, due jobs', () => lifecycleMethodConformance(it));
    describe('grants', () => grantConformance(it));
    describe('STS role sessions', () => sessionConformance(it));
    describe('access keys and meta values', () => otherConformance(it));
    describe('isolation, close and reopen', () => lifecycleConformance(it));
    describe('the change counter caches are validated with', () => dataVersionConformance(it));
  });
}

function otherConformance(it: RepoTest): void {
  it('putAccessKey stores an access key and getAccessKey returns it field for field', async ({ repo }) => {
    const accessKey = makeAccessKey('AKIAEXAMPLE000000001');
    assert.equal(await repo.putAccessKey(accessKey), true);
    assert.deepEqual(await repo.getAccessKey('AKIAEXAMPLE000000001'), accessKey);
  });

  it('putAccessKey with an existing id returns false and keeps the first record', async ({ repo }) => {
    const first = makeAccessKey('AKIAEXAMPLE000000001');
    await repo.putAccessKey(first);
    const second = makeAccessKey('AKIAEXAMPLE000000001', { principalArn: 'arn:aws:iam::111122223333:user/x', sealedSecret: new Uint8Array([9]) });
    assert.equal(await repo.putAccessKey(second), false);
    assert.deepEqual(await repo.getAccessKey('AKIAEXAMPLE000000001'), first);
  });

  it('getAccessKey of an unknown id returns undefined', async ({ repo }) => {
    assert.equal(await repo.getAccessKey('AKIAUNKNOWN000000000'), undefined);
  });

  it('createAccessKeyOnce stores the key and names it in the meta entry together; a second call stores nothing', async ({ repo }) => {
    const first = makeAccessKey('AKIAEXAMPLE000000001');
    assert.equal(await repo.createAccessKeyOnce('admin-access-key-id', first), 'AKIAEXAMPLE000000001');
    assert.deepEqual(await repo.getAccessKey('AKIAEXAMPLE000000001'), first);
    assert.equal(await repo.getMeta('admin-access-key-id'), 'AKIAEXAMPLE000000001');
    const second = makeAccessKey('AKIAEXAMPLE000000002');
    assert.equal(await repo.createAccessKeyOnce('admin-access-key-id', second), 'AKIAEXAMPLE000000001');
    assert.equal(await repo.getAccessKey('AKIAEXAMPLE000000002'), undefined, 'a key the entry does not name was stored');
  });

  it('replaceAccessKey stores the new key, deletes the old one and repoints the entry, only from the expected id', async ({ repo }) => {
    await repo.createAccessKeyOnce('admin-access-key-id', makeAccessKey('AKIAEXAMPLE000000001'));
    const stale = makeAccessKey('AKIAEXAMPLE000000003');
    assert.equal(await repo.replaceAccessKey('admin-access-key-id', 'AKIAEXAMPLE000000009', stale), false);
    assert.equal(await repo.getAccessKey('AKIAEXAMPLE000000003'), undefined);
    assert.equal(await repo.replaceAccessKey('other-entry', 'AKIAEXAMPLE000000001', stale), false, 'an unset entry matches nothing');
    const next = makeAccessKey('AKIAEXAMPLE000000002');
    assert.equal(await repo.replaceAccessKey('admin-access-key-id', 'AKIAEXAMPLE000000001', next), true);
    assert.equal(await repo.getAccessKey('AKIAEXAMPLE000000001'), undefined, 'the old key still authenticates');
    assert.deepEqual(await repo.getAccessKey('AKIAEXAMPLE000000002'), next);
    assert.equal(await repo.getMeta('admin-access-key-id'), 'AKIAEXAMPLE000000002');
  });

  it('getMeta of an unset name returns undefined', async ({ repo }) => {
    assert.equal(await repo.getMeta('root-key-check'), undefined);
  });

  it('putMetaIfAbsent sets an unset value once; later calls return the first value and change nothing', async ({ repo }) => {
    assert.equal(await repo.putMetaIfAbsent('root-key-check', 'first ✓'), 'first ✓');
    assert.equal(await repo.putMetaIfAbsent('root-key-check', 'second'), 'first ✓');
    assert.equal(await repo.getMeta('root-key-check'), 'first ✓');
    assert.equal(await repo.putMetaIfAbsent('other', ''), '', 'an empty string is a value too');
    assert.equal(await repo.getMeta('other'), '');
  });
}

function lifecycleConformance(it: RepoTest): void {
  it('mutating objects after passing them in does not change what is stored', async ({ repo }) => {
    const tags = [{ TagKey: 'k', TagValue: 'v' }];
    const key = makeKey({ tags });
    const material = makeMaterial(key.keyId);
    const accessKey = makeAccessKey('AKIAEXAMPLE000000001');
    await repo.createKey(key, material);
    await repo.putAccessKey(accessKey);
    const expectedKey = structuredClone(key);
    const expectedMaterial = structuredClone(material);
    const expectedAccessKey = structuredClone(accessKey);
    tags.push({ TagKey: 'added', TagValue: 'later' });
    tags[0]!.TagValue = 'changed';
    material.sealed!.fill(0);
    accessKey.sealedSecret.fill(0);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), expectedKey);
    assert.deepEqual(await repo.getKeyMaterial(key.keyId, 1), expectedMaterial);
    assert.deepEqual(await repo.getAccessKey('AKIAEXAMPLE000000001'), expectedAccessKey);
  });

  it('mutating returned objects does not change what is stored', async ({ repo }) => {
    const key = makeKey({ tags: [{ TagKey: 'k', TagValue: 'v' }] });
    await repo.createKey(key, makeMaterial(key.keyId));
    const got = await repo.getKey(accountA, regionA, key.keyId);
    (got?.tags as { TagKey: string; TagValue: string }[] | undefined)?.push({ TagKey: 'x', TagValue: 'y' });
    (await repo.getKeyMaterial(key.keyId, 1))?.sealed?.fill(0);
    assert.deepEqual(await repo.getKey(accountA, regionA, key.keyId), key);
    assert.deepEqual(await repo.getKeyMaterial(key.keyId, 1), makeMaterial(key.keyId));
  });

  it('after close, reads and writes reject', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    await repo.close();
    await assert.rejects(repo.getKey(accountA, regionA, key.keyId));
    await assert.rejects(repo.createKey(makeKey(), makeMaterial(key.keyId)));
    await assert.rejects(repo.getMeta('x'));
  });

  it('data written before a reopen is all there after it', async (opened, t) => {
    if (opened.reopen === undefined) {
      t.skip('this backend does not persist');
      return;
    }
    const { repo } = opened;
    const key = makeKey({ tags: [{ TagKey: 'ü', TagValue: '🔑' }], deletionDateMs: t0Ms + 1 });
    const material = makeMaterial(key.keyId);
    const updated = { ...key, description: 'updated before reopen', revision: 2 };
    const alias = makeAlias('alias/durable', key.keyId);
    const accessKey = makeAccessKey('AKIAEXAMPLE000000001');
    await repo.createKey(key, material);
    await repo.updateKey(updated);
    await repo.createAlias(alias);
    await repo.createAlias(makeAlias('alias/deleted', key.keyId));
    await repo.deleteAlias(accountA, regionA, 'alias/deleted');
    await repo.putAccessKey(accessKey);
    await repo.putMetaIfAbsent('root-key-check', 'kcv');

    const again = await opened.reopen();
    assert.deepEqual(await again.getKey(accountA, regionA, key.keyId), updated);
    assert.deepEqual(await again.getKeyMaterial(key.keyId, 1), material);
    assert.deepEqual(await again.listAliases(accountA, regionA, { limit: 10 }), [alias]);
    assert.deepEqual(await again.getAccessKey('AKIAEXAMPLE000000001'), accessKey);
    assert.equal(await again.getMeta('root-key-check'), 'kcv');
    await again.updateKey({ ...updated, revision: 3 });
    assert.equal((await again.getKey(accountA, regionA, key.keyId))?.revision, 3);
  });
}

function dataVersionConformance(it: RepoTest): void {
  it('dataVersion stays the same while nothing is written, reads included', async ({ repo }) => {
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    const before = await repo.dataVersion();
    await repo.getKey(accountA, regionA, key.keyId);
    await repo.listKeys(accountA, regionA, { limit: 10 });
    await repo.getAlias(accountA, regionA, 'alias/none');
    await repo.getMeta('none');
    assert.equal(await repo.dataVersion(), before);
  });

  it('dataVersion grows after every kind of write', async ({ repo }) => {
    const versions = [await repo.dataVersion()];
    const grew = async (what: string): Promise<void> => {
      const now = await repo.dataVersion();
      assert.ok(now > versions.at(-1)!, `dataVersion did not grow after ${what}: ${versions.at(-1)} then ${now}`);
      versions.push(now);
    };
    const key = makeKey();
    await repo.createKey(key, makeMaterial(key.keyId));
    await grew('createKey');
    await repo.updateKey({ ...key, description: 'changed', revision: 2 });
    await grew('updateKey');
    await repo.createAlias(makeAlias('alias/one', key.keyId));
    await grew('createAlias');
    await repo.updateAlias(makeAlias('alias/one', key.keyId, { lastUpdatedDateMs: t0Ms + 1 }));
    await grew('updateAlias');
    await repo.deleteAlias(accountA, regionA, 'alias/one');
    await grew('deleteAlias');
    await repo.putAccessKey(makeAccessKey('AKIAEXAMPLE000000001'));
    await grew('putAccessKey');
    await repo.putMetaIfAbsent('root-key-check', 'x');
    await grew('putMetaIfAbsent');
  });
}
