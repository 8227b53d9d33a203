/**
 * Conformance, part 2: aliases (createAlias, getAlias, updateAlias, deleteAlias, listAliases).
 * Registered by runRepositoryConformance in conformance.ts; not a test file on its own.
 */
import assert from 'node:assert/strict';
import { AliasExistsError } from '../../src/storage/repository.js';
import type { AliasRecord } from '../../src/domain/key/key-record.js';
import type { Repository } from '../../src/storage/repository.js';
import { collectPages, rejectsWith } from './conformance-helpers.js';
import type { RepoTest } from './conformance-helpers.js';
import { accountA, accountB, makeAlias, makeKey, makeMaterial, orderedKeyId, regionA, regionB, t0Ms } from './records.js';

const keyOne = orderedKeyId(1);
const keyTwo = orderedKeyId(2);

async function createAliases(repo: Repository, aliases: readonly AliasRecord[]): Promise<void> {
  for (const alias of aliases) await repo.createAlias(alias);
}

/** Registers the alias tests. */
export function aliasConformance(it: RepoTest): void {
  it('createKeyWithAlias stores key, material and alias together; a taken alias name stores nothing and returns false', async ({ repo }) => {
    const key = makeKey({ keyId: keyOne });
    const alias = makeAlias('alias/aws/s3', keyOne);
    assert.equal(await repo.createKeyWithAlias(key, makeMaterial(keyOne), alias), true);
    assert.deepEqual(await repo.getKey(key.accountId, key.region, keyOne), key);
    assert.equal((await repo.listKeyMaterials(keyOne)).length, 1);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/aws/s3'), alias);
    const loser = makeKey({ keyId: keyTwo });
    assert.equal(await repo.createKeyWithAlias(loser, makeMaterial(keyTwo), makeAlias('alias/aws/s3', keyTwo)), false);
    assert.equal(await repo.getKey(loser.accountId, loser.region, keyTwo), undefined);
    assert.deepEqual(await repo.listKeyMaterials(keyTwo), []);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/aws/s3'), alias);
  });

  it('createAlias then getAlias returns the alias field for field', async ({ repo }) => {
    const alias = makeAlias('alias/billing', keyOne, { lastUpdatedDateMs: t0Ms + 5 });
    await repo.createAlias(alias);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/billing'), alias);
  });

  it('getAlias of an unknown name, or from another account or region, returns undefined', async ({ repo }) => {
    await repo.createAlias(makeAlias('alias/billing', keyOne));
    assert.equal(await repo.getAlias(accountA, regionA, 'alias/other'), undefined);
    assert.equal(await repo.getAlias(accountB, regionA, 'alias/billing'), undefined);
    assert.equal(await repo.getAlias(accountA, regionB, 'alias/billing'), undefined);
  });

  it('createAlias with a taken name throws AliasExistsError and leaves the first alias as it was', async ({ repo }) => {
    const first = makeAlias('alias/billing', keyOne);
    await repo.createAlias(first);
    await rejectsWith(repo.createAlias(makeAlias('alias/billing', keyTwo, { creationDateMs: t0Ms + 9 })),
      AliasExistsError, `alias alias/billing already exists in ${accountA}/${regionA}`);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/billing'), first);
    assert.deepEqual(await repo.listAliases(accountA, regionA, { limit: 10 }), [first]);
  });

  it('the same alias name may exist in another region and in another account', async ({ repo }) => {
    const here = makeAlias('alias/billing', keyOne);
    const otherRegion = makeAlias('alias/billing', keyTwo, { region: regionB });
    const otherAccount = makeAlias('alias/billing', orderedKeyId(3), { accountId: accountB });
    await createAliases(repo, [here, otherRegion, otherAccount]);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/billing'), here);
    assert.deepEqual(await repo.getAlias(accountA, regionB, 'alias/billing'), otherRegion);
    assert.deepEqual(await repo.getAlias(accountB, regionA, 'alias/billing'), otherAccount);
  });

  it('updateAlias re-points an alias, sets its last-updated date, keeps its creation date, returns true', async ({ repo }) => {
    const alias = makeAlias('alias/billing', keyOne);
    await repo.createAlias(alias);
    const updated = await repo.updateAlias({
      ...alias, targetKeyId: keyTwo, creationDateMs: t0Ms + 99, lastUpdatedDateMs: t0Ms + 100,
    });
    assert.equal(updated, true);
    assert.deepEqual(await repo.getAlias(accountA, regionA, 'alias/billing'),
      { ...alias, targetKeyId: keyTwo, lastUpdatedDateMs: t0Ms + 100 });
  });

  it('updateAlias of a missing alias returns false and creates nothing', async ({ repo }) => {
    await repo.createAlias(makeAlias('alias/billing', keyOne));
    assert.equal(await repo.updateAlias(makeAlias('alias/missing', keyTwo)), false);
    assert.equal(await repo.updateAlias(makeAlias('alias/billing', keyTwo, { region: regionB })), false);
    assert.equal(await repo.getAlias(accountA, regionA, 'alias/missing'), undefined);
    assert.equal(await repo.getAlias(accountA, regionB, 'alias/billing'), undefined);
    assert.equal((await repo.getAlias(accountA, regionA, 'alias/billing'))?.targetKeyId, keyOne);
  });

  it('deleteAlias returns true once, then false; only that scope\'s alias goes', async ({ repo }) => {
    await createAliases(repo, [makeAlias('alias/billing', keyOne), makeAlias('alias/billing', keyOne, { region: regionB })]);
    assert.equal(await repo.deleteAlias(accountA, regionA, 'alias/billing'), true);
    assert.equal(await repo.deleteAlias(accountA, regionA, 'alias/billing'), false);
    assert.equal(await repo.getAlias(accountA, regionA, 'alias/billing'), undefined);
    assert.ok(await repo.getAlias(accountA, regionB, 'alias/billing'));
    assert.equal(await repo.deleteAlias(accountB, regionA, 'alias/never'), false);
  });

  it('a deleted alias name can be created again', async ({ repo }) => {
    await repo.createAlias(makeAlias('alias/billing', keyOne));
    await repo.deleteAlias(accountA, regionA, 'alias/billing');
    await repo.createAlias(makeAlias('alias/billing', keyTwo));
    assert.equal((await repo.getAlias(accountA, regionA, 'alias/billing'))?.targetKeyId, keyTwo);
  });

  it('listAliases returns only the scope\'s aliases, ordered by name, paged with an exclusive cursor', async ({ repo }) => {
    const names = ['alias/A', 'alias/a', 'alias/a/b', 'alias/a-b', 'alias/b', 'alias/z_z'].sort(byUtf8);
    await createAliases(repo, [...names].reverse().map((name) => makeAlias(name, keyOne)));
    await createAliases(repo, [makeAlias('alias/0', keyOne, { accountId: accountB }),
      makeAlias('alias/1', keyOne, { region: regionB })]);
    for (const limit of [1, 2, 4, 6, 100]) {
      const pages = await collectPages((after) => repo.listAliases(accountA, regionA, { limit, after }), (a) => a.aliasName);
      assert.deepEqual(pages.flat().map((a) => a.aliasName), names, `limit ${limit}`);
      assert.equal(pages.length, Math.ceil(names.length / limit));
    }
    assert.deepEqual(await repo.listAliases(accountA, regionA, { limit: 1 }), [makeAlias(names[0] ?? '', keyOne)]);
    assert.deepEqual(await repo.listAliases(accountA, regionA, { limit: 0 }), []);
    assert.deepEqual(await repo.listAliases(accountB, regionB, { limit: 10 }), []);
  });

  it('listAliases with targetKeyId lists only that key\'s aliases, ordered and paged', async ({ repo }) => {
    await createAliases(repo, [
      makeAlias('alias/d', keyOne), makeAlias('alias/c', keyTwo), makeAlias('alias/b', keyOne),
      makeAlias('alias/a', keyTwo), makeAlias('alias/e', keyOne), makeAlias('alias/f', keyOne, { region: regionB }),
    ]);
    const pages = await collectPages(
      (after) => repo.listAliases(accountA, regionA, { limit: 2, after, targetKeyId: keyOne }), (a) => a.aliasName);
    assert.deepEqual(pages.map((p) => p.map((a) => a.aliasName)), [['alias/b', 'alias/d'], ['alias/e']]);
    const afterC = await repo.listAliases(accountA, regionA, { limit: 10, after: 'alias/c', targetKeyId: keyOne });
    assert.deepEqual(afterC.map((a) => a.aliasName), ['alias/d', 'alias/e']);
    assert.deepEqual(await repo.listAliases(accountA, regionA, { limit: 10, targetKeyId: orderedKeyId(9) }), []);
  });
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
