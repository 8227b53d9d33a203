/**
 * Conformance, part 4: grants (createGrant with Name idempotency, getGrant, listGrants with its
 * filters, listRetirableGrants, deleteGrant, and deleteKey taking a key's grants with it).
 * Registered by runRepositoryConformance in conformance.ts; not a test file on its own.
 */
import assert from 'node:assert/strict';
import type { RepoTest } from './conformance-helpers.js';
import { collectPages } from './conformance-helpers.js';
import { accountA, accountB, context, makeGrant, makeKey, makeMaterial, orderedGrantId, orderedKeyId, regionA, regionB } from './records.js';

const keyOne = orderedKeyId(1);
const keyTwo = orderedKeyId(2);

/** Registers the grant tests. */
export function grantConformance(it: RepoTest): void {
  it('createGrant stores a grant and getGrant returns it field for field, a __proto__ context key included', async ({ repo }) => {
    const grant = makeGrant(keyOne);
    assert.deepEqual(await repo.createGrant(grant), grant);
    const got = await repo.getGrant(grant.grantId);
    assert.deepEqual(got, grant);
    assert.equal(Object.getPrototypeOf(got?.constraints?.encryptionContextSubset), null);
    assert.equal(got?.constraints?.encryptionContextSubset?.['__proto__'], 'kept as data');
  });

  it('a grant without the optional fields comes back without them', async ({ repo }) => {
    const { name: _n, retiringPrincipal: _r, constraints: _c, ...bare } = makeGrant(keyOne);
    await repo.createGrant(bare);
    assert.deepEqual(await repo.getGrant(bare.grantId), bare);
    const equalsOnly = makeGrant(keyOne, { grantId: orderedGrantId(2), constraints: { encryptionContextEquals: context({}) } });
    await repo.createGrant(equalsOnly);
    assert.deepEqual(await repo.getGrant(equalsOnly.grantId), equalsOnly);
  });

  it('getGrant of an unknown id returns undefined', async ({ repo }) => {
    assert.equal(await repo.getGrant(orderedGrantId(9)), undefined);
  });

  it('createGrant with the idempotency key of a grant of the same key stores nothing and returns the first grant', async ({ repo }) => {
    const first = makeGrant(keyOne, { idempotencyKey: 'same request' });
    await repo.createGrant(first);
    const retry = makeGrant(keyOne, { grantId: orderedGrantId(2), idempotencyKey: 'same request', creationDateMs: first.creationDateMs + 5 });
    assert.deepEqual(await repo.createGrant(retry), first);
    assert.deepEqual(await repo.listGrants(keyOne, { limit: 10 }), [first]);
    const otherKey = makeGrant(keyTwo, { grantId: orderedGrantId(3), idempotencyKey: 'same request' });
    assert.deepEqual(await repo.createGrant(otherKey), otherKey, 'the same idempotency key on another key is another grant');
    const otherParameters = makeGrant(keyOne, { grantId: orderedGrantId(4), idempotencyKey: 'other request' });
    assert.deepEqual(await repo.createGrant(otherParameters), otherParameters);
    assert.equal((await repo.listGrants(keyOne, { limit: 10 })).length, 2);
  });

  it('grants without an idempotency key never collide', async ({ repo }) => {
    for (let n = 1; n <= 3; n++) await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(n) }));
    assert.equal((await repo.listGrants(keyOne, { limit: 10 })).length, 3);
  });

  it('listGrants pages one key\'s grants by grant id and filters by grant id and by grantee', async ({ repo }) => {
    const bob = `arn:aws:iam::${accountB}:user/bob`;
    const carol = `arn:aws:iam::${accountA}:role/carol`;
    for (const n of [5, 1, 4, 2, 3]) {
      await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(n), granteePrincipal: n % 2 === 0 ? carol : bob }));
    }
    await repo.createGrant(makeGrant(keyTwo, { grantId: orderedGrantId(6) }));
    const pages = await collectPages((after) => repo.listGrants(keyOne, { limit: 2, ...(after ? { after } : {}) }), (g) => g.grantId);
    assert.deepEqual(pages.map((p) => p.map((g) => g.grantId)), [
      [orderedGrantId(1), orderedGrantId(2)], [orderedGrantId(3), orderedGrantId(4)], [orderedGrantId(5)],
    ]);
    assert.deepEqual((await repo.listGrants(keyOne, { limit: 10, granteePrincipal: carol })).map((g) => g.grantId), [orderedGrantId(2), orderedGrantId(4)]);
    assert.deepEqual((await repo.listGrants(keyOne, { limit: 10, grantId: orderedGrantId(3) })).map((g) => g.grantId), [orderedGrantId(3)]);
    assert.deepEqual(await repo.listGrants(keyOne, { limit: 10, grantId: orderedGrantId(6) }), [], 'a grant of another key');
    assert.deepEqual(await repo.listGrants(keyOne, { limit: 10, grantId: orderedGrantId(3), granteePrincipal: carol }), []);
  });

  it('listRetirableGrants finds the grants of one scope with that retiring principal, paged', async ({ repo }) => {
    const retirer = `arn:aws:iam::${accountB}:role/retirer`;
    await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(3), retiringPrincipal: retirer }));
    await repo.createGrant(makeGrant(keyTwo, { grantId: orderedGrantId(1), retiringPrincipal: retirer }));
    await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(2) }));
    await repo.createGrant(makeGrant(orderedKeyId(3), { grantId: orderedGrantId(4), retiringPrincipal: retirer, region: regionB }));
    const { retiringPrincipal: _r, ...noRetirer } = makeGrant(keyOne, { grantId: orderedGrantId(5) });
    await repo.createGrant(noRetirer);
    const pages = await collectPages((after) => repo.listRetirableGrants(accountA, regionA, retirer, { limit: 1, ...(after ? { after } : {}) }), (g) => g.grantId);
    assert.deepEqual(pages.map((p) => p.map((g) => g.grantId)), [[orderedGrantId(1)], [orderedGrantId(3)]]);
    assert.deepEqual((await repo.listRetirableGrants(accountA, regionB, retirer, { limit: 10 })).map((g) => g.grantId), [orderedGrantId(4)]);
    assert.deepEqual(await repo.listRetirableGrants(accountB, regionA, retirer, { limit: 10 }), []);
  });

  it('deleteGrant deletes only the named grant of the named key', async ({ repo }) => {
    await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(1) }));
    await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(2) }));
    assert.equal(await repo.deleteGrant(keyTwo, orderedGrantId(1)), false, 'the grant is not of that key');
    assert.equal(await repo.deleteGrant(keyOne, orderedGrantId(1)), true);
    assert.equal(await repo.deleteGrant(keyOne, orderedGrantId(1)), false, 'already gone');
    assert.equal(await repo.getGrant(orderedGrantId(1)), undefined);
    assert.deepEqual((await repo.listGrants(keyOne, { limit: 10 })).map((g) => g.grantId), [orderedGrantId(2)]);
  });

  it('deleteKey deletes the key\'s grants and leaves other keys\' grants', async ({ repo }) => {
    const key = makeKey({ keyId: keyOne });
    await repo.createKey(key, makeMaterial(keyOne));
    await repo.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(1) }));
    await repo.createGrant(makeGrant(keyTwo, { grantId: orderedGrantId(2) }));
    assert.equal(await repo.deleteKey(key), true);
    assert.equal(await repo.getGrant(orderedGrantId(1)), undefined);
    assert.ok(await repo.getGrant(orderedGrantId(2)));
  });

  it('dataVersion grows after createGrant and deleteGrant', async ({ repo }) => {
    const before = await repo.dataVersion();
    await repo.createGrant(makeGrant(keyOne));
    const created = await repo.dataVersion();
    assert.ok(created > before);
    await repo.deleteGrant(keyOne, makeGrant(keyOne).grantId);
    assert.ok(await repo.dataVersion() > created);
  });

  it('mutating a grant after storing it, or one read back, does not change what is stored', async ({ repo }) => {
    const grant = makeGrant(keyOne);
    const stored = structuredClone(grant);
    await repo.createGrant(grant);
    (grant.operations as string[]).push('Sign');
    (grant.constraints!.encryptionContextSubset as Record<string, string>)['team'] = 'changed';
    const got = await repo.getGrant(grant.grantId);
    (got!.operations as string[]).push('Verify');
    assert.deepEqual((await repo.getGrant(grant.grantId))?.operations, stored.operations);
    assert.equal((await repo.getGrant(grant.grantId))?.constraints?.encryptionContextSubset?.['team'], 'billing');
  });

  it('grants survive a reopen', async (opened, t) => {
    if (opened.reopen === undefined) {
      t.skip('this backend does not persist');
      return;
    }
    const grant = makeGrant(keyOne, { idempotencyKey: 'named' });
    await opened.repo.createGrant(grant);
    const again = await opened.reopen();
    assert.deepEqual(await again.getGrant(grant.grantId), grant);
    assert.deepEqual(await again.createGrant(makeGrant(keyOne, { grantId: orderedGrantId(7), idempotencyKey: 'named' })), grant);
  });
}
